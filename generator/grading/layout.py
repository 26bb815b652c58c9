"""The manifest as grading sees it: per form, which submission column holds which part.

Column names follow DESIGN.md: `q<number>` for a one-part problem, `q<number><label>` otherwise.
"""

from __future__ import annotations

from pathlib import Path

from generator.bank.manifest import read_manifest
from generator.errors import UsageError
from generator.grading.records import FormLayout, Slot
from generator.i18n import N_
from generator.model import FormSpec, Manifest, ProblemSpec


def load_manifest(path: Path | str) -> Manifest:
    """The manifest at `path` (bank's reader); a file that is not UTF-8 is a usage error too."""
    try:
        return read_manifest(path)
    except UnicodeDecodeError as error:
        raise UsageError(N_("The manifest {path} is not UTF-8 text."), path=str(path)) from error


def layouts(manifest: Manifest) -> tuple[FormLayout, ...]:
    """Every form of the manifest with its slots; a manifest without forms is unusable."""
    if not manifest.forms:
        raise UsageError(N_("The manifest has no forms to grade."))
    return tuple(FormLayout(form, _slots(form)) for form in manifest.forms)


def all_columns(forms: tuple[FormLayout, ...]) -> tuple[str, ...]:
    """The part columns of all forms, in worksheet order, each once (the gradebook's columns)."""
    seen: dict[str, None] = {}
    for layout in forms:
        for slot in layout.slots:
            seen.setdefault(slot.column, None)
    return tuple(seen)


def _slots(form: FormSpec) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    for problem in sorted(form.problems, key=lambda p: p.number):
        # Forms sharing a problem share its key, so their identical answers are checked once.
        body = problem.model_dump_json(exclude={"number", "statement_latex", "title", "figure"})
        for part in problem.parts:
            slots.append(Slot(_column(problem, part.label), problem, part, f"{body}/{part.label}"))
    return tuple(slots)


def _column(problem: ProblemSpec, label: str) -> str:
    if len(problem.parts) == 1:
        return f"q{problem.number}"
    return f"q{problem.number}{label.lower()}"
