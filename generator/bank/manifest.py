"""Manifest I/O: the JSON file `generate` writes and `grade`, `export` and the renderers read."""

from __future__ import annotations

from pathlib import Path

import pydantic

from generator.errors import UsageError
from generator.i18n import N_
from generator.model import Manifest


def write_manifest(manifest: Manifest, path: Path | str) -> Path:
    """Write the manifest as indented UTF-8 JSON (stable, so regenerating gives the same bytes)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return target


def read_manifest(path: Path | str) -> Manifest:
    """Read and validate a manifest; a missing or malformed file is the user's error, said once."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(
            N_("cannot read the manifest {file}: {reason}"), file=str(source), reason=error.strerror
        ) from error
    try:
        return Manifest.model_validate_json(text)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "-"
        raise UsageError(
            N_("{file} is not a derivquiz manifest: {path}: {reason}"),
            file=str(source),
            path=where,
            reason=first["msg"],
        ) from error
