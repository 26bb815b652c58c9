"""`check` and `check_part`: a student's text against a key, end to end, as a Verdict."""

from __future__ import annotations

import time

import pytest

from generator import checking
from generator.checking import check, check_line, check_part, names_in, problem_from_function
from generator.errors import UsageError
from generator.model import Choice, PartSpec, ProblemSpec

UNDECIDED_EN = (
    "Your answer could not be checked automatically, so it was not marked; "
    "your teacher can review it."
)
NOT_EQUAL_EN = "Not correct: your answer is not equal to the expected answer."

EXPRESSIONS = [
    # (id, expected, answer, variables, status)
    ("typed power", "3*x**2", "3x^2", None, "correct"),
    ("python power", "3*x**2", "3*x**2", None, "correct"),
    ("unicode square", "3*x**2", "3x²", None, "correct"),
    ("latex", "3*x**2", r"3x^{2}", None, "correct"),
    ("wrong power", "3*x**2", "3x^3", None, "incorrect"),
    ("chain rule", "(3*x**2 - 3)*cos(x**3 - 3*x)", "cos(x^3-3x)(3x^2-3)", None, "correct"),
    (
        "chain rule expanded",
        "(3*x**2 - 3)*cos(x**3 - 3*x)",
        "3x^2cos(x^3-3x) - 3cos(x^3-3x)",
        None,
        "correct",
    ),
    ("chain missing inner", "(3*x**2 - 3)*cos(x**3 - 3*x)", "cos(x^3-3x)", None, "incorrect"),
    ("product rule", "2*x*exp(x) + x**2*exp(x)", "e^x(x^2+2x)", None, "correct"),
    ("product of derivatives", "2*x*exp(x) + x**2*exp(x)", "2xe^x", None, "incorrect"),
    ("quotient rule", "(x*cos(x) - sin(x))/x**2", "cos(x)/x - sin(x)/x^2", None, "correct"),
    (
        "quotient sign swapped",
        "(x*cos(x) - sin(x))/x**2",
        "(sin(x) - xcos(x))/x^2",
        None,
        "incorrect",
    ),
    ("log derivative", "1/x", "x^-1", None, "correct"),
    ("ln|x| derivative form", "1/x", "1/abs(x)", None, "incorrect"),
    ("ln x vs ln|x|", "log(x)", "ln|x|", None, "incorrect"),
    ("sqrt(x^2) vs x", "x", "sqrt(x^2)", None, "incorrect"),
    ("removable hole", "x - 1", "(x^2-1)/(x+1)", None, "correct"),
    ("exp chain", "2*x*exp(x**2)", "2xe^(x^2)", None, "correct"),
    ("a^x", "2**x*log(2)", "2^x ln 2", None, "correct"),
    ("a^x without ln", "2**x*log(2)", "2^x", None, "incorrect"),
    ("trig identity", "2*sin(x)*cos(x)", "sin(2x)", None, "correct"),
    ("tan derivative", "sec(x)**2", "1 + tan(x)^2", None, "correct"),
    ("tan derivative as sec", "sec(x)**2", "sec(x)", None, "incorrect"),
    ("arcsin derivative", "1/sqrt(1 - x**2)", "(1-x^2)^(-1/2)", None, "correct"),
    ("huge powers", "6000*(x - 2)**5999", "6000(x-2)^5999", None, "correct"),
    ("huge powers, off by one", "6000*(x - 2)**5999", "5999(x-2)^5999", None, "incorrect"),
    ("two variables", "2*x*y**3", "2xy^3", ["x", "y"], "correct"),
    ("partial wrong variable", "2*x*y**3", "3x^2y^2", ["x", "y"], "incorrect"),
    ("decimal coefficient", "x**2/2", "0.5x^2", None, "correct"),
    ("decimal rounded", "x**2/3", "0.333x^2", None, "incorrect"),
    ("constant", "0", "0", None, "correct"),
    ("constant not zero", "0", "5", None, "incorrect"),
]


