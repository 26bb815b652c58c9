"""Pairing rows with forms, checking each distinct answer once, and turning verdicts into points."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_grading_support as support

from generator.grading.engine import earned, grade_rows
from generator.grading.layout import all_columns, layouts
from generator.grading.matching import assign
from generator.grading.policy import Policy
from generator.grading.records import RowGrade
from generator.grading.submissions import read_submissions
from generator.model import Manifest, Verdict


def _assign(tmp_path: Path, csv: str, manifest: Manifest | None = None):  # type: ignore[no-untyped-def]
    path = support.write(tmp_path / "subs.csv", csv)
    return assign(read_submissions(path), layouts(manifest or support.manifest()))


def test_columns_are_named_by_problem_and_part() -> None:
    """A one-part problem is q<n>; a problem with parts a, b is q<n>a, q<n>b."""
    assert all_columns(layouts(support.manifest())) == ("q1", "q2a", "q2b")


@pytest.mark.parametrize(
    ("csv", "roster", "forms", "issues"),
    [
        pytest.param(
            "student,form,q1,q2a,q2b\nann,A,,,\nbob,B,,,\n", False, ["A", "B"], [],
            id="form-named",
        ),
        pytest.param(
            "student,form,q1,q2a,q2b\nann, a ,,,\n", False, ["A"], [],
            id="form-letter-in-lower-case",
        ),
        pytest.param(
            "student,form,q1,q2a,q2b\nann,C,,,\n", False, [None],
            [("unknown_form", 2, "Form C is not in the manifest (its forms: A, B); not graded.")],
            id="unknown-form",
        ),
        pytest.param(
            "student,q1,q2a,q2b\nann,,,\n", False, [None],
            [("unknown_form", 2,
              "This row names no form and the manifest has several; not graded.")],
            id="no-form-and-several",
        ),
        pytest.param(
            "student,q1,q2a,q2b\ns2,,,\ns1,,,\n", True, ["s2", "s1"], [],
            id="roster-finds-the-form-by-student",
        ),
        pytest.param(
            "student,form,q1,q2a,q2b\nzed,s1,,,\n", True, ["s1"],
            [("unknown_student", 2, "Student zed is not on the roster.")],
            id="unknown-student-still-graded-by-form",
        ),
        pytest.param(
            "student,form,q1,q2a,q2b\n,A,1,,\n", False, ["A"],
            [("missing_student", 2, "This row has no student id.")],
            id="missing-student-still-graded",
        ),
        pytest.param(
            "student,form,q1,q2a,q2b\nann,A,1,,\nbob,A,,,\nann,B,2,,\n", False, ["A", "A", "B"],
            [("duplicate_student", 2, "Student ann has several rows; line 4 counts.")],
            id="duplicate-student-last-counts",
        ),
        pytest.param(
            "student,form,q1,q2a\nann,A,1,2\n", False, ["A"],
            [("missing_column", None, "Column q2b is missing; its answers count as unanswered.")],
            id="missing-column",
        ),
        pytest.param(
            "student,form,q1,q2a,q2b,Timestamp\nann,A,1,2,3,today\n", False, ["A"],
            [("extra_column", None, "Column Timestamp is not a part of any form; it is ignored.")],
            id="extra-column",
        ),
    ],
)  # fmt: skip
def test_rows_are_paired_with_forms_and_faults_listed(
    tmp_path: Path,
    csv: str,
    roster: bool,
    forms: list[str | None],
    issues: list[tuple[str, int | None, str]],
) -> None:
    """Every row is kept; its form is named, found by roster, or the only one; faults say why."""
    assignments, found = _assign(tmp_path, csv, support.manifest(roster=roster))
    assert [a.layout.form.form if a.layout else None for a in assignments] == forms
    assert [(i.code, i.line, i.reason.render()) for i in found] == issues


@pytest.mark.parametrize(
    ("csv", "counts"),
    [
        pytest.param("ann,A,1\nann,A,2\n", [False, True], id="the-later-row"),
        pytest.param("ann,A,1\nann,Z,2\n", [True, False], id="the-later-gradable-row"),
        pytest.param("ann,Y,1\nann,Z,2\n", [False, True], id="the-later-row-if-none-gradable"),
        pytest.param(",A,1\n,A,2\n", [True, True], id="rows-without-student-all-count"),
    ],
)
def test_one_submission_of_a_student_counts(tmp_path: Path, csv: str, counts: list[bool]) -> None:
    """Both rows of a resubmitting student stay; the last one that can be graded counts."""
    assignments, _ = _assign(tmp_path, "student,form,q1\n" + csv)
    assert [a.counts for a in assignments] == counts


def test_an_answer_in_a_part_the_form_lacks_is_reported(tmp_path: Path) -> None:
    """When forms differ in parts, an answer under another form's column is listed as ignored."""
    base = support.manifest()
    short = base.forms[1].model_copy(update={"problems": base.forms[1].problems[:1]})
    manifest = base.model_copy(update={"forms": [base.forms[0], short]})
    _, found = _assign(tmp_path, "student,form,q1,q2a,q2b\nbob,B,1,cos(x),\n", manifest)
    assert [(i.code, i.column, i.reason.render()) for i in found] == [
        ("extra_answer", "q2a", "Form B has no part q2a; this answer is ignored.")
    ]


