"""`grade`: the grading pipeline in one visible sequence.

read manifest and policy → read submissions → pair rows with forms → check answers → analyse →
render every output in memory → write them all atomically.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.errors import UsageError
from generator.grading import feedback, outputs
from generator.grading.analysis import analyse
from generator.grading.engine import grade_rows
from generator.grading.layout import all_columns, layouts, load_manifest
from generator.grading.matching import assign
from generator.grading.policy import Policy, read_policy
from generator.grading.records import GradeReport, Issue, RowGrade
from generator.grading.reports import item_analysis_files
from generator.grading.submissions import read_submissions
from generator.i18n import N_, Message, normalize_language
from generator.model import Manifest

_SHOWN_ANSWER = 80


def grade(
    manifest: Manifest | Path | str,
    submissions: Path | str,
    outdir: Path | str,
    *,
    policy: Policy | Path | str | None = None,
    jobs: int | None = None,
    column_map: Mapping[str, str] | None = None,
    lang: str = "en",
    progress: bool | None = None,
) -> GradeReport:
    """Grade a class and write gradebook, LMS imports, feedback, item analysis and problems.csv.

    `progress` shows a bar on stderr; by default only when stderr is a terminal.
    """
    lang = normalize_language(lang)
    if not isinstance(manifest, Manifest):
        manifest = load_manifest(manifest)
    if not isinstance(policy, Policy):
        policy = Policy() if policy is None else read_policy(policy)
    forms = layouts(manifest)
    columns = all_columns(forms)
    _check_policy(policy, columns)
    table = read_submissions(submissions, column_map)
    outdir = _output_folder(outdir)

    assignments, matching_issues = assign(table, forms)
    show_progress = sys.stderr.isatty() if progress is None else progress
    rows, checked = grade_rows(assignments, policy, lang=lang, jobs=jobs, progress=show_progress)
    issues = sorted(
        [*table.issues, *matching_issues, *_unreadable(rows)],
        key=lambda issue: -1 if issue.line is None else issue.line,
    )
    analysis = analyse(rows, forms)

    names = {
        form.student: form.student_name
        for form in manifest.forms
        if form.student and form.student_name
    }
    assignment = manifest.title or "derivquiz"
    files = {
        outputs.GRADEBOOK: outputs.gradebook_csv(rows, columns),
        outputs.CANVAS: outputs.canvas_csv(rows, names, assignment),
        outputs.MOODLE: outputs.moodle_csv(rows, names, assignment),
        outputs.PROBLEMS: outputs.problems_csv(issues, lang),
        **item_analysis_files(analysis, issues, title=manifest.title, lang=lang),
        **feedback.feedback_files(
            rows, issues, show_key=policy.show_key, title=manifest.title, lang=lang
        ),
    }
    written = outputs.write_files(outdir, files)
    _remove_stale_pages(outdir, files)
    return GradeReport(
        outdir=outdir,
        rows=len(rows),
        graded=sum(row.graded for row in rows),
        answers=sum(cell.verdict is not None for row in rows for cell in row.cells),
        checked=checked,
        issues=len(issues),
        files=written,
    )


def _check_policy(policy: Policy, columns: Sequence[str]) -> None:
    unknown = sorted(set(policy.points) - set(columns))
    if unknown:
        raise UsageError(
            N_("The policy gives points for {columns}, which no form has (parts: {parts})."),
            columns=", ".join(unknown),
            parts=", ".join(columns),
        )


def _output_folder(outdir: Path | str) -> Path:
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            N_("Cannot create the output folder {path}: {reason}"),
            path=str(outdir),
            reason=error.strerror or str(error),
        ) from error
    return outdir


def _unreadable(rows: Sequence[RowGrade]) -> list[Issue]:
    issues = []
    for row in rows:
        submission = row.assignment.submission
        for cell in row.cells:
            if cell.verdict is not None and cell.verdict.status == "invalid":
                answer = "".join(
                    c if c.isprintable() else "\ufffd" for c in " ".join(cell.answer.split())
                )
                if len(answer) > _SHOWN_ANSWER:
                    answer = answer[: _SHOWN_ANSWER - 1] + "…"
                reason = Message(
                    N_("Answer '{answer}' could not be read: {reason}"),
                    {"answer": answer, "reason": cell.verdict.feedback},
                )
                issues.append(
                    Issue(
                        "unreadable_answer",
                        reason,
                        submission.line,
                        submission.student,
                        cell.slot.column,
                    )
                )
    return issues


def _remove_stale_pages(outdir: Path, files: Mapping[str, bytes]) -> None:
    """Feedback pages of an earlier run for rows now gone, so a re-run leaves the same folder."""
    folder = outdir / feedback.FEEDBACK_DIR
    for page in folder.glob("*"):
        name = f"{feedback.FEEDBACK_DIR}/{page.name}"
        if page.is_file() and page.suffix in (".html", ".md") and name not in files:
            page.unlink()
