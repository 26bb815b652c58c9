"""Per-student feedback pages, HTML and Markdown: each answer as it was read, verdict, key.

One page per submission row, named after the student (the counting row gets the plain name, an
earlier submission or a name clash gets the line number added), so a teacher can hand them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.grading.records import Issue, RowGrade
from generator.grading.templating import html_environment, markdown_environment

FEEDBACK_DIR = "feedback"
_UNSAFE = re.compile(r"[^\w.-]+")


def page_names(rows: Sequence[RowGrade]) -> dict[int, str]:
    """A file stem per row (by input line), unique, safe on any file system."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    # Rows that count choose first, so a student's current grade has the plain name.
    for row in sorted(rows, key=lambda r: (not r.assignment.counts, r.assignment.submission.line)):
        submission = row.assignment.submission
        stem = _UNSAFE.sub("_", submission.student).strip("._")[:64] or "row"
        if stem.casefold() in taken:
            stem = f"{stem}-line{submission.line}"
        taken.add(stem.casefold())
        names[submission.line] = stem
    return names


def feedback_files(
    rows: Sequence[RowGrade],
    issues: Sequence[Issue],
    *,
    show_key: bool,
    title: str,
    lang: str,
) -> dict[str, bytes]:
    """Relative path → content of every feedback page."""
    html = html_environment(lang).get_template("grading/feedback.html")
    markdown = markdown_environment(lang).get_template("grading/feedback.md")
    names = page_names(rows)
    by_line: dict[int, list[str]] = {}
    for issue in issues:
        # An unreadable answer is explained beside the answer itself.
        if issue.line is not None and issue.code != "unreadable_answer":
            by_line.setdefault(issue.line, []).append(issue.reason.render(lang))
    files: dict[str, bytes] = {}
    for row in rows:
        line = row.assignment.submission.line
        context = {
            "row": row,
            "title": title,
            "show_key": show_key,
            "notes": by_line.get(line, []),
        }
        stem = f"{FEEDBACK_DIR}/{names[line]}"
        files[f"{stem}.html"] = html.render(context).encode()
        files[f"{stem}.md"] = markdown.render(context).encode()
    return files
