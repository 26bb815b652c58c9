"""The CSV files of a grading run, and writing every output atomically.

All files are rendered in memory first, then written to temporary files beside their targets, and
only then renamed over them, so a run that fails leaves the previous outputs whole.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.grading.records import Issue, RowGrade
from generator.grading.templating import format_number

GRADEBOOK = "gradebook.csv"
CANVAS = "canvas.csv"
MOODLE = "moodle.csv"
PROBLEMS = "problems.csv"


def gradebook_csv(rows: Sequence[RowGrade], columns: Sequence[str]) -> bytes:
    """One line per input row, in input order; rows that could not be graded have no scores."""
    lines: list[list[str]] = [["student", "form", *columns, "total", "percent"]]
    for row in rows:
        submission = row.assignment.submission
        if not row.graded:
            lines.append([submission.student, submission.form, *[""] * (len(columns) + 2)])
            continue
        earned = {cell.slot.column: format_number(cell.earned) for cell in row.cells}
        lines.append(
            [
                submission.student,
                row.assignment.layout.form.form if row.assignment.layout else "",
                *[earned.get(column, "") for column in columns],
                format_number(row.total),
                format_number(row.percent),
            ]
        )
    return _csv(lines)


def canvas_csv(rows: Sequence[RowGrade], names: Mapping[str, str], assignment: str) -> bytes:
    """Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, <assignment>.

    The second line is Canvas's "Points Possible" row. Students are matched by SIS User ID.
    """
    counted = _counted(rows)
    possible = max((row.possible for row in counted), default=0.0)
    lines = [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
        ["Points Possible", "", "", "", "", format_number(possible)],
    ]
    for row in counted:
        student = row.assignment.submission.student
        lines.append([names.get(student, student), "", student, "", "", format_number(row.total)])
    return _csv(lines)


def moodle_csv(rows: Sequence[RowGrade], names: Mapping[str, str], assignment: str) -> bytes:
    """Moodle grade import: ID number, Full name, <assignment> (points); map ID number to users."""
    lines = [["ID number", "Full name", assignment]]
    for row in _counted(rows):
        student = row.assignment.submission.student
        lines.append([student, names.get(student, student), format_number(row.total)])
    return _csv(lines)


def problems_csv(issues: Sequence[Issue], lang: str) -> bytes:
    """Every row or cell not graded as given: where (line, student, column), what, and why."""
    lines = [["line", "student", "column", "problem", "reason"]]
    for issue in issues:
        line = "" if issue.line is None else str(issue.line)
        lines.append([line, issue.student, issue.column, issue.code, issue.reason.render(lang)])
    return _csv(lines)


def write_files(outdir: Path, files: Mapping[str, bytes]) -> tuple[Path, ...]:
    """Every file written under a temporary name first; only when all are written are they
    renamed over their targets, so a failure leaves the previous set of outputs as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in sorted(files.items()):
            target = outdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_write_temporary(target, content), target))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        temporary.replace(target)
    return tuple(target for _, target in staged)


def _write_temporary(target: Path, content: bytes) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        temporary.chmod(0o644)  # mkstemp makes it private; outputs are ordinary files
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _counted(rows: Sequence[RowGrade]) -> list[RowGrade]:
    """Rows an LMS should import: graded, the counting submission, with a student id."""
    return [
        row
        for row in rows
        if row.graded and row.assignment.counts and row.assignment.submission.student
    ]


def _csv(lines: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(_defuse(line) for line in lines)
    return buffer.getvalue().encode()


def _defuse(line: Sequence[str]) -> list[str]:
    """Cells a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe."""
    return [
        f"'{cell}"
        if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _is_number(cell))
        else cell
        for cell in line
    ]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