@pytest.mark.parametrize(
    ("expected", "answer", "variables", "status"),
    [case[1:] for case in EXPRESSIONS],
    ids=[case[0] for case in EXPRESSIONS],
)
def test_check_expression(
    expected: str, answer: str, variables: list[str] | None, status: str
) -> None:
    """Expressions are judged by value, wherever both sides are defined, in any notation."""
    verdict = check(expected, answer, variables=variables)
    assert verdict.status == status
    assert verdict.score == (1.0 if status == "correct" else 0.0)
    assert verdict.feedback == ("Correct." if status == "correct" else NOT_EQUAL_EN)
    assert verdict.interpreted


KINDS = [
    # (id, kind, expected, answer, status, score, feedback)
    ("number exact", "number", "1/2", "2/4", "correct", 1.0, "Correct."),
    ("number decimal", "number", "1/3", "0.333", "correct", 1.0, "Correct."),
    ("number decimal off", "number", "1/3", "0.3", "incorrect", 0.0, NOT_EQUAL_EN),
    ("number radical", "number", "sqrt(2)", "1.4142", "correct", 1.0, "Correct."),
    ("number pi", "number", "pi/2", "1.5708", "correct", 1.0, "Correct."),
    ("number sign", "number", "-4", "4", "incorrect", 0.0, NOT_EQUAL_EN),
    ("set same", "set", "{-1, 1}", "{1, -1}", "correct", 1.0, "Correct."),
    (
        "set missing",
        "set",
        "{-1, 1}",
        "{1}",
        "incorrect",
        0.5,
        "1 of the 2 expected elements are in your answer.",
    ),
    (
        "set extra",
        "set",
        "{-1, 1}",
        "{1, -1, 0}",
        "incorrect",
        2 / 3,
        "2 of the 2 expected elements are in your answer. These elements should not be there: 0.",
    ),
    ("set bare list", "set", "{-1, 1}", "1, -1", "correct", 1.0, "Correct."),
    ("set single value", "set", "{2}", "2", "correct", 1.0, "Correct."),
    ("set of points", "set", "{(0, 0), (1, -1)}", "{(1, -1), (0, 0)}", "correct", 1.0, "Correct."),
    ("set one point", "set", "{(1, 2)}", "(1, 2)", "correct", 1.0, "Correct."),
    ("set exact forms", "set", "{sqrt(2), -sqrt(2)}", "{-2^(1/2), √2}", "correct", 1.0, "Correct."),
    ("tuple gradient", "tuple", "(2*x, 2*y)", "(2x, 2y)", "correct", 1.0, "Correct."),
    ("tuple vector", "tuple", "(2*x, 2*y)", "<2x, 2y>", "correct", 1.0, "Correct."),
    (
        "tuple second wrong",
        "tuple",
        "(2*x, 2*y)",
        "(2x, 2x)",
        "incorrect",
        0.5,
        "These entries are not correct: 2.",
    ),
    (
        "tuple both wrong",
        "tuple",
        "(2*x, 2*y)",
        "(x, y)",
        "incorrect",
        0.0,
        "These entries are not correct: 1, 2.",
    ),
    (
        "tuple too short",
        "tuple",
        "(2*x, 2*y, 1)",
        "(2x, 2y)",
        "incorrect",
        0.0,
        "Your list has 2 entries, but 3 are expected.",
    ),
    ("equation same", "equation", "y = 3*x - 2", "y = 3x - 2", "correct", 1.0, "Correct."),
    ("equation rearranged", "equation", "y = 3*x - 2", "3x - y = 2", "correct", 1.0, "Correct."),
    ("equation scaled", "equation", "y = 3*x - 2", "2y = 6x - 4", "correct", 1.0, "Correct."),
    ("equation wrong", "equation", "y = 3*x - 2", "y = 3x + 2", "incorrect", 0.0, NOT_EQUAL_EN),
    ("choice same", "choice", "max", "max", "correct", 1.0, "Correct."),
    ("choice synonym", "choice", "max", "Local Maximum", "correct", 1.0, "Correct."),
    ("choice chinese", "choice", "neither", "都不是", "correct", 1.0, "Correct."),
    ("choice wrong", "choice", "min", "maximum", "incorrect", 0.0, NOT_EQUAL_EN),
]


