"""End to end with the real checker: answers in the notations students type, read and judged.

These runs use `generator.checking` itself (no stand-in), on the small two-form manifest of the
support module whose keys are true derivatives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_grading_support as support

from generator.grading import grade

CASES = [
    # (q1 answer of form A, key 3*x**2; expected outcome, diagnosis)
    pytest.param("3x^2", "correct", None, id="implicit-and-caret"),
    pytest.param("3*x**2", "correct", None, id="python-notation"),
    pytest.param("3·x²", "correct", None, id="unicode"),
    pytest.param("3x^3", "incorrect", "power_no_decrement", id="power-no-decrement"),
    pytest.param("x^2", "incorrect", "power_no_coefficient", id="power-no-coefficient"),
    pytest.param("-3x^2", "incorrect", "sign_error", id="sign-error"),
    pytest.param("x^3", "incorrect", "wrong_order", id="function-itself"),
    pytest.param("__import__('os')", "invalid", None, id="program-code"),
    pytest.param("2x+", "invalid", None, id="unfinished"),
    pytest.param("", "unanswered", None, id="empty"),
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One class: a student per case, on form A (few distinct answers: checked in-process)."""
    folder = tmp_path_factory.mktemp("real")
    lines = ["student,form,q1,q2a"]
    for index, case in enumerate(CASES):
        answer = str(case.values[0]).replace('"', '""')
        lines.append(f's{index},A,"{answer}",cos x')
    path = support.write(folder / "subs.csv", "\n".join(lines) + "\n")
    report = grade(support.manifest(), path, folder / "out", jobs=2)
    summary = json.loads((folder / "out" / "item_analysis.json").read_text("utf-8"))
    return {"out": folder / "out", "report": report, "summary": summary}


@pytest.mark.parametrize(("answer", "outcome", "diagnosis"), CASES)
def test_each_answer_is_judged_and_explained(
    graded: dict[str, object], answer: str, outcome: str, diagnosis: str | None
) -> None:
    """The gradebook and the student's page agree with the checker's verdict."""
    out = graded["out"]
    assert isinstance(out, Path)
    index = [case.values[0] for case in CASES].index(answer)
    row = (out / "gradebook.csv").read_text("utf-8").splitlines()[index + 1].split(",")
    assert row[2] == ("1" if outcome == "correct" else "0")
    page = (out / "feedback" / f"s{index}.html").read_text("utf-8")
    words = {
        "correct": "Correct.",
        "incorrect": "Incorrect.",
        "invalid": "Could not be read.",
        "unanswered": "No answer.",
    }
    assert words[outcome] in page
    if outcome in ("correct", "incorrect"):
        assert "We read your answer as <math" in page


def test_item_analysis_counts_the_real_diagnoses(graded: dict[str, object]) -> None:
    """Each misconception typed once is counted once under q1; q2a was right for everyone."""
    summary = graded["summary"]
    assert isinstance(summary, dict)
    q1, q2a = summary["parts"][:2]
    expected = sorted(str(case.values[2]) for case in CASES if case.values[2])
    assert sorted(item["id"] for item in q1["diagnoses"]) == expected
    assert all(item["count"] == 1 for item in q1["diagnoses"])
    assert (q1["correct"], q1["invalid"], q1["unanswered"]) == (3, 2, 1)
    assert q2a["percent_correct"] == 100.0


def test_unreadable_answers_are_listed_with_the_checkers_reason(
    graded: dict[str, object],
) -> None:
    """problems.csv says which cells could not be read and why, in the checker's words."""
    out = graded["out"]
    assert isinstance(out, Path)
    problems = (out / "problems.csv").read_text("utf-8")
    assert "unreadable_answer" in problems
    assert "looks like program code" in problems