def _grade(
    tmp_path: Path, csv: str, policy: Policy | None = None, jobs: int = 1
) -> tuple[tuple[RowGrade, ...], int]:
    assignments, _ = _assign(tmp_path, csv)
    return grade_rows(assignments, policy or Policy(), jobs=jobs)


def test_identical_answers_to_a_part_are_checked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty students typing the same two answers cost two checks per part, not sixty."""
    support.use_fake_checker(monkeypatch)
    lines = [f"s{i},A,{'3*x**2' if i % 2 else '3x'},cos(x),\n" for i in range(30)]
    rows, checked = _grade(tmp_path, "student,form,q1,q2a,q2b\n" + "".join(lines))
    assert checked == 3
    assert sorted(support.CALLS) == ["3*x**2", "3x", "cos(x)"]
    assert [row.total for row in rows[:2]] == [1.0, 2.0]


def test_surrounding_spaces_do_not_make_a_new_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """' cos(x) ' and 'cos(x)' are one check."""
    support.use_fake_checker(monkeypatch)
    _, checked = _grade(tmp_path, "student,form,q2a\nann,A, cos(x) \nbob,A,cos(x)\n")
    assert checked == 1


def test_parallel_and_serial_grading_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two worker processes give exactly the verdicts of one process."""
    support.use_fake_checker(monkeypatch)
    lines = [f"s{i},{'AB'[i % 2]},{i}*x,cos(x)+{i},-sin(x)\n" for i in range(40)]
    csv = "student,form,q1,q2a,q2b\n" + "".join(lines)
    serial, _ = _grade(tmp_path, csv, jobs=1)
    parallel, checked = _grade(tmp_path, csv, jobs=2)
    assert checked >= 24  # enough to go parallel
    assert [[c.verdict for c in row.cells] for row in parallel] == [
        [c.verdict for c in row.cells] for row in serial
    ]


@pytest.mark.parametrize(
    ("answer", "status", "feedback", "code"),
    [
        pytest.param("3x?", "invalid", "This answer could not be checked (?).", "unknown_name",
                     id="student-input-error"),
        pytest.param("boom", "invalid", "This answer could not be checked (RuntimeError).",
                     "unchecked", id="checker-breaks"),
    ],
)  # fmt: skip
def test_a_cell_the_checker_cannot_handle_is_invalid_alone(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    status: str,
    feedback: str,
    code: str,
) -> None:
    """A hostile or breaking cell is invalid with a reason; the row's other cells are graded."""
    support.use_fake_checker(monkeypatch)
    rows, _ = _grade(tmp_path, f"student,form,q1,q2a\nann,A,{answer},cos(x)\n")
    first, second, third = rows[0].cells
    assert first.verdict is not None
    assert (first.verdict.status, first.verdict.feedback) == (status, feedback)
    assert first.verdict.error is not None and first.verdict.error.code == code
    assert (second.outcome, third.outcome) == ("correct", "unanswered")
    assert rows[0].total == 1.0


