"""Seeds derived from the teacher's base seed, so a class set can be regenerated exactly.

`derive_seed(base, *labels)` is the first 8 bytes of sha256 of the text "base/label1/label2/…",
read as a big-endian integer, modulo 2**31 (small enough to print on a worksheet):

- the template choice of a set:  derive_seed(base, "selection")
- form A, B, …:                  derive_seed(base, "form", "A")
- a student's own form:          derive_seed(base, "student", student_id)
- problem n of a form:           derive_seed(form_seed, "problem", n)
- when problem n repeats an earlier one of the form, it is redrawn with
  derive_seed(problem_seed, "redraw", k) for k = 1, 2, …, and the seed used is recorded.

`instantiate(template, seed)` then draws parameters from `random.Random(seed)`; a degenerate draw
is redrawn from the same generator, so the recorded seed alone reproduces the instance.
"""

from __future__ import annotations

import hashlib

SEED_MODULUS = 2**31


def derive_seed(base: int, *labels: str | int) -> int:
    """A seed for one labelled piece of a set, independent of every other piece."""
    text = "/".join(str(part) for part in (base, *labels))
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % SEED_MODULUS
