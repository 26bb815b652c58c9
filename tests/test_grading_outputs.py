"""The files of a grading run: contents, language, determinism and atomic replacement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_grading_support as support

from generator.grading import feedback, grade, outputs
from generator.grading.policy import Policy
from generator.model import FormSpec, Manifest

SUBMISSIONS = (
    "student,form,q1,q2a,q2b,Timestamp\n"
    "ann,A,3*x**2,cos(x),-(-sin(x)),t1\n"
    "bob,B,4x^3?,boom,,t2\n"
    "=cmd,A,3*x**2,sin(x),-sin(x),t3\n"
    "ann,A,3*x**2,cos(x),-sin(x),t4\n"
    "cid,C,1,2,3,t5\n"
    "dee,B,4*x**3,<script>alert(1)</script>,-sin(x),t6\n"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of SUBMISSIONS, graded once for every test that only reads them."""
    folder = tmp_path_factory.mktemp("graded")
    with pytest.MonkeyPatch.context() as monkeypatch:
        support.use_fake_checker(monkeypatch)
        grade(support.manifest(), support.write(folder / "subs.csv", SUBMISSIONS), folder / "out")
    return folder / "out"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


EXPECTED_FILES = {
    "gradebook.csv": [
        "student,form,q1,q2a,q2b,total,percent",
        "ann,A,1,1,0,2,50",
        "bob,B,0,0,0,0,0",
        "'=cmd,A,1,0,2,3,75",
        "ann,A,1,1,2,4,100",
        "cid,C,,,,,",
        "dee,B,1,0,2,3,75",
    ],
    "canvas.csv": [
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 3",
        "Points Possible,,,,,4",
        "bob,,bob,,,0",
        "'=cmd,,'=cmd,,,3",
        "ann,,ann,,,4",
        "dee,,dee,,,3",
    ],
    "moodle.csv": [
        "ID number,Full name,Quiz 3",
        "bob,bob,0",
        "'=cmd,'=cmd,3",
        "ann,ann,4",
        "dee,dee,3",
    ],
    "problems.csv": [
        "line,student,column,problem,reason",
        ",,Timestamp,extra_column,Column Timestamp is not a part of any form; it is ignored.",
        "2,ann,,duplicate_student,Student ann has several rows; line 5 counts.",
        "3,bob,q1,unreadable_answer,Answer '4x^3?' could not be read: "
        "This answer could not be checked (?).",
        "3,bob,q2a,unreadable_answer,Answer 'boom' could not be read: "
        "This answer could not be checked (RuntimeError).",
        '6,cid,,unknown_form,"Form C is not in the manifest (its forms: A, B); not graded."',
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES))
def test_csv_outputs_hold_every_row_in_input_order(graded: Path, name: str) -> None:
    """Gradebook keeps every row; LMS imports the counting, graded ones; problems say why."""
    assert _lines(graded / name) == EXPECTED_FILES[name]


def test_item_analysis_summarises_the_counting_rows(graded: Path) -> None:
    """Histogram, percent correct, diagnoses and unreadable answers, over rows that count."""
    summary = json.loads((graded / "item_analysis.json").read_text(encoding="utf-8"))
    assert summary["students"] == 4
    assert summary["mean_percent"] == 62.5
    assert summary["histogram"]["counts"] == [1, 0, 0, 0, 0, 0, 0, 2, 0, 1]
    by_column = {part["columns"][0]: part for part in summary["parts"]}
    assert {c: p["percent_correct"] for c, p in by_column.items()} == {
        "q1": 75.0,
        "q2a": 25.0,
        "q2b": 75.0,
    }
    assert by_column["q1"]["unreadable"] == [
        {"answer": "4x^3?", "count": 1, "reason": "This answer could not be checked (?)."}
    ]
    assert (by_column["q2b"]["unanswered"], by_column["q2a"]["invalid"]) == (1, 1)
    assert (by_column["q1"]["topic"], by_column["q1"]["forms"]) == ("power", ["A", "B"])
    assert summary["topics"] == [
        {
            "topic": "power",
            "items": 3,
            "attempts": 12,
            "correct": 7,
            "percent_correct": 58.33,
            "percent_points": 62.5,
        }
    ]


