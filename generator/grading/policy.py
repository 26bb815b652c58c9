"""The grading policy: points per part, partial credit per diagnosis, tolerance, key in feedback.

A teacher writes it as YAML; the schema below is the reference (defaults inline, unknown keys
refused).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import UsageError
from generator.i18n import N_


class Policy(BaseModel):
    """How answers turn into points. Every field is optional; the defaults grade by the manifest."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    points: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Points per part column (q1, q3a); other parts keep the manifest's points.",
    )
    partial_credit: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="Fraction of a part's points for an answer with this diagnosis (default 0).",
    )
    tolerance: float | None = Field(
        default=None,
        ge=0,
        description="Absolute tolerance for number answers that do not set their own.",
    )
    show_key: bool = Field(default=True, description="Show the key in each student's feedback.")


def read_policy(path: Path | str) -> Policy:
    """The policy in a YAML file; a missing or malformed file is a usage error naming the fault."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise UsageError(
            N_("Cannot read the policy file {path}: {reason}"),
            path=str(path),
            reason=error.strerror,
        ) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise UsageError(
            N_("The policy file {path} is not valid YAML: {reason}"),
            path=str(path),
            reason=str(error),
        ) from error
    try:
        return Policy.model_validate(data or {})
    except ValidationError as error:
        raise UsageError(
            N_("The policy file {path} is not valid: {reason}"),
            path=str(path),
            reason=_first_error(error),
        ) from error


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top)"
    return f"{where}: {first['msg']}"
