"""Agreement with STACK's answer-test fixtures, read from ../shared (opt-in: `-m conformance`).

The data is third-party (GPL-3.0) and stays outside the repository; `bench/conformance.py` prints
the full report with every disagreement and its reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

DATA = ROOT.parent / "shared" / "conformance" / "stack_answertests.jsonl"

pytestmark = pytest.mark.conformance


@pytest.fixture(scope="module")
def results(request: pytest.FixtureRequest) -> list[object]:
    if "conformance" not in (request.config.option.markexpr or ""):
        pytest.skip("opt-in: run with -m conformance")
    if not DATA.exists():
        pytest.skip(f"no conformance data at {DATA}")
    import conformance

    return [conformance.run(row) for row in conformance.rows(DATA)]


@pytest.mark.parametrize(
    ("test", "category", "least"),
    [
        ("AlgEquiv", "expr", 105),
        ("Diff", "expr", 13),
        ("AlgEquiv", "equation", 45),
        ("AlgEquiv", "set", 11),
    ],
    ids=["algequiv expressions", "diff expressions", "algequiv equations", "algequiv sets"],
)
def test_agreement_with_stack(results: list[object], test: str, category: str, least: int) -> None:
    """derivquiz agrees with STACK at least as often as measured (naive sympy: 95/115 AlgEquiv)."""
    import conformance

    agreed, _total = conformance.agreement(results, test, category)  # type: ignore[arg-type]
    assert agreed >= least


def test_no_row_is_slow(results: list[object]) -> None:
    """Even the hardest rows ((x−a)^6000 equations, nested radicals) take well under 2 seconds."""
    assert max(result.seconds for result in results) < 2.0  # type: ignore[attr-defined]
