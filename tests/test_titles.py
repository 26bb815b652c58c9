"""Template titles per language: the schema's two forms, `validate`'s warning, and every reader
(`instantiate`, `derivquiz list`) getting the title in its own language (issue 8)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.bank import (
    GenerateRequest,
    catalogue,
    generate,
    instantiate,
    load_banks,
    validate_banks,
)
from generator.bank.loading import load_file
from generator.bank.schema import Template
from generator.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")
TEMPLATE = """templates:
  - id: power.mine
    topic: power
    title: {title}
    difficulty: 1
    variables: [x]
    params:
      a: {{type: int, min: 2, max: 9}}
    function: x**a
    statement: {{phrase: differentiate}}
    parts:
      - ask: derivative
"""

# (id, YAML of the title, title read in en, title read in zh, languages validate warns about)
FORMS = [
    ("plain-string", "My power rule", "My power rule", "My power rule", ["zh"]),
    ("both-languages", "{en: My power rule, zh: 我的幂法则}", "My power rule", "我的幂法则", []),
    ("english-only-map", "{en: My power rule}", "My power rule", "My power rule", ["zh"]),
]


def _bank_folder(tmp_path: Path, title: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(TEMPLATE.format(title=title), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("title", "en", "zh", "warned"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS]
)
def test_title_forms(tmp_path: Path, title: str, en: str, zh: str, warned: list[str]) -> None:
    """Both forms load; each reader gets its language or English; validate warns of a gap."""
    folder = _bank_folder(tmp_path, title)
    (template,) = load_file(folder / "mine.yaml")
    assert [instantiate(template, 0, lang=lang).title for lang in ("en", "zh")] == [en, zh]
    bank = load_banks((folder,), builtin=False)
    assert [row.title for row in catalogue(bank, seeds=2, lang="zh")] == [zh]
    (result,) = validate_banks(bank, seeds=1, checks=("keys",)).results
    assert [w.render("en") for w in result.warnings] == [
        f"title has no {lang} text" for lang in warned
    ]


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ({"en": "A", "fr": "B"}, "title.fr"),
        ({"zh": "例子"}, "title.en"),
        ({"en": ""}, "title.en"),
        ("", "title.en"),
    ],
    ids=["unknown-language", "no-english", "empty-english", "empty-string"],
)
def test_schema_refuses_bad_titles(title: object, error: str) -> None:
    """The model refuses what the golden bank errors report with file and path."""
    fields = {"id": "power.x", "topic": "power", "difficulty": 1, "variables": ["x"]}
    fields |= {"function": "x", "statement": {"phrase": "differentiate"}}
    fields |= {"parts": [{"ask": "derivative"}], "title": title}
    with pytest.raises(ValidationError, match="1 validation error for Template") as caught:
        Template.model_validate(fields)
    assert error in {".".join(map(str, e["loc"])) for e in caught.value.errors()}


def _list(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(
        sys, "argv", ["derivquiz", "list", "--topic", "chain", "--seeds", "2", *args]
    )
    with pytest.raises(SystemExit) as caught:
        main()
        sys.exit(0)
    assert caught.value.code in (0, None)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "title"),
    [
        ((), "A power of a quadratic, like (x^2 + 2x + 3)^2"),
        (("--lang", "en"), "A power of a quadratic, like (x^2 + 2x + 3)^2"),
        (("--lang", "zh"), "链式法则：二次多项式的幂，如 (x^2 + 2x + 3)^2"),
    ],
    ids=["default", "en", "zh"],
)
def test_list_json_titles(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    title: str,
) -> None:
    """`list --json --lang` gives each title in the requested language."""
    monkeypatch.delenv("DERIVQUIZ_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "C")
    rows = json.loads(_list(monkeypatch, capsys, "--json", *args))
    assert {row["id"]: row["title"] for row in rows}["chain.power_of_quadratic"] == title


def test_list_table_titles_in_chinese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table ends each row with the title, in Chinese under --lang zh."""
    out = _list(monkeypatch, capsys, "--lang", "zh")
    line = next(line for line in out.splitlines() if line.startswith("chain.trig_of_cubic "))
    assert line.endswith("  链式法则：三角函数套三次多项式")


@pytest.mark.parametrize(("lang", "chinese"), [("en", False), ("zh", True)], ids=["en", "zh"])
def test_manifest_titles_follow_its_language(lang: str, chinese: bool) -> None:
    """Problems of a class set carry their title in the manifest's language (item analysis)."""
    manifest = generate(GenerateRequest(count=4, seed=7, lang=lang), load_banks())
    titles = [problem.title for form in manifest.forms for problem in form.problems]
    assert titles and [bool(CJK.search(title)) for title in titles] == [chinese] * len(titles)
