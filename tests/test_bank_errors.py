"""A bad template is reported with its file, the template, the path of the value and the value.

Each `tests/golden/bank_errors/NAME.yaml` is a bank file with one mistake; `NAME.txt` beside it
is the exact message. Adding a case is adding a file. After a deliberate change,
`UPDATE_GOLDEN=1 pytest tests/test_bank_errors.py` rewrites the messages (review the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.bank.loading import load_file
from generator.errors import AuthorError

GOLDEN = Path(__file__).resolve().parent / "golden" / "bank_errors"
CASES = sorted(GOLDEN.glob("*.yaml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _message(path: Path, lang: str) -> str:
    with pytest.raises(AuthorError) as caught:
        load_file(path)
    error = caught.value
    assert Path(error.file).name == path.name
    return error.render(lang).replace(error.file, path.name)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_template_gives_the_golden_message(path: Path) -> None:
    """The message names the file, the template id and the path, and says what is wrong."""
    message = _message(path, "en")
    expected_file = path.with_suffix(".txt")
    if UPDATE:
        expected_file.write_text(message + "\n", encoding="utf-8")
    assert message == expected_file.read_text(encoding="utf-8").rstrip("\n")


def test_there_are_golden_cases() -> None:
    """The folder is not empty (an empty one would make the table vacuous)."""
    assert len(CASES) >= 20


def test_messages_are_translated() -> None:
    """An author reading Chinese gets the same facts in Chinese."""
    message = _message(GOLDEN / "min_greater_than_max.yaml", "zh")
    assert (
        message == "min_greater_than_max.yaml：power.example: params.a.min：最小值 5 大于最大值 3"
    )
