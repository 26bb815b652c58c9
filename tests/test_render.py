"""Worksheets and keys in HTML and LaTeX: golden files, file names, escaping, overrides, errors.

Set DERIVQUIZ_UPDATE_GOLDEN=1 to rewrite the golden files from the current output (then read the
diff before committing it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sympy

from generator.errors import UsageError
from generator.latex import house_latex
from generator.model import Manifest
from generator.render import write_class_set
from generator.render.mathml import formula_to_mathml, split_math, text_to_html
from generator.render.pdf import log_excerpt
from generator.render.texescape import escape_tex, text_to_tex

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
UPDATE = os.environ.get("DERIVQUIZ_UPDATE_GOLDEN") == "1"


def load(name: str) -> Manifest:
    return Manifest.model_validate_json((GOLDEN / "manifests" / f"{name}.json").read_text())


def one_form(manifest: Manifest) -> Manifest:
    return manifest.model_copy(update={"forms": manifest.forms[:1]})


GOLDEN_CASES = [
    (lang, name)
    for lang in ("en", "zh")
    for name in ("worksheet-A.html", "key-A.html", "worksheet-A.tex", "key-A.tex")
]


@pytest.mark.parametrize(
    ("lang", "name"), GOLDEN_CASES, ids=[f"{lang}-{name}" for lang, name in GOLDEN_CASES]
)
def test_output_matches_golden_file(tmp_path: Path, lang: str, name: str) -> None:
    """A one-form worksheet and key render exactly as the reviewed golden files."""
    write_class_set(one_form(load(f"small-{lang}")), tmp_path, ["html", "latex"])
    produced = (tmp_path / name).read_text(encoding="utf-8")
    golden = GOLDEN / f"small-{lang}" / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("formats", "key", "expected"),
    [
        (
            ["html"],
            True,
            [
                "worksheet-A.html",
                "worksheet-s1234.html",
                "key-A.html",
                "key-s1234.html",
                "worksheets-all.html",
                "keys-all.html",
            ],
        ),
        (
            ["latex"],
            False,
            ["worksheet-A.tex", "worksheet-s1234.tex", "worksheets-all.tex"],
        ),
    ],
    ids=["html-with-keys", "latex-without-keys"],
)
def test_file_names_say_what_each_file_is(
    tmp_path: Path, formats: list[str], key: bool, expected: list[str]
) -> None:
    """One worksheet (and key) per form or student, plus -all files when there are several."""
    written = write_class_set(load("small-en"), tmp_path, formats, key=key)
    assert [path.name for path in written] == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)


def test_sheets_in_one_file_are_separated_by_page_breaks(tmp_path: Path) -> None:
    """The class-set file starts every sheet after the first on a new page, in both formats."""
    write_class_set(load("small-en"), tmp_path, ["html", "latex"])
    html = (tmp_path / "worksheets-all.html").read_text()
    tex = (tmp_path / "worksheets-all.tex").read_text()
    assert html.count('<article class="sheet"') == 2
    assert "break-before: page" in html
    assert tex.count("\\clearpage") == 1


def test_student_sheet_prints_name_and_id(tmp_path: Path) -> None:
    """A roster form carries the student's name and id instead of blank lines."""
    write_class_set(load("small-en"), tmp_path, ["html", "latex"], key=False)
    html = (tmp_path / "worksheet-s1234.html").read_text()
    assert "<strong>Ada Lovelace</strong>" in html
    assert "<strong>s1234</strong>" in html
    assert "\\textbf{Ada Lovelace}" in (tmp_path / "worksheet-s1234.tex").read_text()


