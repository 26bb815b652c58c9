"""Item analysis of shuffled forms: results follow the template part asked, not the column.

Three forms of the shipped banks with `shuffle=True`, so one column (q1 …) holds different
templates on different forms. Each student answers by what was asked: the item's place in a fixed
plan decides the answer, whatever column the form gave it, so every item's figures are known.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import test_grading_support as support

from generator.bank.generate import GenerateRequest, generate
from generator.grading import grade
from generator.model import Manifest

UNREADABLE_REASON = "This answer could not be checked (?)."

# What the two students of each form type for an item, by the item's rank (template, label) mod 5.
PLAN = [
    ("key", "key"),
    ("sign", "sign"),
    ("unreadable", "empty"),
    ("key", "other"),
    ("sign", "empty"),
]
# The figures of an item answered by three forms × two students along PLAN.
EXPECTED = [
    {"correct": 6, "incorrect": 0, "invalid": 0, "unanswered": 0, "answered": 6,
     "percent_correct": 100.0, "diagnoses": [], "unreadable": []},
    {"correct": 0, "incorrect": 6, "invalid": 0, "unanswered": 0, "answered": 6,
     "percent_correct": 0.0, "diagnoses": [{"id": "sign_error", "count": 6}], "unreadable": []},
    {"correct": 0, "incorrect": 0, "invalid": 3, "unanswered": 3, "answered": 3,
     "percent_correct": 0.0, "diagnoses": [],
     "unreadable": [{"answer": "x?", "count": 3, "reason": UNREADABLE_REASON}]},
    {"correct": 3, "incorrect": 3, "invalid": 0, "unanswered": 0, "answered": 6,
     "percent_correct": 50.0, "diagnoses": [], "unreadable": []},
    {"correct": 0, "incorrect": 3, "invalid": 0, "unanswered": 3, "answered": 3,
     "percent_correct": 0.0, "diagnoses": [{"id": "sign_error", "count": 3}], "unreadable": []},
]  # fmt: skip


def _answer(kind: str, key: str) -> str:
    return {"key": key, "sign": f"-({key})", "unreadable": "x?", "empty": "", "other": "12345*q"}[
        kind
    ]


def _items(manifest: Manifest) -> list[tuple[str, str]]:
    return sorted(
        {
            (p.template, part.label)
            for form in manifest.forms
            for p in form.problems
            for part in p.parts
        }
    )


def _places(manifest: Manifest) -> dict[tuple[str, str], dict[str, str]]:
    """Per item, the column each form gave it (q<n> or q<n><label>)."""
    places: dict[tuple[str, str], dict[str, str]] = {}
    for form in manifest.forms:
        for problem in form.problems:
            for part in problem.parts:
                suffix = "" if len(problem.parts) == 1 else part.label
                column = f"q{problem.number}{suffix}"
                places.setdefault((problem.template, part.label), {})[form.form] = column
    return places


@pytest.fixture(scope="module")
def shuffled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A shuffled three-form class graded once (stand-in checker: the tests are about grouping)."""
    manifest = generate(GenerateRequest(count=4, seed=0, versions=3, shuffle=True))
    items = _items(manifest)
    places = _places(manifest)
    columns = sorted({column for place in places.values() for column in place.values()})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "form", *columns])
    keys = {
        (form.form, problem.template, part.label): part.answer
        for form in manifest.forms
        for problem in form.problems
        for part in problem.parts
    }
    for form in manifest.forms:
        for student in (0, 1):
            cells = dict.fromkeys(columns, "")
            for rank, item in enumerate(items):
                kind = PLAN[rank % len(PLAN)][student]
                cells[places[item][form.form]] = _answer(kind, keys[(form.form, *item)])
            writer.writerow([f"{form.form.lower()}{student}", form.form, *cells.values()])
    folder = tmp_path_factory.mktemp("shuffled")
    with pytest.MonkeyPatch.context() as monkeypatch:
        support.use_fake_checker(monkeypatch)
        grade(manifest, support.write(folder / "subs.csv", buffer.getvalue()), folder / "out")
    summary = json.loads((folder / "out" / "item_analysis.json").read_text("utf-8"))
    return {"manifest": manifest, "out": folder / "out", "summary": summary}


