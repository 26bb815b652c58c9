"""LMS exports of a manifest: Moodle XML (numerical, multichoice, STACK) and Canvas QTI 1.2."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from generator.exports.moodle import export_moodle
from generator.exports.qti import export_qti
from generator.exports.questions import QuestionSet
from generator.model import Manifest

Format = Literal["moodle", "qti"]
FORMATS: tuple[str, ...] = ("moodle", "qti")


def export(
    manifest: Manifest, path: Path, fmt: Format, *, stack: bool = True, lang: str | None = None
) -> QuestionSet:
    """Write `manifest` to `path` in an LMS format; returns the questions written and skipped."""
    if fmt == "moodle":
        return export_moodle(manifest, path, stack=stack, lang=lang)
    return export_qti(manifest, path, lang=lang)


__all__ = ["FORMATS", "QuestionSet", "export", "export_moodle", "export_qti"]
