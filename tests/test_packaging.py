"""An installed wheel (not the source tree) finds its templates, problem banks and catalogs."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("derivquiz-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv that sees the test machine's dependencies but has derivquiz only from the wheel."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    return python


@pytest.mark.parametrize(
    "member",
    [
        "generator/templates/worksheet.html",
        "generator/templates/worksheet.tex",
        "generator/problem_banks/chains.yaml",
        "generator/locale/zh/LC_MESSAGES/parsing.po",
    ],
)
def test_wheel_contains(wheel: Path, member: str) -> None:
    """Each kind of shipped data file is in the wheel at the path the code looks for it."""
    assert member in zipfile.ZipFile(wheel).namelist()


def test_installed_wheel_generates_from_its_own_data(installed: Path, tmp_path: Path) -> None:
    """From an unrelated folder, the installed package lists the banks and renders a worksheet."""
    where = subprocess.run(
        [str(installed), "-c", "import generator, sys; sys.stdout.write(generator.__file__)"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(installed.parent.parent) in where
    listing = subprocess.run(
        [str(installed), "-m", "generator", "list", "--json"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    assert len(json.loads(listing.stdout)) >= 60
    subprocess.run(
        [
            str(installed),
            "-m",
            "generator",
            "generate",
            "--count",
            "3",
            "--seed",
            "1",
            "--format",
            "html,json",
            "--lang",
            "zh",
            "-o",
            "out",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    html = (tmp_path / "out" / "worksheet-A.html").read_text(encoding="utf-8")
    assert "<math" in html
    assert 'lang="zh' in html