def test_teacher_text_is_escaped(tmp_path: Path) -> None:
    """Course, title and names are text: HTML-escaped in HTML, LaTeX-escaped in LaTeX."""
    manifest = load("small-en").model_copy(
        update={"course": "<script>alert(1)</script> 100% #1", "title": "A_b & {c}"}
    )
    write_class_set(manifest, tmp_path, ["html", "latex"], key=False)
    html = (tmp_path / "worksheet-A.html").read_text()
    tex = (tmp_path / "worksheet-A.tex").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 100% #1" in html
    assert r"100\% \#1" in tex
    assert r"A\_b \& \{c\}" in tex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", "November 27, 2026"),
        ("Week 3", "Week 3"),
    ],
    ids=["iso-date-formatted", "free-text-kept"],
)
def test_date_is_formatted_for_the_reader(tmp_path: Path, text: str, expected: str) -> None:
    """An ISO date is printed in the locale's long form; other text as the teacher wrote it."""
    write_class_set(
        one_form(load("small-en")).model_copy(update={"date": text}), tmp_path, ["html"]
    )
    assert f'<p class="date">{expected}</p>' in (tmp_path / "worksheet-A.html").read_text()


def test_chinese_worksheet_is_in_chinese(tmp_path: Path) -> None:
    """lang zh gives <html lang="zh-Hans">, Chinese headings and a Chinese date; xelatex + ctex."""
    write_class_set(one_form(load("small-zh")), tmp_path, ["html", "latex"])
    html = (tmp_path / "worksheet-A.html").read_text()
    assert '<html lang="zh-Hans">' in html
    for phrase in ("第 1 题", "总分：4 分", "2026年11月27日", "姓名："):
        assert phrase in html
    assert "\\usepackage[UTF8,fontset=none]{ctex}" in (tmp_path / "key-A.tex").read_text()


def test_templates_dir_overrides_a_template_by_name(tmp_path: Path) -> None:
    """A teacher's folder wins over the shipped templates for the names it has, only those."""
    overrides = tmp_path / "mine"
    overrides.mkdir()
    (overrides / "style.css").write_text("body { color: teal; }\n")
    write_class_set(one_form(load("small-en")), tmp_path / "out", ["html"], templates_dir=overrides)
    html = (tmp_path / "out" / "worksheet-A.html").read_text()
    assert "body { color: teal; }" in html
    assert "Problem 1" in html


def test_broken_override_is_a_usage_error(tmp_path: Path) -> None:
    """A template that uses an unknown variable fails loudly (StrictUndefined), naming itself."""
    overrides = tmp_path / "mine"
    overrides.mkdir()
    (overrides / "worksheet.html").write_text("{{ doc.teacher }}\n")
    with pytest.raises(UsageError) as caught:
        write_class_set(load("small-en"), tmp_path / "out", ["html"], templates_dir=overrides)
    assert caught.value.render() == (
        "The template worksheet.html could not be rendered: "
        "'generator.render.views.DocumentView object' has no attribute 'teacher'"
    )


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    """Only html, latex and pdf are rendered here; anything else is refused by name."""
    with pytest.raises(UsageError) as caught:
        write_class_set(load("small-en"), tmp_path, ["html", "docx"])
    assert caught.value.render() == "Unknown output format docx; choose from html, latex, pdf."
    assert caught.value.render("zh") == "未知的输出格式 docx；可选格式为 html, latex, pdf。"


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["Chain rule: the outer function is f(u) =", "Put the pieces together."]),
        ("zh", ["链式法则", "把各部分合起来。"]),
    ],
    ids=["en", "zh"],
)
def test_key_with_solutions_shows_worked_steps(
    tmp_path: Path, lang: str, phrases: list[str]
) -> None:
    """With solutions the key lists each part's steps (text and formula); the worksheet never."""
    write_class_set(one_form(load(f"small-{lang}")), tmp_path, ["html", "latex"], solutions=True)
    key_html = (tmp_path / "key-A.html").read_text()
    key_tex = (tmp_path / "key-A.tex").read_text()
    assert key_html.count('<ol class="steps"') == 3
    assert key_tex.count("\\begin{enumerate}") == 3
    for phrase in phrases:
        assert phrase in key_html
        assert phrase in key_tex
    assert "steps" not in (tmp_path / "worksheet-A.html").read_text().split("<body>")[1]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("plain", [("text", "plain")]),
        (r"Let \(f(x) = x^2\).", [("text", "Let "), ("inline", "f(x) = x^2"), ("text", ".")]),
        (r"\[ y = 1 \]", [("display", "y = 1")]),
        (r"a \(x\) b \(y\)", [("text", "a "), ("inline", "x"), ("text", " b "), ("inline", "y")]),
        (r"n = $3$, costs \$5", [("text", "n = "), ("inline", "3"), ("text", r", costs \$5")]),
    ],
    ids=["text-only", "inline-in-sentence", "display", "two-formulas", "dollars"],
)
def test_text_is_split_into_text_and_formulas(text: str, pieces: list[tuple[str, str]]) -> None:
    """Statements are text with \\( … \\) and \\[ … \\] formulas, found without a TeX engine."""
    assert list(split_math(text)) == pieces


