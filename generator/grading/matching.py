"""Pairing each submission row with the form it answers, and listing what cannot be graded as given.

A row names its form, or is found by student in a roster manifest, or takes the only form there is.
Every row is kept: a row without a form is reported and left ungraded, never dropped. When a student
submits twice, the last row that can be graded counts (a resubmission replaces the earlier one);
both stay listed.
"""

from __future__ import annotations

from generator.grading.layout import all_columns
from generator.grading.records import Assignment, FormLayout, Issue, Submission, SubmissionTable
from generator.grading.submissions import FORM, STUDENT
from generator.i18n import N_, Message


def assign(
    table: SubmissionTable, forms: tuple[FormLayout, ...]
) -> tuple[tuple[Assignment, ...], tuple[Issue, ...]]:
    """Each row with its form (or None) and whether it counts; issues of columns and rows."""
    by_name = {layout.form.form: layout for layout in forms}
    roster = {layout.form.student: layout for layout in forms if layout.form.student is not None}
    parts = set(all_columns(forms))
    issues = list(_column_issues(table, forms))
    found = [_form_of(row, by_name, roster, len(forms)) for row in table.rows]
    counting = _counting_rows(table.rows, [layout for layout, _ in found])
    assignments = []
    for row, (layout, row_issues) in zip(table.rows, found, strict=True):
        issues.extend(row_issues)
        counts = not row.student or counting[row.student] == row.line
        if not counts:
            issues.append(
                _issue(
                    "duplicate_student",
                    N_("Student {student} has several rows; line {counting} counts."),
                    row,
                    counting=counting[row.student],
                )
            )
        if layout is not None:
            issues.extend(_stray_answers(row, layout, parts))
        assignments.append(Assignment(row, layout, counts))
    return tuple(assignments), tuple(issues)


def _counting_rows(
    rows: tuple[Submission, ...], layouts: list[FormLayout | None]
) -> dict[str, int]:
    """Per student, the line that counts: the last one that can be graded, else the last one."""
    counting: dict[str, int] = {}
    graded: dict[str, int] = {}
    for row, layout in zip(rows, layouts, strict=True):
        if row.student:
            counting[row.student] = row.line
            if layout is not None:
                graded[row.student] = row.line
    return counting | graded


def _form_of(
    row: Submission,
    by_name: dict[str, FormLayout],
    roster: dict[str, FormLayout],
    form_count: int,
) -> tuple[FormLayout | None, list[Issue]]:
    issues = []
    if not row.student:
        issues.append(_issue("missing_student", N_("This row has no student id."), row))
    elif roster and row.student not in roster:
        issues.append(_issue("unknown_student", N_("Student {student} is not on the roster."), row))
    if row.form:
        folded = {name.casefold(): layout for name, layout in by_name.items()}
        layout = by_name.get(row.form) or folded.get(row.form.casefold())
        if layout is None:
            known = ", ".join(sorted(by_name))
            issues.append(
                _issue(
                    "unknown_form",
                    N_("Form {form} is not in the manifest (its forms: {forms}); not graded."),
                    row,
                    form=row.form,
                    forms=known,
                )
            )
        return layout, issues
    if row.student in roster:
        return roster[row.student], issues
    if form_count == 1:
        return next(iter(by_name.values())), issues
    issues.append(
        _issue(
            "unknown_form",
            N_("This row names no form and the manifest has several; not graded."),
            row,
        )
    )
    return None, issues


def _column_issues(table: SubmissionTable, forms: tuple[FormLayout, ...]) -> list[Issue]:
    expected = all_columns(forms)
    present = {column.name for column in table.columns}
    issues = [
        Issue(
            "missing_column",
            Message(
                N_("Column {column} is missing; its answers count as unanswered."),
                {"column": column},
            ),
            column=column,
        )
        for column in expected
        if column not in present
    ]
    known = {STUDENT, FORM, *expected}
    issues.extend(
        Issue(
            "extra_column",
            Message(
                N_("Column {header} is not a part of any form; it is ignored."),
                {"header": column.header},
            ),
            column=column.header,
        )
        for column in table.columns
        if column.name not in known
    )
    return issues


def _stray_answers(row: Submission, layout: FormLayout, parts: set[str]) -> list[Issue]:
    """Answers in columns that this row's form does not have (another form's extra part)."""
    own = {slot.column for slot in layout.slots}
    return [
        _issue(
            "extra_answer",
            N_("Form {form} has no part {column}; this answer is ignored."),
            row,
            column=column,
            form=layout.form.form,
        )
        for column, text in row.answers.items()
        if text.strip() and column in parts and column not in own
    ]


def _issue(
    code: str, template: str, row: Submission, *, column: str = "", **params: object
) -> Issue:
    params = {"student": row.student, **params}
    if column:
        params["column"] = column
    return Issue(code, Message(template, params), row.line, row.student, column)
