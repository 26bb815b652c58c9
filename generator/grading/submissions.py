"""Reading the teacher's submissions file: CSV (comma or semicolon, any line ending, BOM or not)
or JSON Lines, with an optional map from grading's column names to the file's own headers.

Whatever is in a cell stays text here; only the checker reads it as mathematics. Faults of single
rows become issues and the row is kept; faults of the whole file are usage errors (exit 2).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.errors import UsageError
from generator.grading.records import Column, Issue, Submission, SubmissionTable
from generator.i18n import N_, Message

STUDENT = "student"
FORM = "form"
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
_DELIMITERS = ",;\t"
# A hostile cell may be long; the checker refuses it, but reading must not stop at csv's 128 KiB.
_FIELD_LIMIT = 16 * 1024 * 1024


def read_submissions(
    path: Path | str, column_map: Mapping[str, str] | None = None
) -> SubmissionTable:
    """The rows of a CSV or JSON Lines submissions file, with columns renamed by `column_map`.

    `column_map` maps a grading name (`student`, `form`, `q1` …) to the file's header for it.
    """
    path = Path(path)
    text = _read_text(path)
    if path.suffix.lower() in _JSON_LINES_SUFFIXES or text.lstrip().startswith("{"):
        headers, records, issues = _json_lines(text, path)
    else:
        headers, records, issues = _csv_records(text, path, column_map or {})
    columns, map_issues = _columns(headers, column_map or {})
    if not any(column.name == STUDENT for column in columns):
        raise UsageError(
            N_(
                "The submissions file {path} has no student column (its columns: {headers}); "
                "name it 'student' or map one with --column student=HEADER."
            ),
            path=str(path),
            headers=", ".join(headers) or "—",
        )
    rows = []
    for line, cells in records:
        answers = {column.name: cells.get(column.header, "") for column in columns}
        student = answers.pop(STUDENT, "").strip()
        form = answers.pop(FORM, "").strip()
        rows.append(Submission(line, student, form, answers))
    return SubmissionTable(tuple(columns), tuple(rows), tuple(map_issues + issues))


def read_column_map(path: Path | str) -> dict[str, str]:
    """A column map from a YAML file of `name: header` pairs (`q1: "Question 1"`)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise UsageError(
            N_("Cannot read the column map {path}: {reason}"), path=str(path), reason=error.strerror
        ) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise UsageError(
            N_("The column map {path} is not valid YAML: {reason}"),
            path=str(path),
            reason=str(error),
        ) from error
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str | int) for key, value in data.items()
    ):
        raise UsageError(
            N_("The column map {path} must be a mapping of column names to headers."),
            path=str(path),
        )
    return {key.strip().lower(): str(value) for key, value in data.items()}


def parse_column_option(option: str) -> tuple[str, str]:
    """`q1=Question 1` → ("q1", "Question 1"), the form of the `--column` option."""
    name, sep, header = option.partition("=")
    if not sep or not name.strip() or not header.strip():
        raise UsageError(
            N_("--column takes NAME=HEADER (for example q1=\"Question 1\"), not '{option}'."),
            option=option,
        )
    return name.strip().lower(), header.strip().strip("\"'")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            N_("Cannot read the submissions file {path}: {reason}"),
            path=str(path),
            reason=error.strerror,
        ) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            N_("The submissions file {path} is not UTF-8 text (save it as CSV UTF-8)."),
            path=str(path),
        ) from error
    if "\x00" in text.split("\n", 1)[0] or text.count("\x00") * 10 > len(text):
        # A binary file (a spreadsheet, UTF-16 text); a stray NUL in one cell is that cell's fault.
        raise UsageError(N_("The submissions file {path} is not a text table."), path=str(path))
    if not text.strip():
        raise UsageError(N_("The submissions file {path} is empty."), path=str(path))
    return text


Record = tuple[int, dict[str, str]]


def _csv_records(
    text: str, path: Path, column_map: Mapping[str, str]
) -> tuple[list[str], list[Record], list[Issue]]:
    """Header and rows, by the sniffed delimiter or else the first one that finds a student."""
    sniffed = _sniff(text)
    student = _fold(column_map.get(STUDENT, STUDENT))
    first = _parse_csv(text, sniffed, path)
    for delimiter in (d for d in _DELIMITERS if d != sniffed):
        if student in {_fold(header) for header in first[0]}:
            break
        parsed = _parse_csv(text, delimiter, path)
        if student in {_fold(header) for header in parsed[0]}:
            return parsed
    return first


def _sniff(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _parse_csv(
    text: str, delimiter: str, path: Path
) -> tuple[list[str], list[Record], list[Issue]]:
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = []
        start = 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(
            N_("The submissions file {path} is not a CSV table: line {line}: {reason}"),
            path=str(path),
            line=reader.line_num,
            reason=str(error),
        ) from error
    headers = [header.strip() for header in rows[0][1]] if rows else []
    records: list[Record] = []
    issues: list[Issue] = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is not a submission
        record: dict[str, str] = {}
        for header, cell in zip(headers, cells, strict=False):
            record.setdefault(header, cell)
        if any(cell.strip() for cell in cells[len(headers) :]):
            issues.append(
                Issue(
                    "extra_cells",
                    Message(
                        N_(
                            "This row has {cells} cells but the header has {headers}; "
                            "the rest are ignored."
                        ),
                        {"cells": len(cells), "headers": len(headers)},
                    ),
                    line,
                )
            )
        records.append((line, record))
    return headers, records, issues


def _json_lines(text: str, path: Path) -> tuple[list[str], list[Record], list[Issue]]:
    headers: dict[str, None] = {}
    records: list[Record] = []
    issues: list[Issue] = []
    objects = 0
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = None
        if not isinstance(value, dict):
            issues.append(
                Issue("unreadable_row", Message(N_("This line is not a JSON object.")), line)
            )
            records.append((line, {}))
            continue
        objects += 1
        record = {str(key).strip(): _cell(cell) for key, cell in value.items()}
        headers.update(dict.fromkeys(record))
        records.append((line, record))
    if not objects:
        raise UsageError(
            N_("The submissions file {path} has no JSON objects, one per line."), path=str(path)
        )
    return list(headers), records, issues


def _cell(value: Any) -> str:
    """A JSON value as the text a student typed; structures stay JSON text (and will not parse)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _columns(
    headers: Sequence[str], column_map: Mapping[str, str]
) -> tuple[list[Column], list[Issue]]:
    """Name each header: by the map when it names it, else by the header itself, lower-cased."""
    by_header = {_fold(header): name for name, header in column_map.items()}
    columns: list[Column] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    for header in headers:
        name = by_header.get(_fold(header), _fold(header))
        if name in seen:
            issues.append(
                Issue(
                    "duplicate_column",
                    Message(
                        N_("Column {header} appears again; the first one counts."),
                        {"header": header},
                    ),
                    column=header,
                )
            )
            continue
        seen.add(name)
        columns.append(Column(name, header))
    present = {_fold(header) for header in headers}
    for name, header in column_map.items():
        if _fold(header) not in present:
            issues.append(
                Issue(
                    "missing_column",
                    Message(
                        N_(
                            "The column map names {header} for {column}, "
                            "but the file has no such column."
                        ),
                        {"header": header, "column": name},
                    ),
                    column=name,
                )
            )
    return columns, issues


def _fold(header: str) -> str:
    return header.strip().lower()
