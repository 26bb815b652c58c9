"""`derivquiz explain`: the worked steps on the command line, in English and Chinese."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import cli

CASES = [
    pytest.param(
        ["sin(x^3 - 3x)"],
        0,
        [
            "1. Chain rule: the outer function is f(u) = sin(u) with f′(u) = cos(u), and the inner "
            "function is u = x^3 - 3*x; multiply f′(u) by u′.",
            "   d/dx[sin(x^3 - 3*x)] = cos(x^3 - 3*x)*d/dx[x^3 - 3*x]",
            "Answer: (3*x**2 - 3)*cos(x**3 - 3*x)",
        ],
        id="chain rule, en",
    ),
    pytest.param(
        ["sin(x^3 - 3x)", "--lang", "zh"],
        0,
        [
            "1. 链式法则：外层函数 f(u) = sin(u)，f′(u) = cos(u)；"
            "内层函数为 u = x^3 - 3*x；用 f′(u) 乘以 u′。",
            "答案：(3*x**2 - 3)*cos(x**3 - 3*x)",
        ],
        id="chain rule, zh",
    ),
    pytest.param(
        ["1/(3x^2)", "--style", "quotient", "--lang", "zh"],
        0,
        ["1. 商法则，u = 1，v = 3*x^2：(u/v)′ = (vu′ − uv′)/v²。", "答案：-2/(3*x**3)"],
        id="quotient rule, zh",
    ),
    pytest.param(
        [
            "x^2 + xy + y^2",
            "--var",
            "x",
            "--var",
            "y",
            "--ask",
            "gradient",
            "--at",
            "x=0.5",
            "--at",
            "y=-0.4",
        ],
        0,
        ["Treat y as a constant and differentiate with respect to x.", "Answer: (3/5, -3/10)"],
        id="gradient at a point",
    ),
    pytest.param(
        ["x^5 - 2x^3 + x + 2", "--ask", "classify"],
        0,
        [
            "Second-derivative test: f″(-1) = -8 < 0, so x = -1 is a local maximum.",
            "Answer: (max, min, max, min)",
        ],
        id="classify",
    ),
    pytest.param(
        ["sin(x^3)", "--latex"],
        0,
        [
            r"1. Chain rule: the outer function is f(u) = \(\sin{\left(u \right)}\)",
            r"Answer: 3 x^{2} \cos{\left(x^{3} \right)}",
        ],
        id="latex",
    ),
    pytest.param(["x^2 + q"], 1, ["Unknown name 'q'"], id="unknown name"),
    pytest.param(["{1, 2}"], 2, ["'{1, 2}' is not a single expression."], id="not an expression"),
    pytest.param(
        ["x^2", "--ask", "tangent_line", "--at", "1"],
        2,
        ["write each coordinate as NAME=VALUE"],
        id="point without a name",
    ),
]


@pytest.mark.parametrize(("args", "code", "expected"), CASES)
def test_explain_prints_the_steps(args: list[str], code: int, expected: list[str]) -> None:
    """The command prints numbered steps and the answer, or says what is wrong with EXPR."""
    result = CliRunner().invoke(cli, ["explain", *args])
    output = result.output
    if code:
        # Usage errors are click's own (exit code 2); ours stay exceptions for `main` to show.
        error = result.exception
        assert code in (result.exit_code, getattr(error, "exit_code", None))
        output = f"{result.output}{error}"
    else:
        assert result.exit_code == 0, result.output
    for line in expected:
        assert line in output
