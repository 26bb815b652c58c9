"""The practice page in real headless Chromium, served by a real `derivquiz serve` process."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`derivquiz serve` in its own process, as a deployment runs it."""
    port = _free_port()
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port)]
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "derivquiz serve did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(
    browser: object, base_url: str, *, width: int = 1000
) -> tuple[object, list[str], list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if not request.url.startswith(base_url) else None
        ),
    )
    return page, errors, foreign


def test_practice_round_trip(browser: object, base_url: str) -> None:
    """Load, pick a template, type (see the preview), submit by keyboard, see verdict and steps."""
    page, errors, foreign = _page(browser, base_url)
    page.goto(f"{base_url}/?lang=en")
    page.select_option("#topic", "power")
    page.wait_for_function("document.querySelector('#template').options.length > 0")
    # Keyboard only from here: Tab to the button, Enter; the answer box takes the focus.
    page.focus("#template")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "new-problem"
    page.keyboard.press("Enter")
    answer = page.locator("#parts input.answer").first
    answer.wait_for()
    page.wait_for_function("document.activeElement.classList.contains('answer')")
    page.keyboard.type("3x^2 + 2x")
    page.wait_for_selector("#parts .preview-math math")
    answer.fill("3x^^2")
    page.wait_for_selector("#parts .preview-error:not([hidden])")
    assert "column" in page.inner_text("#parts .preview-error")
    answer.fill("3x^2 + 2x")
    page.keyboard.press("Enter")
    page.wait_for_selector("#parts .result:not([hidden]) .verdict")
    verdict = page.inner_text("#parts .verdict")
    assert verdict in {"Correct", "Not correct"}
    assert page.inner_text("#parts .feedback")
    assert page.locator("#parts .steps li").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "practice-page.png"), full_page=True)
    assert errors == []
    assert foreign == []


def test_practice_page_in_chinese_on_a_phone(browser: object, base_url: str) -> None:
    """The language switch gives the page in Chinese; on a phone-wide screen nothing overflows."""
    page, errors, _ = _page(browser, base_url, width=375)
    page.goto(f"{base_url}/?lang=en")
    page.click("nav a[hreflang=zh]")
    page.wait_for_url("**lang=zh")
    assert page.get_attribute("html", "lang") == "zh"
    assert "导数练习" in page.inner_text("h1")
    page.wait_for_function("document.querySelector('#template').options.length > 0")
    picker = page.locator("#template option").all_inner_texts()
    assert all(re.search(r"[\u4e00-\u9fff]", title) for title in picker), picker
    page.click("#new-problem")
    page.locator("#parts input.answer").first.wait_for()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
    page.screenshot(path=str(ARTIFACTS / "practice-page-zh-phone.png"), full_page=True)
    assert errors == []
