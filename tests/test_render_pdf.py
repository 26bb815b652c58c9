"""PDF worksheets and keys really compile: pdflatex for English, xelatex + ctex for Chinese.

Checked with poppler's pdfinfo (page count) and pdftotext (the problem's words are in the PDF).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.model import Manifest
from generator.render import write_class_set
from generator.render.pdf import compile_pdf

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
NEEDS_POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def load(name: str) -> Manifest:
    return Manifest.model_validate_json((GOLDEN / "manifests" / f"{name}.json").read_text())


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


CASES = [
    (
        "en",
        "pdflatex",
        {
            "worksheet-A.pdf": (1, ["Problem 1", "Find the derivative of", "Name:", "Total: 4 pt"]),
            "key-A.pdf": (
                3,
                ["Answer key: Quiz 3 & chain rule", "Answer: A", "Chain rule", "−6 < 0"],
            ),
            "worksheets-all.pdf": (2, ["Ada Lovelace", "s1234", "Form A"]),
        },
    ),
    (
        "zh",
        "xelatex",
        {
            "worksheet-A.pdf": (
                1,
                [
                    "第 1 题",
                    "求函数",
                    "的导数",
                    "姓名：",
                    "总分：4 分",
                    "A 卷",
                    "2026 年 11 月 27 日",
                ],
            ),
            "key-A.pdf": (3, ["参考答案：第三次小测", "答案： A", "链式法则", "极大值点"]),
        },
    ),
]


@NEEDS_POPPLER
@pytest.mark.slow
@pytest.mark.parametrize(("lang", "engine", "expected"), CASES, ids=[c[0] for c in CASES])
def test_worksheet_and_key_compile_to_pdf(
    tmp_path: Path, lang: str, engine: str, expected: dict[str, tuple[int, list[str]]]
) -> None:
    """Each PDF has its pages and the problem's text (and worked steps), in the class's language."""
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed")
    manifest = load(f"small-{lang}")
    if "worksheets-all.pdf" not in expected:  # xelatex is slow: one form is enough for zh
        manifest = manifest.model_copy(update={"forms": manifest.forms[:1]})
    written = write_class_set(manifest, tmp_path, ["pdf"], solutions=True)
    assert {path.name for path in written} >= set(expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    for name, (count, phrases) in expected.items():
        pdf = tmp_path / name
        assert pages(pdf) == count, name
        content = text(pdf)
        for phrase in phrases:
            assert phrase in content, f"{name}: {phrase!r} not in {content!r}"


def test_missing_tex_names_the_program_and_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without TeX on PATH, nothing is written and the message says what to install."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(UsageError) as caught:
        write_class_set(load("small-zh"), tmp_path / "out", ["html", "pdf"])
    assert caught.value.render() == (
        "xelatex is not installed, so no PDF can be made; install it with: "
        "apt-get install texlive-xetex texlive-lang-chinese fonts-noto-cjk"
    )
    assert caught.value.render("zh").startswith("未安装 xelatex，无法生成 PDF")
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_failed_compile_shows_the_relevant_log_lines(tmp_path: Path) -> None:
    """A broken document gives the TeX error and its line, not hundreds of lines of log."""
    source = "\\documentclass{article}\n\\begin{document}\n\\nosuchmacro{x}\n\\end{document}\n"
    with pytest.raises(UsageError) as caught:
        compile_pdf(source, "broken", tmp_path, engine="pdflatex", assets=None)
    message = caught.value.render()
    assert message.startswith(
        "pdflatex could not compile broken.tex:\n! Undefined control sequence."
    )
    assert "l.3 \\nosuchmacro" in message
    assert len(message.splitlines()) <= 21
    assert list(tmp_path.iterdir()) == []
