"""Math typesetting in HTML (tight brackets, primes in place), classify options, and shared work.

A class set shares figures and worked steps between students whose parameters coincide; these
tests check that by counting calls to the real worked-steps engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import generator.rules
from generator.model import Choice, Manifest
from generator.render import write_class_set
from generator.render.mathml import formula_to_mathml

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"


def load(name: str) -> Manifest:
    return Manifest.model_validate_json((GOLDEN / "manifests" / f"{name}.json").read_text())


def inner(latex: str) -> str:
    """The MathML of a formula without its `<math>` wrapper and outer `<mrow>`."""
    markup = str(formula_to_mathml(latex))
    return re.sub(r"^<math[^>]*><mrow>|</mrow></math>$", "", markup)


TIGHT = '<mo stretchy="false" lspace="0" rspace="0">'


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\sin{\left(4 x \right)}", f"<mi>sin</mi><mrow><mrow>{TIGHT}(</mo><mn>4</mn><mi>x</mi>"),
        (r"2 \log{\left(2 \right)}", f"<mrow>{TIGHT}(</mo><mn>2</mn>{TIGHT})</mo></mrow>"),
        (r"f'(x)", '<mi>f</mi><mo lspace="0" rspace="0">′</mo><mo stretchy="false">(</mo>'),
        (r"f''(x)", '<mi>f</mi><mo lspace="0" rspace="0">″</mo>'),
        (r"f^{\prime}(x)", '<mi>f</mi><mo lspace="0" rspace="0">′</mo>'),
        (r"\left\{-1, 1\right\}", f'{TIGHT}{{</mo><mo form="prefix">−</mo><mn>1</mn>'),
        (r"x = -1", '<mo>=</mo><mo form="prefix">−</mo><mn>1</mn>'),
        (r"a - b", "<mi>a</mi><mo>−</mo><mi>b</mi>"),
        (r"x^{2}", "<msup><mi>x</mi><mrow><mn>2</mn></mrow></msup>"),
        (
            r"\left(\frac{1}{x}\right)",
            '<mo stretchy="true" fence="true" form="prefix">(</mo><mfrac>',
        ),
    ],
    ids=[
        "sin-argument",
        "log-argument",
        "prime",
        "double-prime",
        "prime-command",
        "sign-in-set",
        "sign-after-equals",
        "binary-minus",
        "power-is-a-superscript",
        "fraction-keeps-stretchy",
    ],
)
def test_formula_typesetting(latex: str, expected: str) -> None:
    """Brackets around one line are ordinary and tight; tall content keeps stretchy fences."""
    assert expected in inner(latex)


def classify_as_bank_writes_it(manifest: Manifest) -> Manifest:
    """The golden manifest with its classify part labelled as the bank labels it (max, min…)."""
    forms = []
    for form in manifest.forms:
        problems = []
        for problem in form.problems:
            parts = [
                part.model_copy(
                    update={
                        "choices": [
                            Choice(
                                label=c.answer,
                                answer=c.answer,
                                answer_latex=rf"\text{{{c.answer}}}",
                                correct=c.correct,
                            )
                            for c in part.choices
                        ]
                    }
                )
                if part.kind == "choice" and part.choices
                else part
                for part in problem.parts
            ]
            problems.append(problem.model_copy(update={"parts": parts}))
        forms.append(form.model_copy(update={"problems": problems}))
    return manifest.model_copy(update={"forms": forms[:1]})


@pytest.mark.parametrize(
    ("relabel", "present", "absent"),
    [
        (
            False,
            ['<span class="choice-label">(A)</span>', "Answer: A</p>"],
            ['<p class="options">'],
        ),
        (
            True,
            [
                '<p class="options"><math',
                "<mtext>max</mtext></mrow></math> / <math",
                'Answer: <math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" '
                'alttext="\\text{max}">',
            ],
            ["(max)", '<span class="choice-label">'],
        ),
    ],
    ids=["lettered-choices", "classify-options-inline"],
)
def test_choices_layout(
    tmp_path: Path, relabel: bool, present: list[str], absent: list[str]
) -> None:
    """Lettered choices stay lettered; options that are their own labels read max / min / …"""
    manifest = load("small-en")
    manifest = classify_as_bank_writes_it(manifest) if relabel else one_form(manifest)
    write_class_set(manifest, tmp_path, ["html", "latex"])
    key = (tmp_path / "key-A.html").read_text()
    for text in present:
        assert text in key
    for text in absent:
        assert text not in key
    tex = (tmp_path / "key-A.tex").read_text()
    assert ("\\item[(A)]" in tex) is not relabel
    options = r"\(\displaystyle \text{max}\) / \(\displaystyle \text{min}\) / "
    assert (options in tex) is relabel


def one_form(manifest: Manifest) -> Manifest:
    return manifest.model_copy(update={"forms": manifest.forms[:1]})


def test_equal_parts_are_solved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two students with the same parameters (other seeds, numbers) share each worked solution."""
    manifest = one_form(load("small-en"))
    (form,) = manifest.forms
    twin = form.model_copy(
        update={
            "form": "B",
            "seed": form.seed + 1,
            "problems": [p.model_copy(update={"seed": p.seed + 7}) for p in form.problems],
        }
    )
    calls: list[str] = []
    real = generator.rules.explain

    def counting(problem, part):  # type: ignore[no-untyped-def]
        calls.append(part.label)
        return real(problem, part)

    monkeypatch.setattr(generator.rules, "explain", counting)
    write_class_set(
        manifest.model_copy(update={"forms": [form, twin]}), tmp_path, ["html"], solutions=True
    )
    parts = sum(len(problem.parts) for problem in form.problems)
    assert len(calls) == parts
    steps = [
        re.findall(r'<ol class="steps".*?</ol>', (tmp_path / f"key-{name}.html").read_text(), re.S)
        for name in "AB"
    ]
    assert len(steps[0]) == 3
    assert steps[0] == steps[1]
