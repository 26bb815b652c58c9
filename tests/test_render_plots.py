"""Figures: every kind draws from the manifest, byte-for-byte reproducibly, with a description.

Figures are checked for what they promise (inline SVG, PDF for LaTeX, no dates, unique ids per
figure, marks on the key only where the kind says so), not pixel by pixel.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from generator.model import Manifest, ProblemSpec
from generator.render import write_class_set
from generator.render.parallel import Background
from generator.render.plots import draw, render_figure

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return Manifest.model_validate_json((GOLDEN / "manifests" / "figures.json").read_text())


def problem(manifest: Manifest, number: int) -> ProblemSpec:
    return next(p for p in manifest.forms[0].problems if p.number == number)


DESCRIPTIONS = [
    (
        1,
        False,
        "Graph of the function with a dashed secant line through x = 2 and x = 3 and the tangent "
        "line at x = 2.",
        "函数的图像，虚线为经过 x = 2 与 x = 3 两点的割线，实线为 x = 2 处的切线。",
    ),
    (2, False, "Graph of the function.", "函数的图像。"),
    (
        2,
        True,
        "Graph of the function with its stationary points marked at x = -1, 1.",
        "函数的图像，驻点标在 x = -1, 1 处。",
    ),
    (
        3,
        False,
        "Surface z = f(x, y) near the marked point (1, 2).",
        "曲面 z = f(x, y) 在标出的点 (1, 2) 附近的图像。",
    ),
    (
        4,
        False,
        "Level curves of f with arrows showing its gradient field; the point (1, 1) is marked and "
        "the direction u is the thick arrow from it.",
        "f 的等高线，箭头表示其梯度场；图中标出了点 (1, 1)，从该点出发的粗箭头为方向 u。",
    ),
    (
        5,
        False,
        "Graph of the function with a dashed secant line through x = 0 and x = pi/2 and the "
        "tangent line at x = 0.",
        "函数的图像，虚线为经过 x = 0 与 x = pi/2 两点的割线，实线为 x = 0 处的切线。",
    ),
]


@pytest.mark.parametrize(
    ("number", "key", "english", "chinese"),
    DESCRIPTIONS,
    ids=[
        "secant-tangent-at-point",
        "stationary-worksheet",
        "stationary-key",
        "surface",
        "gradient-field-direction",
        "secant-through-points",
    ],
)
def test_each_figure_kind_is_described(
    manifest: Manifest, number: int, key: bool, english: str, chinese: str
) -> None:
    """The description names what is drawn, from the parts' points, in both languages."""
    plot = draw(problem(manifest, number), key=key)
    assert plot is not None
    assert plot.description.render("en") == english
    assert plot.description.render("zh") == chinese


def test_no_figure_asked_draws_nothing(manifest: Manifest) -> None:
    """ProblemSpec.figure None means no drawing at all."""
    assert draw(problem(manifest, 1).model_copy(update={"figure": None}), key=True) is None


def test_figures_are_reproducible(manifest: Manifest) -> None:
    """Drawing the same problem twice gives the same SVG text and PDF bytes, with no dates."""
    first = draw(problem(manifest, 2), key=True)
    second = draw(problem(manifest, 2), key=True)
    assert first is not None and second is not None
    assert first.svg() == second.svg()
    assert first.pdf() == second.pdf()
    assert first.svg().startswith("<svg")
    assert "<dc:date>" not in first.svg()
    assert b"CreationDate" not in first.pdf()


def test_key_marks_only_where_the_kind_says(manifest: Manifest) -> None:
    """The stationary-points key shows marks the worksheet lacks; other kinds are the same."""
    stationary = problem(manifest, 2)
    tangent = problem(manifest, 1)
    sheet, key = draw(stationary, key=False), draw(stationary, key=True)
    assert sheet is not None and key is not None
    assert sheet.svg() != key.svg()
    assert draw(tangent, key=False).svg() == draw(tangent, key=True).svg()  # type: ignore[union-attr]


def test_parallel_drawing_equals_serial(manifest: Manifest) -> None:
    """Many figures are drawn in worker processes; the result is the same, in the same order."""
    jobs = [(problem(manifest, 2), key) for key in (False, True)] * 8
    work = partial(render_figure, lang="zh", svg=True, pdf=False)
    with Background(len(jobs)) as parallel:
        drawn = parallel.submit(work, jobs)()
    with Background(2) as serial:
        assert drawn == serial.submit(work, jobs[:2])() * 8


def test_html_inlines_each_figure_with_its_description(manifest: Manifest, tmp_path: Path) -> None:
    """Figures are inline SVG inside an img-role container labelled by the description."""
    write_class_set(manifest, tmp_path, ["html"])
    html = (tmp_path / "key-A.html").read_text()
    assert html.count('<div class="plot" role="img" aria-label="') == 5
    assert html.count("<svg") == 5
    ids = re.findall(r'<clipPath id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) > 0
    assert "stationary points marked" in html
    worksheet = (tmp_path / "worksheet-A.html").read_text()
    assert "stationary points marked" not in worksheet


def test_latex_includes_each_figure_as_a_pdf(manifest: Manifest, tmp_path: Path) -> None:
    """The .tex files include figures/fig-*.pdf written next to them; shared ones once."""
    write_class_set(manifest, tmp_path, ["latex"])
    included = set()
    for name in ("worksheet-A.tex", "key-A.tex"):
        included |= set(
            re.findall(r"\\includegraphics\[[^]]*\]\{([^}]+)\}", (tmp_path / name).read_text())
        )
    assert len(included) == 6
    assert sorted(included) == sorted(f"figures/{p.name}" for p in (tmp_path / "figures").iterdir())
    assert all((tmp_path / path).read_bytes().startswith(b"%PDF") for path in included)
