"""Shared fixtures: every test starts from the same random state."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _reset_random_state() -> None:
    random.seed(0)