def test_formula_becomes_mathml_with_alt_text() -> None:
    """Each formula is a MathML element that keeps its LaTeX as alttext, escaped exactly once."""
    assert formula_to_mathml(r"x < 1") == (
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" alttext="x &lt; 1">'
        "<mrow><mi>x</mi><mo>&lt;</mo><mn>1</mn></mrow></math>"
    )
    assert 'display="block"' in formula_to_mathml("x", display=True)


def test_text_around_formulas_is_escaped() -> None:
    """Text outside formulas is escaped for HTML and for LaTeX; formulas are kept."""
    assert str(text_to_html(r"a<b \(x\)")).startswith("a&lt;b <math")
    assert text_to_tex(r"50% of \(x_1\)") == r"50\% of \(x_1\)"
    assert escape_tex("~^\\") == r"\textasciitilde{}\textasciicircum{}\textbackslash{}"


x, y = sympy.symbols("x y")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (sympy.log(x), r"\ln{\left(x \right)}"),
        (sympy.asin(x), r"\arcsin{\left(x \right)}"),
        (sympy.Tuple(2 * x, 3 * y), r"\left(2 x, 3 y\right)"),
        (sympy.FiniteSet(1, -1, sympy.Rational(1, 2)), r"\left\{-1, \frac{1}{2}, 1\right\}"),
    ],
    ids=["ln", "arcsin", "tuple", "sorted-set"],
)
def test_house_latex_style(expr: sympy.Basic, expected: str) -> None:
    """Keys print ln, arcsin, plain tuples and sorted sets, as a teacher writes them."""
    assert house_latex(expr) == expected


def test_house_latex_rejects_unknown_settings() -> None:
    """Settings are sympy's; a misspelt one is an error, not silently ignored."""
    with pytest.raises(TypeError, match="Unknown setting 'mul_symbl'"):
        house_latex(x, mul_symbl="dot")


LOG = """This is pdfTeX
(./worksheet-A.tex
! Undefined control sequence.
l.12 \\foo
          {x}
Here is how much of TeX's memory you used:
 1 string
 2 strings
No pages of output."""


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        (
            LOG,
            "! Undefined control sequence.\nl.12 \\foo\n          {x}\nHere is how much of TeX's "
            "memory you used:\n 1 string\n 2 strings\nNo pages of output.",
        ),
        ("a\nb\nc", "a\nb\nc"),
    ],
    ids=["error-with-context", "no-error-line-gives-tail"],
)
def test_log_excerpt_shows_the_error_lines(log: str, expected: str) -> None:
    """A failed compile shows the `!` lines with a little context, never the whole log."""
    assert log_excerpt(log) == expected


@pytest.mark.slow
def test_every_shipped_figure_renders(tmp_path: Path) -> None:
    """Every shipped template that asks for a figure gets one drawn from a real instance."""
    from generator.bank.generate import GenerateRequest, generate
    from generator.bank.loading import load_banks

    ids = tuple(t.id for t in load_banks().templates if t.source.figure is not None)
    manifest = generate(GenerateRequest(templates=ids, count=len(ids), seed=7, title="All"))
    write_class_set(manifest, tmp_path, ["html"])
    problems = manifest.forms[0].problems
    assert len(problems) == len(ids) > 0
    assert all(problem.figure is not None for problem in problems)
    key = (tmp_path / "key-A.html").read_text()
    assert key.count('<section class="problem"') == key.count("<svg") == len(problems)
