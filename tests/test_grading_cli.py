"""`derivquiz grade` as a teacher runs it: exit codes, messages, column options, language."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import test_grading_support as support

from generator.cli import main

GOOD = "student,form,q1,q2a,q2b\nann,A,3*x**2,cos(x),\n"


@pytest.fixture
def manifest_file(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(support.manifest().model_dump_json(), encoding="utf-8")
    return path


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    support.use_fake_checker(monkeypatch)
    monkeypatch.setattr(sys, "argv", ["derivquiz", "grade", *args])
    with pytest.raises(SystemExit) as caught:
        main()
        sys.exit(0)
    captured = capsys.readouterr()
    return int(caught.value.code or 0), captured.out, captured.err


def test_grading_runs_and_says_what_it_did(
    tmp_path: Path,
    manifest_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Exit 0 with a one-line summary, even when some rows have problems."""
    subs = support.write(tmp_path / "s.csv", GOOD + "bob,Z,1,2,3\n")
    out = tmp_path / "out"
    code, stdout, _ = _run(monkeypatch, capsys, str(manifest_file), str(subs), "-o", str(out))
    assert code == 0
    assert stdout.strip() == (
        "Graded 1 of 2 rows (2 answers, 2 distinct checks); 1 problems listed in problems.csv; "
        f"results in {out}."
    )
    assert (out / "gradebook.csv").is_file()


def test_column_options_and_map_file_read_an_lms_export(
    tmp_path: Path,
    manifest_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--columns FILE and --column NAME=HEADER together name the export's own headers."""
    subs = support.write(
        tmp_path / "export.csv",
        "Email;Version;Response 1;Response 2\nann@x;A;3*x**2;cos(x)\n",
    )
    mapping = support.write(tmp_path / "map.yaml", "student: Email\nform: Version\n")
    code, _, _ = _run(
        monkeypatch, capsys, str(manifest_file), str(subs), "-o", str(tmp_path / "out"),
        "--columns", str(mapping), "--column", "q1=Response 1", "--column", "q2a=Response 2",
    )  # fmt: skip
    assert code == 0
    assert (tmp_path / "out" / "gradebook.csv").read_text("utf-8").splitlines()[1] == (
        "ann@x,A,1,1,0,2,50"
    )


def test_the_summary_speaks_chinese(
    tmp_path: Path,
    manifest_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--lang zh translates the summary."""
    subs = support.write(tmp_path / "s.csv", GOOD)
    out = tmp_path / "out"
    code, stdout, _ = _run(
        monkeypatch, capsys, str(manifest_file), str(subs), "-o", str(out), "--lang", "zh"
    )
    assert code == 0
    assert stdout.startswith("已批改 1 行中的 1 行")


@pytest.mark.parametrize(
    ("manifest_text", "submissions", "extra", "message"),
    [
        pytest.param(None, GOOD, [], "derivquiz: cannot read the manifest {manifest}: "
                     "No such file or directory", id="manifest-missing"),
        pytest.param("{not json", GOOD, [], "derivquiz: {manifest} is not a derivquiz manifest: "
                     "-: Invalid JSON: key must be a string at line 1 column 2",
                     id="manifest-not-json"),
        pytest.param("", None, [], "derivquiz: Cannot read the submissions file {subs}: "
                     "No such file or directory", id="submissions-missing"),
        pytest.param("", "name,q1\nann,1\n", [],
                     "derivquiz: The submissions file {subs} has no student column (its columns: "
                     "name, q1); name it 'student' or map one with --column student=HEADER.",
                     id="no-student-column"),
        pytest.param("", GOOD, ["--column", "q1"], "derivquiz: --column takes NAME=HEADER "
                     "(for example q1=\"Question 1\"), not 'q1'.", id="bad-column-option"),
        pytest.param("", GOOD, ["--policy", "POLICY"],
                     "derivquiz: The policy gives points for q9, which no form has "
                     "(parts: q1, q2a, q2b).", id="policy-for-an-unknown-part"),
    ],
)  # fmt: skip
def test_unusable_inputs_exit_2_with_a_clear_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    manifest_text: str | None,
    submissions: str | None,
    extra: list[str],
    message: str,
) -> None:
    """A missing or malformed manifest, submissions file or option stops with exit 2."""
    manifest = tmp_path / "manifest.json"
    if manifest_text is not None:
        manifest.write_text(manifest_text or support.manifest().model_dump_json(), "utf-8")
    subs = tmp_path / "s.csv"
    if submissions is not None:
        support.write(subs, submissions)
    policy = support.write(tmp_path / "policy.yaml", "points: {q9: 2}\n")
    extra = [str(policy) if arg == "POLICY" else arg for arg in extra]
    code, _, stderr = _run(
        monkeypatch, capsys, str(manifest), str(subs), "-o", str(tmp_path / "out"), *extra
    )
    assert code == 2
    assert stderr.strip() == message.format(manifest=manifest, subs=subs)
    assert not (tmp_path / "out" / "gradebook.csv").exists()
