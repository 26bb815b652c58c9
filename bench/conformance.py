"""Agreement with STACK's answer-test fixtures (../shared/conformance; third-party, not copied).

Each row has a student answer, a teacher answer and STACK's verdict. derivquiz checks the student's
text against the teacher's (`correct` means equivalent); a row agrees when that matches `expected`.
The disagreements are listed by reason: the row's flags (conventions such as `domain_sensitive`,
`float`, `stack_verdict_not_pointwise`), or ours (`invalid`: text we do not read; `undecided`).

    python bench/conformance.py            # summary and every disagreement
    python bench/conformance.py --quiet    # summary only

Reference figure (the data's README): naive sympy agrees with 95 of the 115 AlgEquiv expr rows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checking import check, names_in  # noqa: E402
from generator.errors import DerivquizError  # noqa: E402

DATA = ROOT.parent / "shared" / "conformance" / "stack_answertests.jsonl"
NAIVE_REFERENCE = (95, 115)
KINDS = {"expr": "expression", "set": "set", "equation": "equation"}


@dataclass(frozen=True)
class Result:
    row: dict[str, object]
    status: str
    code: str | None
    seconds: float

    @property
    def agrees(self) -> bool:
        return (self.status == "correct") == self.row["expected"]

    @property
    def reason(self) -> str:
        if self.status == "invalid":
            return f"ours: {self.code}"
        flags = [str(flag) for flag in self.row["flags"]]  # type: ignore[attr-defined]
        return "flags: " + ", ".join(flags) if flags else "no flag: equivalence"


def rows(path: Path = DATA) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["test"] in ("AlgEquiv", "Diff"):
                yield row


def run(row: dict[str, object]) -> Result:
    student, teacher = str(row["student"]), str(row["teacher"])
    variables = sorted(set(names_in(student)) | set(names_in(teacher)))
    started = time.perf_counter()
    try:
        verdict = check(teacher, student, variables=variables, kind=KINDS[str(row["category"])])
        status = verdict.status
        code = None if verdict.error is None else verdict.error.code
    except DerivquizError as error:
        status, code = "invalid", f"teacher answer: {error}"
    return Result(row, status, code, time.perf_counter() - started)


def agreement(results: list[Result], test: str, category: str) -> tuple[int, int]:
    chosen = [r for r in results if r.row["test"] == test and r.row["category"] == category]
    return sum(r.agrees for r in chosen), len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="summary only")
    options = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"no conformance data at {DATA}")
    results = [run(row) for row in rows()]
    for test, category in [
        ("AlgEquiv", "expr"),
        ("Diff", "expr"),
        ("AlgEquiv", "set"),
        ("AlgEquiv", "equation"),
    ]:
        agreed, total = agreement(results, test, category)
        print(f"{test:8} {category:8}: {agreed:3d}/{total:3d} ({100 * agreed / total:5.1f}%)")
    expr = [r for r in results if r.row["category"] == "expr"]
    agreed = sum(r.agrees for r in expr)
    naive, naive_total = NAIVE_REFERENCE
    print(
        f"AlgEquiv+Diff expr: {agreed}/{len(expr)}; naive sympy reference on AlgEquiv expr: "
        f"{naive}/{naive_total} ({100 * naive / naive_total:.1f}%)"
    )
    slowest = max(results, key=lambda r: r.seconds)
    print(f"slowest row: {1000 * slowest.seconds:.0f} ms ({slowest.row['id']})")
    by_reason: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if not result.agrees:
            by_reason[result.reason].append(result)
    print("disagreements by reason:", dict(Counter({k: len(v) for k, v in by_reason.items()})))
    if options.quiet:
        return
    for reason, items in sorted(by_reason.items()):
        print(f"\n{reason}")
        for r in items:
            print(
                f"  {r.row['id']}: {r.row['student']!s:.50} vs {r.row['teacher']!s:.50}"
                f"  expected {r.row['expected']}, ours {r.status}"
            )


if __name__ == "__main__":
    main()