@pytest.mark.parametrize(
    ("kind", "expected", "answer", "status", "score", "feedback"),
    [case[1:] for case in KINDS],
    ids=[case[0] for case in KINDS],
)
def test_check_kinds(
    kind: str, expected: str, answer: str, status: str, score: float, feedback: str
) -> None:
    """Each kind compares in its own way and says what is wrong (missing, extra, which entry)."""
    verdict = check(expected, answer, kind=kind)
    assert (verdict.status, verdict.feedback) == (status, feedback)
    assert verdict.score == pytest.approx(score)


INVALID = [
    # (id, kind, expected, answer, code, message, column)
    (
        "unknown name",
        "expression",
        "3*x**2",
        "3q",
        "unknown_name",
        "Unknown name 'q'; the variables here are x.",
        2,
    ),
    (
        "incomplete",
        "expression",
        "3*x**2",
        "3x^",
        "incomplete",
        "The answer ends too early; something is missing at the end.",
        4,
    ),
    (
        "number with a variable",
        "number",
        "4",
        "4x",
        "unknown_name",
        "Unknown name 'x'; this answer has no variables.",
        2,
    ),
    (
        "expression as a set",
        "expression",
        "3*x**2",
        "{3x^2}",
        "not_an_expression",
        "This answer should be a single expression, not a set, list or equation.",
        None,
    ),
    (
        "equation missing",
        "equation",
        "y = 3*x - 2",
        "3x - 2",
        "not_an_equation",
        "This answer should be an equation, such as y = 2x + 1.",
        None,
    ),
    (
        "tuple missing",
        "tuple",
        "(2*x, 2*y)",
        "2x",
        "not_a_tuple",
        "This answer should be a list of 2 values in parentheses, such as (2x, 2y).",
        None,
    ),
    (
        "not an option",
        "choice",
        "max",
        "banana",
        "not_an_option",
        "'banana' is not one of the options: max, min, neither.",
        None,
    ),
    (
        "empty choice",
        "choice",
        "max",
        "  ",
        "empty",
        "The answer is empty; write one of the options: max, min, neither.",
        None,
    ),
    (
        "huge exponent",
        "expression",
        "x",
        "x^(10^100)",
        "number_too_large",
        "The exponent ≈10^100 is too large (at most 10000 in absolute value).",
        3,
    ),
]


