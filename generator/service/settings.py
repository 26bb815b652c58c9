"""What one running service is allowed to do: limits, the teacher token, CORS, extra banks.

Settings travel to uvicorn worker processes through environment variables (`DERIVQUIZ_*`), because
`--workers N` starts each worker from an import string and cannot hand it a Python object.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from generator.errors import UsageError
from generator.i18n import N_

ENV_PREFIX = "DERIVQUIZ_"


@dataclass(frozen=True)
class Settings:
    """Limits and switches of the HTTP service; the defaults suit a class on one machine."""

    teacher_token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 256 * 1024
    max_batch: int = 100
    check_timeout: float = 5.0
    max_concurrent_checks: int = 8
    bank_dirs: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `DERIVQUIZ_TEACHER_TOKEN`, `DERIVQUIZ_MAX_BATCH` …; unset: defaults."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            raw = environ.get(ENV_PREFIX + field.name.upper())
            if raw is None or raw == "":
                continue
            values[field.name] = _convert(field.name, raw)
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The environment variables that make `from_env` return these settings in a worker."""
        env: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            if isinstance(value, tuple):
                separator = os.pathsep if field.name == "bank_dirs" else ","
                value = separator.join(str(item) for item in value)
            env[ENV_PREFIX + field.name.upper()] = str(value)
        return env


def _convert(name: str, raw: str) -> object:
    try:
        if name == "cors_origins":
            return tuple(origin.strip() for origin in raw.split(",") if origin.strip())
        if name == "bank_dirs":
            return tuple(Path(item) for item in raw.split(os.pathsep) if item)
        if name == "check_timeout":
            value: float = float(raw)
        elif name == "teacher_token":
            return raw
        else:
            value = int(raw)
    except ValueError:
        raise UsageError(
            N_("Environment variable {variable} has an unusable value {value!r}."),
            variable=ENV_PREFIX + name.upper(),
            value=raw,
        ) from None
    if value <= 0:
        raise UsageError(
            N_("Environment variable {variable} has an unusable value {value!r}."),
            variable=ENV_PREFIX + name.upper(),
            value=raw,
        )
    return value
