"""A template's own misconceptions: carried into the manifest, diagnosed by the checker and grade.

The template's misconception is tried before the rule engine, so an author can name (and explain)
even a wrong answer the engine also knows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.bank.instantiate import instantiate
from generator.bank.loading import CompiledTemplate, load_file
from generator.bank.manifest import write_manifest
from generator.checking import check_part
from generator.cli import main
from generator.model import FormSpec, Manifest, ProblemSpec, TemplateMisconception

BANK = """\
templates:
  - id: chain.sine_of_linear
    topic: chain
    title: Sine of a linear function
    difficulty: 1
    variables: [x]
    params:
      k: {type: int, min: 2, max: 9}
    function: sin(k*x)
    statement: {phrase: differentiate}
    parts:
      - ask: derivative
    misconceptions:
      - id: inner_derivative_missing
        answer: cos(k*x)
        feedback:
          en: "Multiply by the derivative of the inside, {{ k }}."
          zh: "还要乘以内层函数的导数 {{ k }}。"
      - id: sine_kept
        answer: k*sin(k*x)
        feedback:
          en: "The derivative of sine is cosine."
"""
SEED = 0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> CompiledTemplate:
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_file(path)[0]


@pytest.fixture(scope="module")
def problem(template: CompiledTemplate) -> ProblemSpec:
    return instantiate(template, SEED)


def _k(problem: ProblemSpec) -> int:
    return int(problem.function.split("*")[0].removeprefix("sin("))


def test_the_manifest_carries_each_misconception_in_every_language(problem: ProblemSpec) -> None:
    """Answers after substitution; feedback rendered with the instance's values, per language."""
    k = _k(problem)
    assert problem.parts[0].misconceptions == [
        TemplateMisconception(
            id="inner_derivative_missing",
            answer=f"cos({k}*x)",
            feedback={
                "en": f"Multiply by the derivative of the inside, {k}.",
                "zh": f"还要乘以内层函数的导数 {k}。",
            },
        ),
        TemplateMisconception(
            id="sine_kept",
            answer=f"{k}*sin({k}*x)",
            feedback={"en": "The derivative of sine is cosine."},
        ),
    ]


def test_the_manifest_round_trips_through_json(problem: ProblemSpec, tmp_path: Path) -> None:
    """What `generate` writes, `grade` reads back unchanged."""
    manifest = Manifest(
        derivquiz="0.1.0", seed=1, forms=[FormSpec(form="A", seed=1, problems=[problem])]
    )
    path = write_manifest(manifest, tmp_path / "manifest.json")
    assert Manifest.model_validate_json(path.read_text("utf-8")) == manifest


CASES = [
    # (answer with {k}, lang, status, diagnosis, feedback with {k})
    pytest.param("cos({k}x)", "en", "inner_derivative_missing",
                 "Multiply by the derivative of the inside, {k}.", id="own-en"),
    pytest.param("cos({k}x)", "zh", "inner_derivative_missing",
                 "还要乘以内层函数的导数 {k}。", id="own-zh"),
    pytest.param("cos(x*{k}) + 0", "en", "inner_derivative_missing",
                 "Multiply by the derivative of the inside, {k}.", id="own-written-otherwise"),
    pytest.param("{k} sin({k}x)", "zh", "sine_kept",
                 "The derivative of sine is cosine.", id="english-only-falls-back"),
    pytest.param("2*{k}cos({k}x)", "en", "constant_factor",
                 "Your answer is \\(2\\) times the derivative: check the constant factors.",
                 id="rule-engine-after"),
]  # fmt: skip


@pytest.mark.parametrize(("answer", "lang", "diagnosis", "feedback"), CASES)
def test_check_part_diagnoses_the_templates_misconceptions(
    problem: ProblemSpec, answer: str, lang: str, diagnosis: str, feedback: str
) -> None:
    """Equivalent to a template misconception: its id and the author's feedback in `lang`."""
    k = _k(problem)
    verdict = check_part(problem, problem.parts[0], answer.format(k=k), lang=lang)
    assert (verdict.status, verdict.diagnosis, verdict.feedback) == (
        "incorrect",
        diagnosis,
        feedback.format(k=k),
    )


def test_the_template_wins_over_the_rule_engine(problem: ProblemSpec) -> None:
    """Without the template's entry the engine names cos(kx) itself; with it, the author does."""
    part = problem.parts[0]
    answer = f"cos({_k(problem)}x)"
    bare = part.model_copy(update={"misconceptions": []})
    engine = check_part(problem, bare, answer)
    assert engine.status == "incorrect" and engine.diagnosis not in (
        None,
        "inner_derivative_missing",
    )
    assert check_part(problem, part, answer).diagnosis == "inner_derivative_missing"


@pytest.mark.parametrize(
    ("lang", "feedback"),
    [
        pytest.param("en", "Multiply by the derivative of the inside, {k}.", id="en"),
        pytest.param("zh", "还要乘以内层函数的导数 {k}。", id="zh"),
    ],
)
def test_grade_reports_the_templates_misconception(
    problem: ProblemSpec,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    feedback: str,
) -> None:
    """`derivquiz grade` with the real checker: item analysis counts it, the student reads it."""
    k = _k(problem)
    manifest = Manifest(
        derivquiz="0.1.0", seed=1, forms=[FormSpec(form="A", seed=1, problems=[problem])]
    )
    manifest_path = write_manifest(manifest, tmp_path / "manifest.json")
    answers = tmp_path / "answers.csv"
    answers.write_text(f"student,form,q1\nann,A,cos({k}x)\nbob,A,{k}cos({k}x)\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["derivquiz", "grade", str(manifest_path), str(answers), "-o", str(out)]
    monkeypatch.setattr(sys, "argv", [*argv, "--jobs", "1", "--lang", lang])
    with pytest.raises(SystemExit) as caught:
        main()
        sys.exit(0)
    capsys.readouterr()
    assert caught.value.code in (0, None)
    summary = json.loads((out / "item_analysis.json").read_text("utf-8"))
    diagnoses = summary["parts"][0]["diagnoses"]
    assert [(item["id"], item["count"]) for item in diagnoses] == [("inner_derivative_missing", 1)]
    assert feedback.format(k=k) in (out / "feedback" / "ann.html").read_text("utf-8")


def test_an_unreadable_misconception_never_breaks_a_verdict(problem: ProblemSpec) -> None:
    """A hand-edited manifest entry that cannot be read is skipped; the verdict still comes."""
    part = problem.parts[0]
    broken = TemplateMisconception(id="broken", answer="cos(", feedback={"en": "never shown"})
    edited = part.model_copy(update={"misconceptions": [broken, *part.misconceptions]})
    verdict = check_part(problem, edited, f"cos({_k(problem)}x)")
    assert (verdict.status, verdict.diagnosis) == ("incorrect", "inner_derivative_missing")