@pytest.mark.parametrize(
    ("kind", "expected", "answer", "code", "message", "column"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_answers_say_what_and_where(
    kind: str, expected: str, answer: str, code: str, message: str, column: int | None
) -> None:
    """Unreadable text, or an answer of the wrong shape, is invalid (never incorrect), with why."""
    verdict = check(expected, answer, kind=kind)
    assert verdict.status == "invalid"
    assert verdict.score == 0.0
    assert verdict.error is not None
    assert (verdict.error.code, verdict.error.message, verdict.error.column) == (
        code,
        message,
        column,
    )
    assert verdict.feedback == message


def test_error_excerpt_points_at_the_fault() -> None:
    """The excerpt shows the text with a caret under the offending character."""
    verdict = check("3*x**2", "3x + 2q")
    assert verdict.error is not None
    assert verdict.error.excerpt == "3x + 2q\n      ^"


def test_undecided_is_never_correct() -> None:
    """An answer the checker cannot decide is `invalid` (code `undecided`), never right or wrong."""
    verdict = check("sqrt(-1 - x**2)", "sqrt(-2 - x^2)")
    assert (verdict.status, verdict.score, verdict.feedback) == ("invalid", 0.0, UNDECIDED_EN)
    assert verdict.error is not None
    assert (verdict.error.code, verdict.error.message) == ("undecided", UNDECIDED_EN)
    assert verdict.interpreted


def test_feedback_in_chinese() -> None:
    """The reader's language reaches every sentence of the verdict."""
    assert check("3*x**2", "3x^2", lang="zh").feedback == "正确。"
    assert check("3*x**2", "3x^3", lang="zh").feedback == "不正确：你的答案与正确答案不相等。"
    wrong_shape = check("y = x", "x", kind="equation", lang="zh")
    assert wrong_shape.feedback == "这里的答案应是一个方程，例如 y = 2x + 1。"


def test_tolerance_option_is_relative() -> None:
    """`tolerance` is a relative tolerance for numbers."""
    assert check("100", "104", kind="number", tolerance=0.05).status == "correct"
    assert check("100", "106", kind="number", tolerance=0.05).status == "incorrect"


@pytest.mark.parametrize(
    ("function", "ask", "wrt", "order", "answer", "status", "diagnosis"),
    [
        ("x^3", "derivative", None, 1, "3x^2", "correct", None),
        ("x^3", "derivative", None, 2, "6x", "correct", None),
        ("sin(x^3-3x)", "derivative", None, 1, "(3x^2-3)cos(x^3-3x)", "correct", None),
        ("sin(x^3-3x)", "derivative", None, 1, "cos(x^3-3x)", "incorrect", "chain_missing_inner"),
        ("x^2 y^3", "partial", ["y"], 1, "3x^2y^2", "correct", None),
        ("x^2 y^3", "partial", ["x", "y"], 1, "6xy^2", "correct", None),
        ("|x|", "derivative", None, 1, "x/|x|", "correct", None),
        ("ln|x|", "derivative", None, 1, "1/x", "correct", None),
        ("|x^2 - 1|", "derivative", None, 1, "2x(x^2-1)/|x^2-1|", "correct", None),
        ("x^x", "derivative", None, 1, "x^x(ln x + 1)", "correct", None),
    ],
    ids=[
        "power",
        "second order",
        "chain",
        "chain missing inner",
        "partial",
        "mixed partial",
        "absolute value",
        "log of absolute value",
        "absolute value of a polynomial",
        "power of a variable to itself",
    ],
)
def test_key_derived_from_function(
    function: str,
    ask: str,
    wrt: list[str] | None,
    order: int,
    answer: str,
    status: str,
    diagnosis: str | None,
) -> None:
    """With `function` and `ask` the key is sympy's derivative, and wrong answers are diagnosed."""
    verdict = check(None, answer, function=function, ask=ask, wrt=wrt, order=order)
    assert (verdict.status, verdict.diagnosis) == (status, diagnosis)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"expected": None, "answer": "x"},
            "Give the expected answer, or a function and what to ask about it.",
        ),
        (
            {"expected": "x", "answer": "x", "kind": "matrix"},
            "Unknown answer kind 'matrix'; use one of: "
            "expression, number, set, tuple, equation, choice.",
        ),
        (
            {"expected": None, "answer": "x", "function": "x^2", "ask": "slope"},
            "Only 'derivative' and 'partial' can be derived from a function, not 'slope'.",
        ),
        (
            {"expected": "x +", "answer": "x"},
            "The expected answer cannot be read: "
            "The answer ends too early; something is missing at the end.",
        ),
        (
            {"expected": "x", "answer": "x", "variables": ["x y"]},
            "'x y' cannot be a variable name: use letters and digits, starting with a letter.",
        ),
        (
            {"expected": "(x, 1)", "answer": "x"},
            "The expected answer cannot be read: "
            "This answer should be a single expression, not a set, list or equation.",
        ),
        (
            {"expected": None, "answer": "x", "function": "x^2", "ask": "derivative", "order": 99},
            "The order of the derivative must be between 1 and 10, not 99.",
        ),
        (
            {"expected": "x^2", "answer": "2", "kind": "number", "variables": ["x"]},
            "The expected answer cannot be read: "
            "This answer should be a number, without variables.",
        ),
        (
            {"expected": "{1, 2}", "answer": "x", "kind": "expression", "variables": ["x"]},
            "The expected answer cannot be read: "
            "This answer should be a single expression, not a set, list or equation.",
        ),
    ],
    ids=[
        "no key",
        "unknown kind",
        "cannot derive",
        "unreadable key",
        "bad variable",
        "key of wrong shape",
        "order too high",
        "number key with a variable",
        "set key for an expression",
    ],
)
def test_teacher_errors_are_usage_errors(arguments: dict[str, object], message: str) -> None:
    """A bad key or option is the teacher's to fix: a UsageError, not a student's invalid answer."""
    with pytest.raises(UsageError) as raised:
        check(**arguments)  # type: ignore[arg-type]
    assert str(raised.value) == message


