"""`validate` and `list`: every shipped template is sound; a broken one fails with a clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.bank import Bank, ValidationReport, catalogue, load_banks, validate_banks
from generator.bank.schema import json_schema_text

ROOT = Path(__file__).resolve().parent.parent
HEAD = """templates:
  - id: sum.check
    topic: sum
    title: Check
    difficulty: 1
    variables: [x]
    params:
      a: {type: int, min: 2, max: 5}
"""


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_banks()


def _bank(tmp_path: Path, body: str) -> Bank:
    (tmp_path / "bank.yaml").write_text(HEAD + body, encoding="utf-8")
    return load_banks([tmp_path], builtin=False)


@pytest.fixture(scope="module")
def report(bank: Bank) -> ValidationReport:
    return validate_banks(bank, seeds=1, checks=("keys", "misconceptions"))


def test_every_shipped_template_passes(report: ValidationReport) -> None:
    """Every key agrees with numeric differentiation; no misconception equals a key."""
    assert [line.render() for line in report.lines if line.render().startswith("FAIL")] == []
    assert report.ok


def test_every_statement_is_in_every_language(report: ValidationReport) -> None:
    """No shipped template lacks its Chinese (or English) text."""
    assert [r.template.id for r in report.results if r.warnings] == []


def test_the_checker_grades_the_keys_of_every_topic(bank: Bank) -> None:
    """Key and rewritten key are correct, key + 1 incorrect; a mal-rule that gives the key for
    a variant is at most a warning (one template per topic: the checker round trip is costly)."""
    one_per_topic = Bank(tuple({t.topic: t for t in bank.templates}.values()))
    report = validate_banks(one_per_topic, seeds=1, checks=("checker", "mal_rules"))
    assert [line.render() for line in report.lines if line.render().startswith("FAIL")] == []
    assert report.ok


def test_every_shipped_template_has_thirty_variants(bank: Bank) -> None:
    """The issue asks for at least 30 distinct variants per template (counted over 200 seeds)."""
    few = [(row.id, row.variants) for row in catalogue(bank) if row.variants < 30]
    assert few == []


def test_a_misconception_equal_to_the_key_fails(tmp_path: Path) -> None:
    """A 'misconception' that is the right answer is a failing line naming file and seed."""
    body = """    function: a*x**2
    statement: {phrase: differentiate}
    parts:
      - ask: derivative
    misconceptions:
      - id: not_wrong
        answer: 2*a*x
        feedback: {en: "Oops.", zh: "哎呀。"}
"""
    report = validate_banks(_bank(tmp_path, body), seeds=2, checks=("misconceptions",))
    assert not report.ok
    assert report.lines[0].render() == (
        f"FAIL sum.check ({tmp_path / 'bank.yaml'}): seed 0: "
        "misconception not_wrong gives the key itself (10*x)"
    )
    assert report.summary().render() == "1 templates: 0 passed, 1 failed, 0 with warnings"


def test_a_missing_language_is_a_warning(tmp_path: Path) -> None:
    """English only: usable, but validate says the Chinese text is missing."""
    body = """    function: a*x**2
    statement: {en: "Differentiate \\\\( {{ f | latex }} \\\\)."}
    parts:
      - ask: derivative
"""
    report = validate_banks(_bank(tmp_path, body), seeds=1, checks=("keys",))
    assert report.ok
    assert report.lines[0].render() == (
        f"warn sum.check ({tmp_path / 'bank.yaml'}): statement has no zh text"
    )


def test_a_key_defined_only_far_from_zero_is_verified(tmp_path: Path) -> None:
    """ln(3x - 9a) lives on x > 3a: the key is still checked at test points inside that domain."""
    body = """    function: log(3*x - 9*a)
    statement: {en: "Differentiate \\\\( {{ f | latex }} \\\\).", zh: "求导。"}
    parts:
      - ask: derivative
"""
    report = validate_banks(_bank(tmp_path, body), seeds=5, checks=("keys",))
    assert report.ok, [line.render() for line in report.lines]


def test_an_undefined_name_in_a_statement_fails(tmp_path: Path) -> None:
    """StrictUndefined: a misspelt name is an error naming the statement, never an empty string."""
    body = """    function: a*x**2
    statement: {en: "Differentiate {{ g }}.", zh: "求导 {{ f }}。"}
    parts:
      - ask: derivative
"""
    report = validate_banks(_bank(tmp_path, body), seeds=1, checks=())
    assert report.lines[0].render() == (
        f"FAIL sum.check ({tmp_path / 'bank.yaml'}): the text cannot be rendered: 'g' is undefined"
    )


def test_list_counts_variants(tmp_path: Path) -> None:
    """A template with four parameter values has four variants."""
    body = """    function: a*x**3
    statement: {phrase: differentiate}
    parts:
      - ask: derivative
"""
    (row,) = catalogue(_bank(tmp_path, body), seeds=50)
    assert row.to_json() == {
        "id": "sum.check",
        "topic": "sum",
        "title": "Check",
        "difficulty": 1,
        "variants": 4,
        "parts": ["derivative"],
    }


def test_schema_file_is_current() -> None:
    """problem_banks/schema.json is what the pydantic models say (regenerate with `schema`)."""
    text = (ROOT / "problem_banks" / "schema.json").read_text(encoding="utf-8")
    assert text == json_schema_text()