@pytest.mark.parametrize(
    ("verdict", "points", "policy", "expected"),
    [
        pytest.param(None, 2.0, Policy(), 0.0, id="unanswered"),
        pytest.param(Verdict("correct", 1.0, ""), 2.0, Policy(), 2.0, id="correct"),
        pytest.param(Verdict("invalid", 0.0, ""), 2.0, Policy(), 0.0, id="invalid"),
        pytest.param(Verdict("incorrect", 0.0, "", "sign_error"), 2.0, Policy(), 0.0,
                     id="diagnosis-default-no-credit"),
        pytest.param(Verdict("incorrect", 0.0, "", "sign_error"), 2.0,
                     Policy(partial_credit={"sign_error": 0.5}), 1.0, id="partial-credit"),
        pytest.param(Verdict("incorrect", 0.0, "", "chain_missing_inner"), 2.0,
                     Policy(partial_credit={"sign_error": 0.5}), 0.0, id="other-diagnosis"),
        pytest.param(Verdict("incorrect", 0.25, ""), 4.0, Policy(), 1.0,
                     id="checker-partial-score"),
    ],
)  # fmt: skip
def test_points_follow_verdict_and_policy(
    verdict: Verdict | None, points: float, policy: Policy, expected: float
) -> None:
    """Correct earns the part's points; a diagnosed mistake earns the policy's share of them."""
    assert earned(verdict, points, policy) == expected


def test_policy_points_override_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Points in the policy replace the manifest's for that column only."""
    support.use_fake_checker(monkeypatch)
    rows, _ = _grade(
        tmp_path,
        "student,form,q1,q2a,q2b\nann,A,3*x**2,cos(x),-(-sin(x))\n",
        Policy(points={"q1": 5}, partial_credit={"sign_error": 0.5}),
    )
    assert [(c.points, c.earned) for c in rows[0].cells] == [(5, 5), (1, 1), (2, 1)]
    assert (rows[0].total, rows[0].possible, rows[0].percent) == (7, 8, 87.5)


def test_policy_tolerance_reaches_number_parts_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checker sees the policy's tolerance on number parts that set none themselves."""
    seen: list[tuple[str, float | None]] = []

    def spy(problem, part, answer, *, lang="en"):  # type: ignore[no-untyped-def]
        seen.append((part.kind, part.tolerance))
        return Verdict("correct", 1.0, "")

    monkeypatch.setattr("generator.grading.engine.default_checker", lambda: spy)
    base = support.manifest()
    number = support.problem(1, "x**2", support.part("1", "4", kind="number"))
    form = base.forms[0].model_copy(update={"problems": [number, base.forms[0].problems[1]]})
    manifest = base.model_copy(update={"forms": [form]})
    path = support.write(tmp_path / "s.csv", "student,q1,q2a\nann,4.001,cos(x)\n")
    assignments, _ = assign(read_submissions(path), layouts(manifest))
    grade_rows(assignments, Policy(tolerance=0.01), jobs=1)
    assert sorted(seen, key=str) == [("expression", None), ("number", 0.01)]


def test_a_dying_worker_costs_its_answers_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a worker process dies, the run finishes: every row is graded, and answers no worker
    could check (at least the one that killed it) are invalid with the reason, never correct."""
    monkeypatch.setattr("generator.grading.engine.default_checker", lambda: support.dying_check)
    lines = [f"s{i},A,{i}*x,\n" for i in range(40)] + ["z,A,die,\n", "k,A,3*x**2,\n"]
    rows, _ = _grade(tmp_path, "student,form,q1,q2a\n" + "".join(lines), jobs=2)
    assert len(rows) == 42
    dead = rows[40].cells[0].verdict
    assert dead is not None and dead.status == "invalid"
    assert dead.feedback == "This answer could not be checked (a checking process stopped)."
    assert all(row.cells[0].verdict is not None for row in rows)
    assert {row.cells[0].outcome for row in rows[:40]} <= {"incorrect", "invalid"}