def test_diagnoses_are_counted_per_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The most common misconceptions of a part are listed with counts, most frequent first."""
    support.use_fake_checker(monkeypatch)
    rows = "".join(f"s{i},A,-3*x**2,cos(x),\n" for i in range(3)) + "t,A,3*x**2,-cos(x),\n"
    path = support.write(tmp_path / "s.csv", "student,form,q1,q2a,q2b\n" + rows)
    grade(support.manifest(), path, tmp_path / "out", jobs=1)
    summary = json.loads((tmp_path / "out" / "item_analysis.json").read_text(encoding="utf-8"))
    assert [p["diagnoses"] for p in summary["parts"]] == [
        [{"id": "sign_error", "count": 3}],
        [{"id": "sign_error", "count": 1}],
        [],
    ]
    html = (tmp_path / "out" / "item_analysis.html").read_text(encoding="utf-8")
    row = '<tr><td>power.basic</td><td><code>sign_error</code></td><td class="n">3</td></tr>'
    assert row in html


def test_item_analysis_page_has_the_histogram_inline(graded: Path) -> None:
    """The report is one self-contained page: the histogram is an inline SVG."""
    html = (graded / "item_analysis.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 1
    assert "<h2>Results by item</h2>" in html
    assert "<h2>Results by topic</h2>" in html
    assert "<h2>Rows and cells not graded as given</h2>" in html


def test_feedback_shows_reading_verdict_and_key(graded: Path) -> None:
    """Each answer is shown as typed and as read (MathML), with its verdict and the key."""
    html = (graded / "feedback" / "ann.html").read_text(encoding="utf-8")
    assert "Score: 4 of 4 (100%)" in html
    assert "We read your answer as <math" in html
    assert html.count("Answer key: <math") == 3
    markdown = (graded / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "We read your answer as $3*x^2$." in markdown
    assert "You typed: ` 3*x**2 `" in markdown


def test_hostile_answers_are_escaped_in_feedback(graded: Path) -> None:
    """Student text never becomes markup in the pages."""
    html = (graded / "feedback" / "dee.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("ann-line2.html", "A later submission replaces this one."),
        ("cid.html", "This submission could not be graded."),
        ("cid.html", "Form C is not in the manifest (its forms: A, B); not graded."),
        ("bob.html", "Could not be read.</strong> This answer could not be checked (?)."),
        ("bob.html", "No answer."),
        ("cmd.html", "Feedback for =cmd"),
    ],
)
def test_feedback_pages_explain_rows_that_were_not_graded_as_given(
    graded: Path, page: str, expected: str
) -> None:
    """Superseded, ungraded and unreadable rows each get a page that says what happened."""
    assert expected in (graded / "feedback" / page).read_text(encoding="utf-8")


def test_the_key_is_hidden_when_the_policy_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """show_key: false keeps the key out of both feedback variants."""
    support.use_fake_checker(monkeypatch)
    path = support.write(tmp_path / "s.csv", "student,form,q1\nann,A,3x\n")
    grade(support.manifest(), path, tmp_path / "out", policy=Policy(show_key=False), jobs=1)
    for suffix in ("html", "md"):
        text = (tmp_path / "out" / "feedback" / f"ann.{suffix}").read_text(encoding="utf-8")
        assert "Answer key" not in text


@pytest.mark.parametrize(
    ("students", "names"),
    [
        pytest.param(["ann", "bob"], ["ann", "bob"], id="plain"),
        pytest.param(["ann", "ann"], ["ann-line2", "ann"], id="resubmission-gets-the-plain-name"),
        pytest.param(["../../etc/passwd", ""], ["etc_passwd", "row"], id="unsafe-and-empty"),
        pytest.param(["Ann", "ann"], ["Ann", "ann-line3"], id="case-clash"),
        pytest.param(["张 伟"], ["张_伟"], id="unicode-kept"),
    ],
)
def test_feedback_page_names_are_safe_and_unique(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, students: list[str], names: list[str]
) -> None:
    """Page names come from student ids, made safe; a clash adds the line number."""
    support.use_fake_checker(monkeypatch)
    csv = "student,form,q1\n" + "".join(f"{s},A,3x\n" for s in students)
    grade(support.manifest(), support.write(tmp_path / "s.csv", csv), tmp_path / "o", jobs=1)
    pages = sorted(p.stem for p in (tmp_path / "o" / "feedback").glob("*.html"))
    assert pages == sorted(names)


def test_outputs_follow_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With lang=zh the reasons, pages and report are in Chinese; CSV headers stay for machines."""
    support.use_fake_checker(monkeypatch)
    path = support.write(tmp_path / "s.csv", "student,form,q1\nann,C,3x\n")
    grade(support.manifest(), path, tmp_path / "out", lang="zh", jobs=1)
    assert _lines(tmp_path / "out" / "problems.csv")[-1] == (
        '2,ann,,unknown_form,"清单中没有试卷版本 C（现有版本：A, B）；未批改。"'
    )
    assert "此份提交无法批改。" in (tmp_path / "out" / "feedback" / "ann.html").read_text("utf-8")
    assert "<h1>试题分析: Quiz 3</h1>" in (tmp_path / "out" / "item_analysis.html").read_text(
        "utf-8"
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def test_grading_twice_gives_identical_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same inputs, same bytes: in a fresh folder and over the previous run alike."""
    support.use_fake_checker(monkeypatch)
    path = support.write(tmp_path / "subs.csv", SUBMISSIONS)
    grade(support.manifest(), path, tmp_path / "one", jobs=1)
    grade(support.manifest(), path, tmp_path / "two", jobs=2)
    first = _snapshot(tmp_path / "one")
    assert first == _snapshot(tmp_path / "two")
    grade(support.manifest(), path, tmp_path / "one", jobs=1)
    assert _snapshot(tmp_path / "one") == first


def test_a_rerun_removes_pages_of_rows_that_are_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corrected file with fewer rows leaves no page of the old rows behind."""
    support.use_fake_checker(monkeypatch)
    out = tmp_path / "out"
    grade(support.manifest(), support.write(tmp_path / "s.csv", SUBMISSIONS), out, jobs=1)
    grade(support.manifest(), support.write(tmp_path / "s.csv", "student,q1\nann,1\n"), out,
          jobs=1, column_map={"form": "q1"})  # fmt: skip
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["ann.html", "ann.md"]


def _fail_on_third_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = outputs._write_temporary
    calls = []

    def failing(target: Path, content: bytes) -> Path:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(target, content)

    monkeypatch.setattr(outputs, "_write_temporary", failing)


def _fail_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> dict[str, bytes]:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(feedback, "feedback_files", failing)


@pytest.mark.parametrize(
    ("crash", "error"),
    [
        pytest.param(_fail_on_third_write, OSError, id="writer-raises-mid-run"),
        pytest.param(_fail_rendering, RuntimeError, id="renderer-raises"),
    ],
)
def test_a_crash_mid_run_leaves_the_previous_outputs_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash: object, error: type[Exception]
) -> None:
    """Nothing is replaced unless everything was written; no temporary file is left behind."""
    support.use_fake_checker(monkeypatch)
    out = tmp_path / "out"
    grade(support.manifest(), support.write(tmp_path / "s.csv", SUBMISSIONS), out, jobs=1)
    before = _snapshot(out)
    crash(monkeypatch)  # type: ignore[operator]
    changed = support.write(tmp_path / "s.csv", "student,form,q1\nzed,A,3*x**2\n")
    with pytest.raises(error):
        grade(support.manifest(), changed, out, jobs=1)
    assert _snapshot(out) == before


