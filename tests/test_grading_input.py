"""Reading submissions: every quirk of real exports, and the files that cannot be used at all."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import UsageError
from generator.grading.policy import Policy, read_policy
from generator.grading.submissions import (
    parse_column_option,
    read_column_map,
    read_submissions,
)

PLAIN = "student,form,q1,q2a\nann,A,3x^2,cos x\nbob,B,4x^3,\n"
EXPECTED = [("ann", "A", {"q1": "3x^2", "q2a": "cos x"}), ("bob", "B", {"q1": "4x^3", "q2a": ""})]

QUIRKS = [
    pytest.param("subs.csv", PLAIN.encode(), None, EXPECTED, id="comma-LF"),
    pytest.param("subs.csv", PLAIN.replace("\n", "\r\n").encode(), None, EXPECTED, id="CRLF"),
    pytest.param("subs.csv", b"\xef\xbb\xbf" + PLAIN.encode(), None, EXPECTED, id="UTF-8-BOM"),
    pytest.param("subs.csv", PLAIN.replace(",", ";").encode(), None, EXPECTED, id="semicolon"),
    pytest.param(
        "subs.csv",
        b"\xef\xbb\xbf" + PLAIN.replace(",", ";").replace("\n", "\r\n").encode(),
        None,
        EXPECTED,
        id="semicolon-CRLF-BOM",
    ),
    pytest.param("subs.csv", PLAIN.replace(",", "\t").encode(), None, EXPECTED, id="tab"),
    pytest.param(
        "subs.csv",
        b"Student,Form,Q1,Q2A\nann,A,3x^2,cos x\nbob,B,4x^3,\n",
        None,
        EXPECTED,
        id="headers-in-capitals",
    ),
    pytest.param(
        "subs.csv",
        b'student,form,q1,q2a\nann,A,"3x^2, I think",cos x\n',
        None,
        [("ann", "A", {"q1": "3x^2, I think", "q2a": "cos x"})],
        id="quoted-comma",
    ),
    pytest.param(
        "subs.csv",
        b'student;form;q1;q2a\nann;A;"f(x,y)";"line one\nline two"\n',
        None,
        [("ann", "A", {"q1": "f(x,y)", "q2a": "line one\nline two"})],
        id="semicolon-with-commas-in-cells-and-a-newline",
    ),
    pytest.param(
        "subs.csv",
        b"student,form,q1,q2a\n\nann,A,3x^2,cos x\n,,,\n",
        None,
        [("ann", "A", {"q1": "3x^2", "q2a": "cos x"})],
        id="blank-lines-are-not-rows",
    ),
    pytest.param(
        "subs.csv",
        "student,form,q1\n张伟,A,3x²\n".encode(),
        None,
        [("张伟", "A", {"q1": "3x²"})],
        id="unicode-names-and-answers",
    ),
    pytest.param(
        "export.csv",
        b"Email address,Version,Response 1,Response 2\nann@x,A,3x^2,cos x\nbob@x,B,4x^3,\n",
        {"student": "Email address", "form": "Version", "q1": "Response 1", "q2a": "Response 2"},
        [("ann@x", "A", {"q1": "3x^2", "q2a": "cos x"}), ("bob@x", "B", {"q1": "4x^3", "q2a": ""})],
        id="column-map-for-an-LMS-export",
    ),
    pytest.param(
        "subs.jsonl",
        b'{"student": "ann", "form": "A", "q1": "3x^2", "q2a": "cos x"}\n'
        b'\n{"student": "bob", "form": "B", "q1": "4x^3"}\n',
        None,
        EXPECTED,
        id="json-lines",
    ),
    pytest.param(
        "subs.txt",
        b'\xef\xbb\xbf{"student": "ann", "form": "A", "q1": 12, "q2a": null}\r\n',
        None,
        [("ann", "A", {"q1": "12", "q2a": ""})],
        id="json-lines-by-content-with-BOM-numbers-and-null",
    ),
    pytest.param(
        "subs.csv",
        b"student,form,q1,q2a\nann,A,3x\x00^2,cos x\nbob,B,4x^3,\n",
        None,
        [("ann", "A", {"q1": "3x\x00^2", "q2a": "cos x"}), ("bob", "B", {"q1": "4x^3", "q2a": ""})],
        id="a-NUL-in-one-cell-stays-in-that-cell",
    ),
    pytest.param(
        "subs.jsonl",
        b'{"student": "ann", "q1": ["3x^2"], "q2a": {"a": 1}}\n',
        None,
        [("ann", "", {"q1": '["3x^2"]', "q2a": '{"a": 1}'})],
        id="json-structures-stay-text",
    ),
]


@pytest.mark.parametrize(("name", "content", "column_map", "expected"), QUIRKS)
def test_submissions_are_read_whatever_the_export_quirk(
    tmp_path: Path,
    name: str,
    content: bytes,
    column_map: dict[str, str] | None,
    expected: list[tuple[str, str, dict[str, str]]],
) -> None:
    """Each row keeps its student, form and the answers of the part columns, in file order."""
    path = tmp_path / name
    path.write_bytes(content)
    table = read_submissions(path, column_map)
    got = [
        (row.student, row.form, {key: row.answers.get(key, "") for key in answers})
        for row, (_, _, answers) in zip(table.rows, expected, strict=False)
    ]
    assert got == expected
    assert len(table.rows) == len(expected)
    assert table.issues == ()


@pytest.mark.parametrize(
    ("content", "codes", "reasons"),
    [
        pytest.param(
            b"student,q1,q1\nann,a,b\n",
            ["duplicate_column"],
            ["Column q1 appears again; the first one counts."],
            id="duplicate-column",
        ),
        pytest.param(
            b"student,q1\nann,3x^2,oops,more\n",
            ["extra_cells"],
            ["This row has 4 cells but the header has 2; the rest are ignored."],
            id="row-longer-than-header",
        ),
        pytest.param(
            b'{"student": "ann"}\n[1, 2]\nnot json\n',
            ["unreadable_row", "unreadable_row"],
            ["This line is not a JSON object."] * 2,
            id="json-lines-with-bad-lines",
        ),
    ],
)
def test_faults_of_single_rows_are_issues_and_rows_are_kept(
    tmp_path: Path, content: bytes, codes: list[str], reasons: list[str]
) -> None:
    """A fault in a row or column is listed with its reason; reading goes on."""
    path = tmp_path / ("subs.jsonl" if content.startswith(b"{") else "subs.csv")
    path.write_bytes(content)
    table = read_submissions(path)
    assert [issue.code for issue in table.issues] == codes
    assert [issue.reason.render() for issue in table.issues] == reasons
    assert table.rows[0].answers.get("q1", "") in ("a", "3x^2", "")


def test_first_of_duplicate_columns_counts(tmp_path: Path) -> None:
    """With two q1 columns, the answer is read from the first."""
    path = tmp_path / "subs.csv"
    path.write_bytes(b"student,q1,q1\nann,first,second\n")
    assert read_submissions(path).rows[0].answers["q1"] == "first"


def test_bad_json_lines_are_kept_as_ungradable_rows(tmp_path: Path) -> None:
    """A line that is not a JSON object still makes a row (no student), at its line number."""
    path = tmp_path / "subs.jsonl"
    path.write_bytes(b'{"student": "ann"}\nnot json\n')
    rows = read_submissions(path).rows
    assert [(row.line, row.student) for row in rows] == [(1, "ann"), (2, "")]


def test_a_map_to_a_header_that_is_not_there_is_an_issue(tmp_path: Path) -> None:
    """Mapping q1 to a header the file lacks is reported, not silently ignored."""
    path = tmp_path / "subs.csv"
    path.write_bytes(PLAIN.encode())
    table = read_submissions(path, {"q1": "Question 1"})
    assert [issue.reason.render() for issue in table.issues] == [
        "The column map names Question 1 for q1, but the file has no such column."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(None, None,
                     "Cannot read the submissions file {path}: No such file or directory",
                     id="missing"),
        pytest.param("s.csv", b"", "The submissions file {path} is empty.", id="empty"),
        pytest.param("s.csv", b" \r\n\n", "The submissions file {path} is empty.", id="blank"),
        pytest.param("s.csv", b"student,q1\nann,\xe9\n",
                     "The submissions file {path} is not UTF-8 text (save it as CSV UTF-8).",
                     id="latin-1"),
        pytest.param("s.xlsx", b"PK\x03\x04\x00\x00binary",
                     "The submissions file {path} is not a text table.", id="binary"),
        pytest.param("s.csv", "student,q1\nann,3x\n".encode("utf-16-le"),
                     "The submissions file {path} is not a text table.", id="UTF-16"),
        pytest.param("s.csv", b"name,q1\nann,3\n",
                     "The submissions file {path} has no student column (its columns: name, q1); "
                     "name it 'student' or map one with --column student=HEADER.",
                     id="no-student-column"),
        pytest.param("s.jsonl", b"{oops\n",
                     "The submissions file {path} has no JSON objects, one per line.",
                     id="json-lines-without-objects"),
    ],
)  # fmt: skip
def test_unusable_files_are_usage_errors(
    tmp_path: Path, name: str | None, content: bytes | None, message: str
) -> None:
    """A file that is not a submissions table stops the run with exit code 2 and says why."""
    path = tmp_path / (name or "absent.csv")
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UsageError) as caught:
        read_submissions(path)
    assert str(caught.value) == message.format(path=path)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("q1=Question 1", ("q1", "Question 1")),
        ('Q2A="Response 2"', ("q2a", "Response 2")),
        ("student = Email address", ("student", "Email address")),
    ],
)
def test_column_options_name_a_header(option: str, expected: tuple[str, str]) -> None:
    """`--column NAME=HEADER` is split once, the name lower-cased and quotes dropped."""
    assert parse_column_option(option) == expected


def test_a_column_option_without_equals_is_refused() -> None:
    """A --column value that is not NAME=HEADER is a usage error quoting it."""
    with pytest.raises(UsageError) as caught:
        parse_column_option("q1")
    assert str(caught.value) == (
        "--column takes NAME=HEADER (for example q1=\"Question 1\"), not 'q1'."
    )


def test_column_map_files_are_yaml_mappings(tmp_path: Path) -> None:
    """A map file reads like the options; anything but a mapping is refused."""
    good = tmp_path / "map.yaml"
    good.write_text(yaml.safe_dump({"Student": "Email", "q1": "Question 1"}), encoding="utf-8")
    assert read_column_map(good) == {"student": "Email", "q1": "Question 1"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("- q1\n- q2\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_column_map(bad)
    assert str(caught.value) == (
        f"The column map {bad} must be a mapping of column names to headers."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("points: {q1: -1}\n",
                     "The policy file {path} is not valid: points.q1: "
                     "Input should be greater than or equal to 0", id="negative-points"),
        pytest.param("partial_credit: {sign_error: 1.5}\n",
                     "The policy file {path} is not valid: partial_credit.sign_error: "
                     "Input should be less than or equal to 1", id="credit-above-one"),
        pytest.param("show_keys: true\n",
                     "The policy file {path} is not valid: show_keys: "
                     "Extra inputs are not permitted", id="unknown-key"),
        pytest.param("points: [\n", None, id="not-yaml"),
    ],
)  # fmt: skip
def test_bad_policies_are_refused_with_the_path_of_the_fault(
    tmp_path: Path, text: str, message: str | None
) -> None:
    """A policy is validated once, when read; the message names the offending key."""
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_policy(path)
    if message is None:
        assert str(caught.value).startswith(f"The policy file {path} is not valid YAML: ")
    else:
        assert str(caught.value) == message.format(path=path)


def test_a_policy_file_sets_every_field(tmp_path: Path) -> None:
    """Points, partial credit, tolerance and show_key are read; the rest default."""
    path = tmp_path / "policy.yaml"
    path.write_text(
        "points: {q1: 2}\npartial_credit: {sign_error: 0.5}\ntolerance: 0.01\nshow_key: false\n",
        encoding="utf-8",
    )
    assert read_policy(path) == Policy(
        points={"q1": 2}, partial_credit={"sign_error": 0.5}, tolerance=0.01, show_key=False
    )
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert read_policy(empty) == Policy()