def test_some_column_mixes_templates(shuffled: dict[str, object]) -> None:
    """The premise: shuffling put different templates under one submission column."""
    manifest = shuffled["manifest"]
    assert isinstance(manifest, Manifest)
    by_column: dict[str, set[str]] = {}
    for item, place in _places(manifest).items():
        for column in place.values():
            by_column.setdefault(column, set()).add(item[0])
    assert any(len(templates) > 1 for templates in by_column.values())
    assert all(len(place) == 3 for place in _places(manifest).values())


def test_each_item_is_summarised_by_what_was_asked(shuffled: dict[str, object]) -> None:
    """Every template part gets exactly the figures its answers earn, across all its columns."""
    manifest = shuffled["manifest"]
    summary = shuffled["summary"]
    assert isinstance(manifest, Manifest) and isinstance(summary, dict)
    places = _places(manifest)
    problems = {p.template: p for form in manifest.forms for p in form.problems}
    found = {(item["template"], item["label"]): item for item in summary["parts"]}
    assert sorted(found) == _items(manifest)
    for rank, key in enumerate(_items(manifest)):
        item = found[key]
        figures = {name: item[name] for name in EXPECTED[rank % len(EXPECTED)]}
        assert figures == EXPECTED[rank % len(EXPECTED)], key
        assert item["attempts"] == 6
        assert item["forms"] == ["A", "B", "C"]
        assert item["columns"] == sorted(set(places[key].values()))
        assert (item["title"], item["topic"]) == (problems[key[0]].title, problems[key[0]].topic)


def test_topics_sum_their_items(shuffled: dict[str, object]) -> None:
    """Percent correct per topic: the correct answers of its items over their attempts."""
    manifest = shuffled["manifest"]
    summary = shuffled["summary"]
    assert isinstance(manifest, Manifest) and isinstance(summary, dict)
    topic_of = {p.template: p.topic for form in manifest.forms for p in form.problems}
    expected: dict[str, list[int]] = {}
    for rank, (template, _) in enumerate(_items(manifest)):
        figures = expected.setdefault(topic_of[template], [0, 0, 0])
        figures[0] += 1
        figures[1] += 6
        figures[2] += int(EXPECTED[rank % len(EXPECTED)]["correct"])  # type: ignore[call-overload]
    assert {
        topic["topic"]: [topic["items"], topic["attempts"], topic["correct"]]
        for topic in summary["topics"]
    } == expected
    for topic in summary["topics"]:
        assert topic["percent_correct"] == round(100 * topic["correct"] / topic["attempts"], 2)


def test_report_names_items_by_title_and_gradebook_keeps_columns(
    shuffled: dict[str, object],
) -> None:
    """The HTML shows each template's title; the gradebook still has one score per column."""
    manifest = shuffled["manifest"]
    out = shuffled["out"]
    assert isinstance(manifest, Manifest) and isinstance(out, Path)
    html = (out / "item_analysis.html").read_text("utf-8")
    for form in manifest.forms:
        for problem in form.problems:
            assert f"<code>{problem.template}</code>" in html
            assert problem.title in html
    header = (out / "gradebook.csv").read_text("utf-8").splitlines()[0].split(",")
    columns = {column for place in _places(manifest).values() for column in place.values()}
    assert set(header[2:-2]) == columns


def test_real_checker_reads_each_form_key_under_its_own_column(tmp_path: Path) -> None:
    """With the real checker, a class typing its own form's keys gets every item fully right."""
    manifest = generate(GenerateRequest(count=4, seed=0, versions=3, shuffle=True))
    places = _places(manifest)
    columns = sorted({column for place in places.values() for column in place.values()})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "form", *columns])
    for form in manifest.forms:
        cells = dict.fromkeys(columns, "")
        for problem in form.problems:
            for part in problem.parts:
                cells[places[(problem.template, part.label)][form.form]] = part.answer
        writer.writerow([form.form.lower(), form.form, *cells.values()])
    grade(manifest, support.write(tmp_path / "subs.csv", buffer.getvalue()), tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "item_analysis.json").read_text("utf-8"))
    assert {(i["template"], i["label"]): i["correct"] for i in summary["parts"]} == dict.fromkeys(
        _items(manifest), 3
    )
    assert {topic["percent_points"] for topic in summary["topics"]} == {100.0}