def test_no_progress_bar_when_not_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Grading from a script or a pipe writes nothing to stderr."""
    support.use_fake_checker(monkeypatch)
    csv = "student,form,q1\n" + "".join(f"s{i},A,{i}x\n" for i in range(30))
    grade(support.manifest(), support.write(tmp_path / "s.csv", csv), tmp_path / "out", jobs=2)
    assert capsys.readouterr().err == ""


def test_lms_imports_use_roster_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a roster manifest the forms are found by student and the imports carry their names."""
    support.use_fake_checker(monkeypatch)
    path = support.write(tmp_path / "s.csv", "student,q1,q2a,q2b\ns2,4*x**3,,\ns1,3*x**2,cos(x),\n")
    grade(support.manifest(roster=True), path, tmp_path / "out", jobs=1)
    assert _lines(tmp_path / "out" / "canvas.csv")[2:] == [
        "Student 2,,s2,,,1",
        "Student 1,,s1,,,2",
    ]
    assert _lines(tmp_path / "out" / "moodle.csv")[1:] == ["s2,Student 2,1", "s1,Student 1,2"]
    assert _lines(tmp_path / "out" / "gradebook.csv")[1:] == [
        "s2,s2,1,0,0,1,25",
        "s1,s1,1,1,0,2,50",
    ]


BOB_MD = """# Feedback for bob

Quiz 3

Form B · Score: 0 of 4 (0%)

## Question q1 (0 of 1 points)

You typed: ` 4x^3? `

**Could not be read.** This answer could not be checked (?).

Answer key: $4 x^3$

## Question q2a (0 of 1 points)

You typed: ` boom `

**Could not be read.** This answer could not be checked (RuntimeError).

Answer key: $cos(x)$

## Question q2b (0 of 2 points)

No answer.

Answer key: $-sin(x)$
"""


def test_markdown_feedback_reads_as_written(graded: Path) -> None:
    """The Markdown page, whole: heading, score, and per part what was typed, verdict, key."""
    assert (graded / "feedback" / "bob.md").read_text(encoding="utf-8") == BOB_MD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3x^2", "` 3x^2 `"),
        ("a`b", "`` a`b ``"),
        ("``x``", "``` ``x`` ```"),
        ("two\nlines", "` two lines `"),
        ("", "—"),
    ],
)
def test_student_text_in_markdown_is_a_code_span_it_cannot_close(text: str, expected: str) -> None:
    """Backticks in an answer get a longer fence, so the answer never becomes Markdown."""
    from generator.grading.templating import markdown_code

    assert markdown_code(text) == expected


def test_an_item_on_many_forms_shows_their_number(tmp_path: Path) -> None:
    """A roster class has a form per student: the page counts them, the JSON lists them all."""
    forms = [
        FormSpec(
            form=f"s{i}", student=f"s{i}", seed=i, problems=support.manifest().forms[0].problems
        )
        for i in range(7)
    ]
    manifest = Manifest(derivquiz="0.1.0", seed=1, forms=forms)
    path = support.write(tmp_path / "s.csv", "student,q1,q2a,q2b\ns3,,,\n")
    grade(manifest, path, tmp_path / "out", jobs=1)
    summary = json.loads((tmp_path / "out" / "item_analysis.json").read_text(encoding="utf-8"))
    assert summary["parts"][0]["forms"] == [f"s{i}" for i in range(7)]
    assert summary["parts"][0]["unanswered"] == 1
    html = (tmp_path / "out" / "item_analysis.html").read_text(encoding="utf-8")
    assert "<td>7 forms</td>" in html