KEYS_OF_EVERY_KIND = [
    ("set", "[1, 2]", ["x", "y"]),
    ("set", "(1, 2)", ["x", "y"]),
    ("set", "<1, 2>", ["x", "y"]),
    ("set", "[x, 2]", ["x", "y"]),
    ("set", "{(1, 2), (3, 4)}", ["x", "y"]),
    ("set", "(1, 2), (3, 4)", ["x", "y"]),
    ("set", "x = 1 or x = -1", ["x", "y"]),
    ("set", "x = ±1", ["x", "y"]),
    ("set", "∅", ["x", "y"]),
    ("set", "1; 2", ["x", "y"]),
    ("set", "[(k+8)/(k^2+4*k-12), -(2*k+6)/(k^2+4*k-12)]", ["k"]),
    ("tuple", "(1, 2)", ["x", "y"]),
    ("tuple", "<2x, 2y>", ["x", "y"]),
    ("tuple", "2x i + 3y j", ["x", "y"]),
    ("tuple", r"\begin{pmatrix} x \\ y \end{pmatrix}", ["x", "y"]),
    ("number", "0,5", ["x"]),
    ("number", "3/4", ["x"]),
    ("expression", "dy/dx = 6x", ["x"]),
    ("expression", "2sinxcosx", ["x", "y"]),
    ("equation", "y = 3x - 2", ["x", "y"]),
    ("equation", "y(x) = x^2", ["x", "y"]),
]


@pytest.mark.parametrize(
    ("kind", "text", "variables"),
    KEYS_OF_EVERY_KIND,
    ids=[f"{kind} {text}" for kind, text, _ in KEYS_OF_EVERY_KIND],
)
def test_the_key_typed_as_the_answer_is_correct(kind: str, text: str, variables: list[str]) -> None:
    """Key and answer are read by the same rules for the kind asked: whatever a teacher may write
    as a key, the student who types the same text is right."""
    verdict = check(text, text, variables=variables, kind=kind)
    assert (verdict.status, verdict.feedback) == ("correct", "Correct.")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("3*x**2", ("x",)),
        ("2xy + sin(z)", ("x", "y", "z")),
        ("exp(t)*pi", ("t",)),
        ("theta^2", ("theta",)),
    ],
    ids=["one", "run-together", "functions and constants", "greek"],
)
def test_names_in_expected(text: str, names: tuple[str, ...]) -> None:
    """Without --var, the variables are the letters of the key that name no function or constant."""
    assert names_in(text) == names


def _problem(
    kind: str, answer: str, choices: list[Choice] | None = None
) -> tuple[ProblemSpec, PartSpec]:
    part = PartSpec(
        label="1",
        ask="classify" if kind == "choice" else "derivative",
        wrt=["x"],
        kind=kind,
        answer=answer,
        answer_latex="",
        choices=choices,
    )
    problem = ProblemSpec(
        number=1,
        template="t",
        topic="extrema",
        seed=1,
        variables=["x"],
        function="x**3 - 3*x",
        statement_latex="",
        parts=[part],
    )
    return problem, part


def test_check_part_multiple_choice_reports_the_distractor_diagnosis() -> None:
    """A lettered choice is matched by label; a wrong one carries its misconception."""
    choices = [
        Choice(label="A", answer="3*x**2 - 3", answer_latex="", correct=True),
        Choice(label="B", answer="3*x**2", answer_latex="", diagnosis="constant_not_zero"),
    ]
    problem, part = _problem("choice", "A", choices)
    assert check_part(problem, part, "a").status == "correct"
    wrong = check_part(problem, part, "B")
    assert (wrong.status, wrong.diagnosis) == ("incorrect", "constant_not_zero")
    other = check_part(problem, part, "C")
    assert other.error is not None and other.error.message == "'C' is not one of the options: A, B."


def test_check_part_expression_diagnoses_misconceptions() -> None:
    """check_part knows the problem, so a wrong derivative gets a misconception id."""
    problem, part = _problem("expression", "3*x**2 - 3")
    assert check_part(problem, part, "3x^2-3").status == "correct"
    assert check_part(problem, part, "-(3x^2-3)").diagnosis == "sign_error"


