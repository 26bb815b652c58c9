"""The shipped banks cover the chapter: every topic, every difficulty, both languages (issues 3, 8).

Soundness of each template (keys, checker, misconceptions) is `test_bank_validate.py`'s job; this
file checks coverage: how many templates, of which topics and difficulties, with how many variants,
in which languages, and that the chapter's own examples are instances of some template.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import sympy

from generator.bank import Bank, CompiledTemplate, instantiate, load_banks
from generator.bank.schema import TOPICS
from generator.bank.statements import missing_languages
from generator.bank.titles import missing_title_languages, title_in
from generator.bank.validate import count_variants
from generator.parsing import ParsedExpression, parse_answer

BANK: Bank = load_banks()
TEMPLATES = {t.id: t for t in BANK.templates}
VARIANT_SEEDS = 200
CJK = re.compile(r"[\u4e00-\u9fff]")

FAMILIES: dict[str, tuple[str, ...]] = {
    "basic rules": ("constant", "power", "sum"),
    "combination rules": ("product", "quotient", "chain"),
    "elementary functions": ("trig", "exponential", "logarithm", "higher_order"),
    "rates and tangents": ("slope", "limit_definition", "tangent_line"),
    "stationary points": ("stationary_points", "extrema"),
    "several variables": (
        "partial",
        "mixed_partial",
        "multivariable_chain",
        "gradient",
        "directional_derivative",
    ),
}
FIGURE_TOPICS = (
    "slope",
    "tangent_line",
    "limit_definition",
    "stationary_points",
    "extrema",
    "gradient",
    "directional_derivative",
)

# (chapter example, template id, parameter values as written in the template, inner functions)
CHAPTER: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
    ("(x^2 + 2x + 3)^2", "chain.power_of_quadratic", {"b": "2", "c": "3", "n": "2"}, {}),
    ("sin(x^3 - 3x)", "chain.trig_of_cubic", {"a": "1", "b": "-3", "g": "sin(a*x**3 + b*x)"}, {}),
    (
        "sin(x)^2",
        "chain.trig_squared",
        {"a": "1", "k": "1", "b": "0", "g": "sin(k*x + b)**2"},
        {},
    ),
    ("x^2 sin(x)", "product.power_times_trig", {"a": "1", "n": "2", "g": "sin(x)"}, {}),
    (
        "e^x cos(x)",
        "product.exp_times_trig",
        {"a": "1", "k": "1", "m": "1", "g": "cos(m*x)"},
        {},
    ),
    ("2^x + e^x", "exponential.a_to_the_x", {"a": "2", "c": "1", "d": "1"}, {}),
    ("x log(x)/log(2)", "logarithm.power_times_log_base", {"b": "2", "n": "1", "a": "1"}, {}),
    ("x^5 - 2x^3 + x + 2", "extrema.quintic_classify", {"k": "1", "c": "2", "s": "1"}, {}),
    (
        "x^5 - 2x^3 + x + 2",
        "stationary_points.quintic_family",
        {"k": "1", "c": "2", "s": "1"},
        {},
    ),
    ("x y + x/y", "mixed_partial.xy_plus_x_over_y", {"a": "1", "b": "1", "n": "1"}, {}),
    (
        "x^2 + y^2 + z^2 + 3xyz",
        "partial.three_variables",
        {"a": "1", "b": "1", "c": "1", "k": "3"},
        {},
    ),
    (
        "x^2 + y^2 + z^2 + 3xyz",
        "gradient.three_variables_at_point",
        {"k": "3", "p": "1", "q": "2", "w": "1"},
        {},
    ),
    (
        "e^(x y) cos(x) sin(y)",
        "partial.exp_trig",
        {"k": "1", "s": "1", "a": "1", "g": "cos(a*x)*sin(y)"},
        {},
    ),
    (
        "(3r + 2s)^3 + (r^2 - 3s)^3",
        "multivariable_chain.cubes",
        {"a": "3", "b": "2", "c": "-3"},
        {"x": "3r + 2s", "y": "r^2 - 3s"},
    ),
    (
        "x^2 + x y + y^2",
        "gradient.quadratic_at_point",
        {"a": "1", "b": "1", "c": "1", "p": "1", "q": "1/5"},
        {},
    ),
]


def _read(text: str, names: list[str]) -> sympy.Expr:
    parsed = parse_answer(text, names)
    assert isinstance(parsed, ParsedExpression), text
    return parsed.expr


def _function_for(
    template: CompiledTemplate, chosen: dict[str, str]
) -> tuple[sympy.Expr, dict[str, sympy.Expr]]:
    """f (and its inner functions) for parameter values the author's domains really contain."""
    names = [str(v) for v in template.variables]
    values: dict[sympy.Symbol, sympy.Expr] = {}
    for symbol, domain in template.params:
        wanted = _read(chosen[str(symbol)], names + [str(s) for s in values])
        assert wanted in domain, f"{symbol} = {wanted} is not in the domain of {template.id}"
        values[symbol] = wanted.xreplace(values)
    for symbol, expr in template.lets:
        values[symbol] = expr.xreplace(values)
    assert template.admits(values), f"{chosen} breaks a constraint of {template.id}"
    inner = {name: expr.xreplace(values) for name, expr in template.functions}
    function = template.function.xreplace(values).xreplace(inner)
    return function, {str(name): expr for name, expr in inner.items()}


