"""Shared fixtures: every test starts from the same random state, and Hypothesis draws the same
examples on every run (a property test that fails does so on every machine, not by chance)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"

settings.register_profile("derivquiz", derandomize=True)
settings.load_profile("derivquiz")


@pytest.fixture(autouse=True)
def _reset_random_state() -> None:
    random.seed(0)
