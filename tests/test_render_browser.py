"""The HTML worksheet in a real headless Chromium: MathML renders, nothing is fetched, no errors.

A screenshot of each page is kept under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Manifest
from generator.render import write_class_set

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "render"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MATHML = "http://www.w3.org/1998/Math/MathML"


@pytest.fixture(scope="module")
def browser() -> object:
    if not CHROMIUM.is_file():
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


CASES = [
    ("small-en", "worksheets-all.html"),
    ("small-zh", "keys-all.html"),
    ("figures", "key-A.html"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("manifest", "name"), CASES, ids=[f"{m}-{n}" for m, n in CASES])
def test_html_renders_offline_with_mathml(
    browser: object, tmp_path: Path, manifest: str, name: str
) -> None:
    """Every formula is a laid-out MathML element; the page makes no request and logs no error."""
    data = Manifest.model_validate_json((GOLDEN / "manifests" / f"{manifest}.json").read_text())
    write_class_set(data, tmp_path, ["html"])
    page_url = (tmp_path / name).as_uri()
    page = browser.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_url)
    maths = page.evaluate(
        """() => [...document.querySelectorAll('math')].map(m => ({
            ns: m.namespaceURI, alt: m.getAttribute('alttext'),
            width: m.getBoundingClientRect().width, height: m.getBoundingClientRect().height}))"""
    )
    page_figures = page.evaluate(
        """() => [...document.querySelectorAll('.plot')].map(d => [
            d.getAttribute('role'), d.querySelector('svg').getBoundingClientRect().width > 100])"""
    )
    headings = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3')].map(h => h.tagName)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"render-{manifest}-{name}.png"), full_page=True)
    page.close()
    assert requests == [page_url]
    assert problems == []
    assert len(maths) >= 8
    for math in maths:
        assert math["ns"] == MATHML
        assert math["alt"]
        assert math["width"] > 0 and math["height"] > 0
    drawn = sum(problem.figure is not None for form in data.forms for problem in form.problems)
    assert page_figures == [["img", True]] * drawn
    assert headings[0] == "H1"
    assert all(level in ("H1", "H2") for level in headings)
