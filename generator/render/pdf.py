"""LaTeX → PDF in a temporary folder, with errors a teacher can act on.

pdflatex for English, xelatex for Chinese (ctex needs a Unicode engine). One pass is enough: the
documents have no cross-references. SOURCE_DATE_EPOCH makes the output reproducible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import UsageError
from generator.i18n import N_

COMPILE_TIMEOUT = 180
_INSTALL: dict[str, str] = {
    "pdflatex": "apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra",
    "xelatex": "apt-get install texlive-xetex texlive-lang-chinese fonts-noto-cjk",
}


def engine_for(lang: str) -> str:
    """The TeX program that compiles documents in `lang`."""
    return "xelatex" if lang == "zh" else "pdflatex"


def require_engine(engine: str) -> str:
    """The engine's path; a UsageError naming the program and its install command when missing."""
    found = shutil.which(engine)
    if found is None:
        raise UsageError(
            N_("{program} is not installed, so no PDF can be made; install it with: {command}"),
            program=engine,
            command=_INSTALL[engine],
        )
    return found


def compile_pdf(source: str, name: str, outdir: Path, *, engine: str, assets: Path | None) -> Path:
    """Compile `source` as `name.tex` beside `assets` (the figures folder) into outdir."""
    program = require_engine(engine)
    with tempfile.TemporaryDirectory(prefix="derivquiz-tex-") as tmp:
        folder = Path(tmp)
        if assets is not None and assets.is_dir():
            # A link, not a copy: a class set compiles dozens of files against the same figures.
            (folder / assets.name).symlink_to(assets.resolve(), target_is_directory=True)
        (folder / f"{name}.tex").write_text(source, encoding="utf-8")
        command = [program, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
        try:
            done = subprocess.run(
                [*command, f"{name}.tex"],
                cwd=folder,
                capture_output=True,
                timeout=COMPILE_TIMEOUT,
                env={**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"},
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise UsageError(
                N_("{program} took more than {seconds} seconds on {file} and was stopped."),
                program=engine,
                seconds=COMPILE_TIMEOUT,
                file=f"{name}.tex",
            ) from error
        pdf = folder / f"{name}.pdf"
        if done.returncode != 0 or not pdf.is_file():
            log = folder / f"{name}.log"
            text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
            raise UsageError(
                N_("{program} could not compile {file}:\n{excerpt}"),
                program=engine,
                file=f"{name}.tex",
                excerpt=log_excerpt(text or done.stdout.decode(errors="replace")),
            )
        target = outdir / f"{name}.pdf"
        shutil.move(pdf, target)
    return target


def log_excerpt(log: str, *, context: int = 6, limit: int = 20) -> str:
    """The lines of a TeX log that say what went wrong: each `!` error with the lines after it."""
    lines = log.splitlines()
    picked: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith("!"):
            picked.extend(lines[index : index + context + 1])
    if not picked:
        picked = lines[-context:]
    return "\n".join(picked[:limit])
