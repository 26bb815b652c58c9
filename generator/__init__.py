"""derivquiz: randomized, auto-graded differential-calculus exercises.

The public API; each name is imported from the module that implements its pipeline stage on first
use, so `import generator` stays cheap for the command line and the HTTP workers.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API: dict[str, str] = {
    "Verdict": "generator.model",
    "check": "generator.checking",
    "check_part": "generator.checking",
    "Manifest": "generator.model",
    "Message": "generator.i18n",
    "translate": "generator.i18n",
    "grade": "generator.grading",
    "load_banks": "generator.bank",
    "generate": "generator.bank",
    "GenerateRequest": "generator.bank",
    "instantiate": "generator.bank",
    "read_manifest": "generator.bank",
    "write_manifest": "generator.bank",
    "validate_banks": "generator.bank",
    "create_app": "generator.service.app",
    "export": "generator.exports",
    "export_moodle": "generator.exports",
    "export_qti": "generator.exports",
    "explain": "generator.rules",
    "explain_expression": "generator.rules",
    "mal_answers": "generator.rules",
    "diagnose": "generator.rules",
    "distractors": "generator.rules",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
