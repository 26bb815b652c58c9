"""`derivquiz list`, `validate`, `schema` and `generate` as a teacher runs them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.bank import read_manifest
from generator.bank.schema import json_schema_text
from generator.cli import main

GOOD = """templates:
  - id: power.mine
    topic: power
    title: {en: My power rule, zh: 我的幂法则}
    difficulty: 1
    variables: [x]
    params:
      a: {type: int, min: 2, max: 9}
    function: x**a
    statement: {phrase: differentiate}
    parts:
      - ask: derivative
"""


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["derivquiz", *args])
    with pytest.raises(SystemExit) as caught:
        main()
        sys.exit(0)
    captured = capsys.readouterr()
    return int(caught.value.code or 0), captured.out, captured.err


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(GOOD, encoding="utf-8")
    return folder


def test_list_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints an array of {id, topic, title, difficulty, variants, parts}."""
    code, out, _ = _run(monkeypatch, capsys, "list", "--topic", "gradient", "--json")
    rows = json.loads(out)
    assert code == 0
    assert rows and {row["topic"] for row in rows} == {"gradient"}
    assert set(rows[0]) == {"id", "topic", "title", "difficulty", "variants", "parts"}


def test_list_with_a_teachers_bank(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--bank adds the teacher's templates beside the built-in ones."""
    code, out, _ = _run(monkeypatch, capsys, "list", "--bank", str(mine), "--topic", "power")
    line = next(line for line in out.splitlines() if line.startswith("power.mine"))
    assert code == 0
    assert line.split() == ["power.mine", "power", "1", "8", "derivative", "My", "power", "rule"]


def test_validate_a_good_bank(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One line per template and a summary; exit 0."""
    args = ("validate", "--bank", str(mine), "--only-extra", "--seeds", "3")
    code, out, _ = _run(monkeypatch, capsys, *args)
    assert code == 0
    assert out.splitlines() == [
        "ok   power.mine: 3 instances",
        "1 templates: 1 passed, 0 failed, 0 with warnings",
    ]


def test_validate_a_broken_bank_exits_1(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A schema error stops validation with the file, the path and the value; exit 1."""
    (mine / "mine.yaml").write_text(GOOD.replace("min: 2", "min: 12"), encoding="utf-8")
    code, _, err = _run(monkeypatch, capsys, "validate", "--bank", str(mine), "--only-extra")
    assert code == 1
    assert err.strip().endswith("mine.yaml: power.mine: params.a.min: min 12 is greater than max 9")


def test_validate_in_chinese(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang zh: the report is in Chinese (the folder may also be given as DESIGN.md's BANK)."""
    args = ("validate", str(mine), "--only-extra", "--seeds", "1", "--lang", "zh")
    _, out, _ = _run(monkeypatch, capsys, *args)
    assert out.splitlines()[-1] == "共 1 个模板：1 个通过，0 个失败，0 个有警告"


def test_schema_prints_the_published_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`derivquiz schema` is problem_banks/schema.json."""
    code, out, _ = _run(monkeypatch, capsys, "schema")
    assert code == 0
    assert out == json_schema_text()


def test_generate_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--format json writes manifest.json with every option recorded."""
    out_dir = tmp_path / "set"
    args = (
        "generate", "--topic", "chain", "--topic", "quotient", "--count", "4", "--seed", "7",
        "--versions", "2", "--shuffle", "--title", "Quiz 2", "--course", "Calc I",
        "--date", "2026-11-27", "--format", "json", "-o", str(out_dir),
    )  # fmt: skip
    code, out, _ = _run(monkeypatch, capsys, *args)
    manifest = read_manifest(out_dir / "manifest.json")
    assert code == 0
    assert out.strip() == f"wrote {out_dir / 'manifest.json'}"
    assert (manifest.seed, manifest.title, manifest.course, manifest.date) == (
        7, "Quiz 2", "Calc I", "2026-11-27"
    )  # fmt: skip
    assert [f.form for f in manifest.forms] == ["A", "B"]
    assert {p.topic for p in manifest.forms[0].problems} == {"chain", "quotient"}


def test_generate_with_a_roster_and_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--roster gives one form per student; html goes through the renderer."""
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n1,Ada\n2,Alan\n", encoding="utf-8")
    out_dir = tmp_path / "set"
    args = ("generate", "--roster", str(roster), "--count", "2", "--format", "json,html",
            "--no-key", "-o", str(out_dir))  # fmt: skip
    code, out, _ = _run(monkeypatch, capsys, *args)
    assert code == 0
    assert [f.student_name for f in read_manifest(out_dir / "manifest.json").forms] == [
        "Ada",
        "Alan",
    ]
    assert any(name.endswith(".html") for name in out.split())


def test_generate_rejects_an_unknown_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A format we cannot write is a usage error (exit 2) listing the formats."""
    code, _, err = _run(monkeypatch, capsys, "generate", "--format", "docx", "-o", str(tmp_path))
    assert code == 2
    assert err.strip() == (
        "derivquiz: unknown format 'docx'; the formats are html, latex, pdf, json"
    )