def test_problem_from_function_builds_a_one_part_problem() -> None:
    """The derived key is stored as a sympy string the parser can read back."""
    problem, part = problem_from_function("x^2 sin(x)", "derivative")
    assert problem.variables == ["x"]
    assert part.answer == "x**2*cos(x) + 2*x*sin(x)"


@pytest.mark.parametrize(
    "answer",
    [
        "9^9^9^9",
        "x^(10^100)",
        "factorial(10^10)",
        "(" * 5000 + "x" + ")" * 5000,
        "x" * 200_000,
        "__import__('os')",
        "diff(x^2, x)",
        "exp(exp(exp(exp(exp(x)))))",
        "(x+1)^9999 - (x+1)^9998",
    ],
    ids=[
        "tower",
        "huge exponent",
        "factorial",
        "deep",
        "long",
        "python",
        "calculus",
        "exp tower",
        "big powers",
    ],
)
def test_hostile_answers_are_answered_quickly(answer: str) -> None:
    """Inputs built to exhaust a checker get a verdict (never an exception) well within a second."""
    started = time.perf_counter()
    verdict = check("3*x**2", answer)
    assert verdict.status in ("incorrect", "invalid")
    assert time.perf_counter() - started < 1.0


BATCH = [
    ('{"id": "1", "expected": "3*x^2", "answer": "3x^2"}', "1", "correct", None),
    ('{"id": 2, "expected": "3*x^2", "answer": "3x^3", "variables": ["x"]}', 2, "incorrect", None),
    (
        '{"id": "3", "function": "sin(x^3-3x)", "ask": "derivative", "wrt": ["x"], '
        '"answer": "cos(x^3-3x)"}',
        "3",
        "incorrect",
        None,
    ),
    ('{"id": "4", "expected": "3*x^2", "answer": "3x^"}', "4", "invalid", "incomplete"),
    ('{"id": "5", "expected": "3*x^2"}', "5", "invalid", "bad_fields"),
    ("not json", None, "invalid", "bad_json"),
    ("[1, 2]", None, "invalid", "bad_json"),
    ('{"id": "8", "expected": "x +", "answer": "x"}', "8", "invalid", "bad_request"),
    ('{"id": "9", "expected": "x", "answer": "x", "colour": "red"}', "9", "invalid", "bad_fields"),
]


@pytest.mark.parametrize(
    ("line", "identifier", "status", "code"), BATCH, ids=[f"line {n}" for n in range(1, 10)]
)
def test_check_line(line: str, identifier: object, status: str, code: str | None) -> None:
    """Each batch line gives one object with the DESIGN.md fields; bad lines are `invalid`."""
    result = check_line(line, 7)
    assert list(result) == [
        "id",
        "status",
        "score",
        "feedback",
        "diagnosis",
        "interpreted",
        "error",
    ]
    assert (result["id"], result["status"]) == (identifier, status)
    error = result["error"]
    assert (None if error is None else error["code"]) == code  # type: ignore[index]


def test_line_language_wins_over_the_batch_language() -> None:
    """A line's own `lang` is the language of its feedback."""
    line = '{"expected": "x", "answer": "x", "lang": "zh"}'
    assert check_line(line, 1, lang="en")["feedback"] == "正确。"


def test_bad_line_messages_name_the_line() -> None:
    """A malformed line's message says which line and what is wrong with it."""
    assert check_line("{", 3)["feedback"] == "Line 3 is not a JSON object."
    missing = check_line('{"expected": "x"}', 4)["feedback"]
    assert missing == "Line 4 has missing or unusable fields: answer."


def test_runaway_derivative_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A derived key sympy would need half a minute for is refused within its time budget."""
    monkeypatch.setattr(checking, "DERIVE_SECONDS", 0.5)
    started = time.perf_counter()
    with pytest.raises(UsageError) as raised:
        check(None, "x", function="x^x^x", ask="derivative", order=10)
    assert str(raised.value) == (
        "The derivative of this function is too large to compute; give the expected answer instead."
    )
    assert time.perf_counter() - started < 3.0


def test_higher_derivative_in_the_worker_is_right() -> None:
    """Keys derived in the bounded worker are the same as in-process ones."""
    assert check(None, "6", function="x^3", ask="derivative", order=3).status == "correct"