def test_worker_processes_give_the_real_verdicts(tmp_path: Path) -> None:
    """Thirty distinct answers over two workers: only the key scores, each row once."""
    rows = "".join(f"s{k},A,{k}x^2,\n" for k in range(1, 31))
    path = support.write(tmp_path / "subs.csv", "student,form,q1,q2a\n" + rows)
    report = grade(support.manifest(), path, tmp_path / "out", jobs=2)
    assert (report.rows, report.checked) == (30, 30)
    totals = [
        line.split(",")[-2]
        for line in (tmp_path / "out" / "gradebook.csv").read_text("utf-8").splitlines()[1:]
    ]
    assert totals == ["1" if k == 3 else "0" for k in range(1, 31)]


def test_every_shipped_key_grades_correct_and_key_plus_one_does_not(tmp_path: Path) -> None:
    """A class set of the shipped banks (all topics, two forms), read back from its manifest file:
    each form's key earns full marks; key + 1 (six expression parts of form A) earns nothing."""
    from generator.bank import GenerateRequest, generate, write_manifest
    from generator.grading.layout import all_columns, layouts

    manifest = generate(GenerateRequest(count=30, seed=7, versions=2))
    forms = layouts(manifest)
    columns = all_columns(forms)
    lines = [["student", "form", *columns]]
    for layout in forms:
        keys = {slot.column: slot.part.answer for slot in layout.slots}
        name = layout.form.form
        lines.append([f"key{name}", name, *[keys.get(c, "") for c in columns]])
    expressions = [slot for slot in forms[0].slots if slot.part.kind == "expression"][:6]
    off = {slot.column: f"({slot.part.answer}) + 1" for slot in expressions}
    lines.append(["offA", "A", *[off.get(c, "") for c in columns]])
    text = "\n".join(",".join(f'"{cell}"' for cell in line) for line in lines) + "\n"
    path = support.write(tmp_path / "subs.csv", text)
    report = grade(write_manifest(manifest, tmp_path / "m.json"), path, tmp_path / "out")
    gradebook = (tmp_path / "out" / "gradebook.csv").read_text("utf-8").splitlines()[1:]
    assert [line.rsplit(",", 1)[1] for line in gradebook] == ["100", "100", "0"]
    assert report.issues == 0


def test_feedback_in_chinese_carries_the_checkers_chinese(tmp_path: Path) -> None:
    """With lang=zh the checker's diagnosis feedback and the page around it are both Chinese."""
    path = support.write(tmp_path / "subs.csv", "student,form,q1\nann,A,3x^3\n")
    grade(support.manifest(), path, tmp_path / "out", lang="zh")
    page = (tmp_path / "out" / "feedback" / "ann.html").read_text("utf-8")
    assert "错误。" in page
    assert "幂法则" in page
    assert "我们将你的答案理解为 <math" in page


HOSTILE = [
    "x" * 200_000,
    "(" * 5000 + "x" + ")" * 5000,
    "9^9^9^9^9^9",
    "__import__('os').system('rm -rf /')",
    "lambda: 0",
    '=HYPERLINK("http://evil")',
    "<img src=x onerror=alert(1)>",
    "diff(x**3, x)",
    "\u202e3x^2",
    "x" + "\u0301" * 500,
]


def test_hostile_cells_are_invalid_for_that_cell_only(tmp_path: Path) -> None:
    """Each hostile cell is graded invalid (or wrong), never correct, and its row's other cell
    still earns its point; nothing is dropped and the run goes on."""
    rows = "".join(f's{i},A,"{text.replace(chr(34), chr(34) * 2)}",cos x\n'
                   for i, text in enumerate(HOSTILE))  # fmt: skip
    path = support.write(tmp_path / "subs.csv", "student,form,q1,q2a\n" + rows)
    report = grade(support.manifest(), path, tmp_path / "out", jobs=1)
    assert report.rows == len(HOSTILE)
    lines = (tmp_path / "out" / "gradebook.csv").read_text("utf-8").splitlines()[1:]
    assert [line.split(",")[2:4] for line in lines] == [["0", "1"]] * len(HOSTILE)