def test_there_are_at_least_sixty_templates() -> None:
    """The issue asks for at least 60 templates in the shipped banks."""
    assert len(BANK.templates) >= 60


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_three_templates(topic: str) -> None:
    """Each of the 20 topics of DESIGN.md has at least three templates."""
    assert sum(1 for t in BANK.templates if t.topic == topic) >= 3


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_mixes_difficulties(topic: str) -> None:
    """No topic is all routine or all hard: at least two difficulty levels each."""
    levels = {t.source.difficulty for t in BANK.templates if t.topic == topic}
    assert len(levels) >= 2, levels


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_spans_difficulty_one_to_three(family: str) -> None:
    """Each family of topics has routine (1), standard (2) and hard (3) templates."""
    levels = Counter(t.source.difficulty for t in BANK.templates if t.topic in FAMILIES[family])
    assert set(levels) == {1, 2, 3}, levels


def test_the_families_partition_the_topics() -> None:
    """Every topic belongs to exactly one family, so the difficulty test sees all of them."""
    grouped = [topic for topics in FAMILIES.values() for topic in topics]
    assert sorted(grouped) == sorted(TOPICS)


@pytest.mark.parametrize("template", BANK.templates, ids=lambda t: t.id)
def test_every_template_has_thirty_variants(template: CompiledTemplate) -> None:
    """At least 30 distinct problems among 200 seeds, counted as `derivquiz list` counts them."""
    assert count_variants(template, VARIANT_SEEDS) >= 30


@pytest.mark.parametrize("template", BANK.templates, ids=lambda t: t.id)
def test_every_text_has_english_and_chinese(template: CompiledTemplate) -> None:
    """Statement, prompts and misconception feedback exist in en and zh (or use a phrase)."""
    source = template.source
    texts = [source.statement, *(p.prompt for p in source.parts if p.prompt)]
    texts += [m.feedback for m in source.misconceptions]
    assert [missing_languages(text) for text in texts] == [[] for _ in texts]


@pytest.mark.parametrize("template", BANK.templates, ids=lambda t: t.id)
def test_every_title_has_english_and_chinese(template: CompiledTemplate) -> None:
    """The title exists in en and zh; the Chinese one has Chinese text, the English one none."""
    title = template.source.title
    assert missing_title_languages(title) == []
    assert CJK.search(title_in(title, "zh")), title
    assert not CJK.search(title_in(title, "en")), title


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_titles_tell_templates_apart(lang: str) -> None:
    """No two templates share a title in either language (a teacher picks by title)."""
    titles = Counter(title_in(t.source.title, lang) for t in BANK.templates)
    assert [title for title, count in titles.items() if count > 1] == []
    assert len(titles) == 84


@pytest.mark.parametrize("template", BANK.templates, ids=lambda t: t.id)
def test_the_chinese_statement_is_chinese(template: CompiledTemplate) -> None:
    """Rendered in zh the statement has Chinese text; rendered in en it has none."""
    chinese = instantiate(template, 0, lang="zh").statement_latex
    english = instantiate(template, 0, lang="en").statement_latex
    assert CJK.search(chinese), chinese
    assert not CJK.search(english), english


@pytest.mark.parametrize(
    "template",
    [t for t in BANK.templates if t.topic in FIGURE_TOPICS and len(t.variables) <= 2],
    ids=lambda t: t.id,
)
def test_topics_that_want_a_picture_have_a_figure(template: CompiledTemplate) -> None:
    """Slopes, tangents, stationary points and gradients in one or two variables get a figure."""
    assert template.source.figure is not None


def test_extrema_templates_ask_a_multiple_choice_question() -> None:
    """Every extrema template has a max / min / neither part (a `choice` answer)."""
    without = [
        t.id
        for t in BANK.templates
        if t.topic == "extrema" and not any(p.kind == "choice" for p in t.parts)
    ]
    assert without == []


def test_multiple_choice_parts_appear_across_the_families() -> None:
    """Lettered options (`choices`) are offered in at least four families of topics."""
    families = {
        family
        for t in BANK.templates
        if any(p.source.choices for p in t.parts)
        for family, topics in FAMILIES.items()
        if t.topic in topics
    }
    assert len(families) >= 4, families


@pytest.mark.parametrize(
    ("example", "template_id", "chosen", "inner"),
    CHAPTER,
    ids=[f"{template_id}: {example}" for example, template_id, _, _ in CHAPTER],
)
def test_the_chapter_examples_are_instances(
    example: str, template_id: str, chosen: dict[str, str], inner: dict[str, str]
) -> None:
    """The chapter's own functions come out of a shipped template for some parameter values."""
    template = TEMPLATES[template_id]
    function, functions = _function_for(template, chosen)
    names = [str(v) for v in template.variables]
    assert sympy.expand(function - _read(example, names)) == 0
    for name, text in inner.items():
        assert sympy.expand(functions[name] - _read(text, names)) == 0
