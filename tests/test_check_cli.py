"""`derivquiz check` on the command line: one check, --json, and --batch JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


def _run(*arguments: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *arguments], input=stdin, standalone_mode=False)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("arguments", "output"),
    [
        (["3*x^2", "3x^2"], "correct (score 1)\nCorrect.\nWe read your answer as: 3 x^{2}\n"),
        (
            ["3*x^2", "3x^3"],
            "incorrect (score 0)\n"
            "Not correct: your answer is not equal to the expected answer.\n"
            "We read your answer as: 3 x^{3}\n",
        ),
        (
            ["3*x^2", "3q"],
            "invalid (score 0)\nUnknown name 'q'; the variables here are x.\n3q\n ^\n",
        ),
        (
            ["y = 3x - 2", "3x - y = 2", "--kind", "equation"],
            "correct (score 1)\nCorrect.\nWe read your answer as: 3 x - y = 2\n",
        ),
        (
            ["2*x*y", "2yx", "--var", "x", "--var", "y"],
            "correct (score 1)\nCorrect.\nWe read your answer as: 2 x y\n",
        ),
        (["3*x^2", "3x^2", "--lang", "zh"], "正确（得分 1）\n正确。\n你的答案被读作：3 x^{2}\n"),
    ],
    ids=["correct", "incorrect", "invalid with caret", "equation", "variables", "chinese"],
)
def test_single_check_prints_the_verdict(arguments: list[str], output: str) -> None:
    """One check prints status, score, feedback, the caret excerpt and how the answer was read."""
    assert _run(*arguments) == (0, output)


def test_single_check_as_json() -> None:
    """--json prints the verdict object of DESIGN.md."""
    code, output = _run("1/3", "0.333", "--kind", "number", "--json")
    assert code == 0
    assert json.loads(output) == {
        "status": "correct",
        "score": 1.0,
        "feedback": "Correct.",
        "diagnosis": None,
        "interpreted": "0.333",
        "error": None,
    }


def test_missing_arguments_is_a_usage_error() -> None:
    """Without EXPECTED and ANSWER (and no --batch) the command refuses with a usage message."""
    result = CliRunner().invoke(cli, ["check", "x"], standalone_mode=False)
    assert str(result.exception) == "Give EXPECTED and ANSWER, or --batch FILE."


BATCH_IN = "\n".join(
    [
        '{"id": "7", "expected": "3*x^2", "answer": "3x^2", "variables": ["x"]}',
        "this is not json",
        '{"id": "8", "function": "sin(x^3-3x)", "ask": "derivative", "answer": "cos(x^3-3x)"}',
        '{"id": "9", "expected": "{-1, 1}", "answer": "{1}", "kind": "set"}',
        '{"id": "10"}',
        "",
        '{"id": "11", "expected": "max", "answer": "极大值", "kind": "choice"}',
    ]
)


def _batch_statuses(output: str) -> list[tuple[object, str, object]]:
    rows = [json.loads(line) for line in output.splitlines()]
    return [(row["id"], row["status"], row["error"] and row["error"]["code"]) for row in rows]


EXPECTED_ROWS = [
    ("7", "correct", None),
    (None, "invalid", "bad_json"),
    ("8", "incorrect", None),
    ("9", "incorrect", None),
    ("10", "invalid", "bad_fields"),
    (None, "invalid", "bad_json"),
    ("11", "correct", None),
]


def test_batch_from_stdin_keeps_order_and_survives_bad_lines() -> None:
    """One JSON line out per line in, in order; bad lines are `invalid` and the batch goes on."""
    code, output = _run("--batch", "-", stdin=BATCH_IN + "\n")
    assert code == 0
    assert _batch_statuses(output) == EXPECTED_ROWS
    diagnosed = json.loads(output.splitlines()[2])
    assert diagnosed["diagnosis"] == "chain_missing_inner"


def test_batch_from_file(tmp_path: Path) -> None:
    """--batch reads a file just like stdin, and writes unicode as is."""
    source = tmp_path / "in.jsonl"
    source.write_text(BATCH_IN, encoding="utf-8")
    code, output = _run("--batch", str(source), "--lang", "zh")
    assert code == 0
    assert _batch_statuses(output) == EXPECTED_ROWS
    assert json.loads(output.splitlines()[0])["feedback"] == "正确。"
    assert "正确" in output
