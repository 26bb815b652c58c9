"""The notation students use for sets, points, vectors and lines, read by the kind the checker asks.

Each table row is one decided case (README, "Reading student notation"): what is read, what is
refused, and the sentence a refused form gets in English and Chinese.
"""

from __future__ import annotations

import pytest
import sympy

from generator import check
from generator.errors import StudentInputError
from generator.parsing import ParsedSet, ParsedTuple, parse_answer

x, y = sympy.symbols("x y")

# (answer, variables, elements read) — a set answer, however it is written.
SETS = [
    ("{-1, 1}", "x", {-1, 1}),
    ("-1, 1", "x", {-1, 1}),
    ("x = 1, x = -1", "x", {-1, 1}),
    ("x=±1", "x", {-1, 1}),
    ("±1", "x", {-1, 1}),
    ("x = \\pm 1", "x", {-1, 1}),
    ("x = -1 or x = 1", "x", {-1, 1}),
    ("1 and -1", "x", {-1, 1}),
    ("1 AND -1", "x", {-1, 1}),
    ("x = 1; x = -1", "x", {-1, 1}),
    ("{x = 1, x = -1}", "x", {-1, 1}),
    ("1 和 -1", "x", {-1, 1}),
    ("x = 1 或 x = -1", "x", {-1, 1}),
    ("x = 2 ± √3", "x", {2 + sympy.sqrt(3), 2 - sympy.sqrt(3)}),
    ("-1", "x", {-1}),
    ("x = 0", "x", {0}),
    ("{}", "x", set()),
    ("(1, 2), (-1, -2)", "xy", {(1, 2), (-1, -2)}),
    ("(x, y) = (1, 2), (x, y) = (-1, -2)", "xy", {(1, 2), (-1, -2)}),
    ("(y, x) = (2, 1)", "xy", {(1, 2)}),
    ("(1, 2) and (-1, -2)", "xy", {(1, 2), (-1, -2)}),
    ("{(0, 0); (1, 1)}", "xy", {(0, 0), (1, 1)}),
    ("(±1, 0)", "xy", {(1, 0), (-1, 0)}),
]


def _plain(element: sympy.Basic) -> object:
    return tuple(element) if isinstance(element, sympy.Tuple) else element


@pytest.mark.parametrize(("text", "variables", "elements"), SETS, ids=[row[0] for row in SETS])
def test_set_notation_is_read_as_its_elements(
    text: str, variables: str, elements: set[object]
) -> None:
    parsed = parse_answer(text, list(variables), kind="set")
    assert isinstance(parsed, ParsedSet)
    assert {_plain(element) for element in parsed.items} == elements


# (key, answer, variables, kind, status)
VERDICTS = [
    ("{-1, 1}", "x = 1, x = -1", "x", "set", "correct"),
    ("{-1, 1}", "x = ±1", "x", "set", "correct"),
    ("{-1, 1}", "x = -1 or x = 1", "x", "set", "correct"),
    ("{-1, 1}", "x = 1", "x", "set", "incorrect"),
    ("{-1, 1}", "x = ±2", "x", "set", "incorrect"),
    ("{-1, 1}", "x = 1, x = -1", "", "set", "correct"),
    ("{-1, 1}", "{x = ±1}", "", "set", "correct"),
    ("{-1, 1}", "t = 1 or t = -1", "", "set", "correct"),
    ("{-1, 1}", "x = 1, x + 1", "", "set", "incorrect"),
    ("{(1, 2), (-1, -2)}", "(x, y) = (1, 2); (x, y) = (-1, -2)", "", "set", "correct"),
    ("{(1, 2), (-1, -2)}", "(1, 2), (-1, -2)", "xy", "set", "correct"),
    ("{(1, 2), (-1, -2)}", "(x, y) = (1, 2) or (x, y) = (-1, -2)", "xy", "set", "correct"),
    ("{(1, 2), (-1, -2)}", "(1, 2), (1, -2)", "xy", "set", "incorrect"),
    ("(2*x, 2*y)", "2x i + 2y j", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "2xi + 2yj", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "2x\\mathbf{i} + 2y\\mathbf{j}", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "2x\\hat{i} + 2y\\vec{j}", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "j 2y + i 2x", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "2(x i + y j)", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "⟨2x, 2y⟩", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "[2x, 2y]", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "2y i + 2x j", "xy", "tuple", "incorrect"),
    ("(0, 0, 3)", "3k", "xy", "tuple", "correct"),
    ("(2*x, 2*y, 0)", "2x i + 2y j", "xyz", "tuple", "correct"),
    ("(2*x, 2*y, 2*z)", "2x i + 2y j + 2z k", "xyz", "tuple", "correct"),
    ("(2*x, 2*y, 2*z)", "2x i + 2y j", "xyz", "tuple", "incorrect"),
    ("(2*x, 2*y)", "2x i + 2y j + 0k", "xy", "tuple", "correct"),
    ("(2*x, 2*y)", "2x i + 2y j + 1k", "xy", "tuple", "incorrect"),
    ("y = 3*x - 2", "y - 1 = 3(x - 1)", "xy", "equation", "correct"),
    ("y = 3*x - 2", "y(x) = 3x - 2", "xy", "equation", "correct"),
    ("y = 3*x - 2", "y(x) = 3x + 2", "xy", "equation", "incorrect"),
    ("(2*x, 2*y)", "{}", "xy", "tuple", "invalid"),
    ("(2*x, 2*y)", "{ }", "xy", "tuple", "invalid"),
    ("(1, 2)", "{}", "", "tuple", "invalid"),
]


@pytest.mark.parametrize(
    ("key", "answer", "variables", "kind", "status"),
    VERDICTS,
    ids=[f"{row[3]}:{row[1]}" for row in VERDICTS],
)
def test_notation_gets_the_right_verdict(
    key: str, answer: str, variables: str, kind: str, status: str
) -> None:
    verdict = check(key, answer, variables=list(variables) or None, kind=kind)
    assert verdict.status == status


def test_unit_vectors_make_a_vector_of_as_many_components_as_used() -> None:
    parsed = parse_answer("2x i + 3 k", ["x", "y"], kind="tuple")
    assert parsed == ParsedTuple((2 * x, sympy.S.Zero, sympy.Integer(3)), brackets="<>")
    assert parsed.latex == r"\left\langle 2 x, 0, 3\right\rangle"


def test_unit_vectors_live_in_the_space_of_the_problem_variables() -> None:
    parsed = parse_answer("2x i", ["x", "y", "z"], kind="tuple")
    assert parsed == ParsedTuple((2 * x, sympy.S.Zero, sympy.S.Zero), brackets="<>")


def test_declared_i_is_a_variable_not_a_unit_vector() -> None:
    parsed = parse_answer("2i + j", ["i", "j"], kind="tuple")
    assert parsed.expr == 2 * sympy.Symbol("i") + sympy.Symbol("j")


def test_a_variable_named_like_a_connective_letter_keeps_its_reading() -> None:
    parsed = parse_answer("or", ["o", "r"], kind="set")
    assert parsed.items == (sympy.Symbol("o") * sympy.Symbol("r"),)


def test_function_notation_is_only_read_where_an_equation_is_asked() -> None:
    assert parse_answer("y(x) = 3x", ["x", "y"]).lhs == x * y
    assert parse_answer("y(x) = 3x", ["x", "y"], kind="equation").lhs == y


# (answer, variables, kind, code, column, English message, Chinese message)
REFUSED = [
    (
        "1 and -1",
        "x",
        "expression",
        "unexpected",
        3,
        "'and' can only separate the elements of a set, written as {1, -1}.",
        "“and”只能分隔集合的元素，集合写作 {1, -1}。",
    ),
    (
        "x = 1 or x = -1",
        "x",
        None,
        "unexpected",
        7,
        "'or' can only separate the elements of a set, written as {1, -1}.",
        "“or”只能分隔集合的元素，集合写作 {1, -1}。",
    ),
    (
        "1 和 2",
        "x",
        "number",
        "unexpected",
        3,
        "'和' can only separate the elements of a set, written as {1, -1}.",
        "“和”只能分隔集合的元素，集合写作 {1, -1}。",
    ),
    (
        "x = 1; x = -1",
        "x",
        "expression",
        "refused",
        6,
        "';' separates program statements; it cannot be part of a mathematical answer.",
        "“;”用于分隔程序语句，不能出现在数学答案中。",
    ),
    (
        "±1",
        "x",
        "number",
        "unexpected",
        1,
        "'±' gives two values; it can only be part of an answer that is a set, such as x = ±1.",
        "“±”表示两个值；只有答案是集合时才能使用，例如 x = ±1。",
    ),
    (
        "(±1, ±2)",
        "xy",
        "set",
        "ambiguous",
        1,
        "'(±1, ±2)' is ambiguous: with '±' in two coordinates, write each point separately.",
        "“(±1, ±2)”有歧义：两个坐标中都有“±”，请把每个点分别写出。",
    ),
    (
        "x = ±±1",
        "x",
        "set",
        "unexpected",
        6,
        "'±' was not expected here.",
        "此处不应出现“±”。",
    ),
    (
        "x = 1, y = 2",
        "xy",
        "set",
        "ambiguous",
        1,
        "'x = …' and 'y = …' give values of different variables; write a point as (x, y) = (1, 2).",
        "“x = …”和“y = …”给出的是不同变量的值；请把点写成 (x, y) = (1, 2)。",
    ),
    (
        "x + y = 1",
        "xy",
        "set",
        "unexpected",
        1,
        "In a set, an equation gives the value of a variable, such as x = 1 or (x, y) = (1, 2); "
        "write the elements of a set as {1, -1}.",
        "在集合中，方程给出变量的值，例如 x = 1 或 (x, y) = (1, 2)；集合的元素请写成 {1, -1}。",
    ),
    (
        "x = x^2",
        "x",
        "set",
        "unexpected",
        1,
        "In a set, an equation gives the value of a variable, such as x = 1 or (x, y) = (1, 2); "
        "write the elements of a set as {1, -1}.",
        "在集合中，方程给出变量的值，例如 x = 1 或 (x, y) = (1, 2)；集合的元素请写成 {1, -1}。",
    ),
    (
        "(x, y) = (1, 2, 3)",
        "xy",
        "set",
        "unexpected",
        1,
        "The point has 3 coordinates, but 2 variables are named.",
        "这个点有 3 个坐标，但给出了 2 个变量名。",
    ),
    (
        "<2x i, 2y>",
        "xy",
        "tuple",
        "unexpected",
        1,
        "Write a vector either with unit vectors, such as 2x i + 2y j, or as a list, such as "
        "<2x, 2y>; not both.",
        "向量要么用单位向量表示，例如 2x i + 2y j，要么写成列表，例如 <2x, 2y>；不要混用。",
    ),
    (
        "2x i + sin(j)",
        "xy",
        "tuple",
        "unexpected",
        1,
        "Each term of a vector written with unit vectors is a component times one of i, j, k; "
        "'sin(j)' is not.",
        "用单位向量表示的向量，每一项都是一个分量乘以 i、j、k 之一；“sin(j)”不是。",
    ),
    (
        "2x i + 2y j",
        "xy",
        "expression",
        "unknown_name",
        4,
        "Unknown name 'i'; did you mean 'pi'? The variables here are x, y.",
        "未知的名称“i”；您是想输入“pi”吗？这里的变量是 x, y。",
    ),
    (
        "f(x) = 3x - 2",
        "xy",
        "equation",
        "unexpected",
        1,
        "'f(x) =' names a function; write the equation with the variables of the problem "
        "(x, y), such as y = 3x - 2.",
        "“f(x) =”表示一个函数；请用本题的变量（x, y）写出方程，例如 y = 3x - 2。",
    ),
]


@pytest.mark.parametrize(
    ("text", "variables", "kind", "code", "column", "english", "chinese"),
    REFUSED,
    ids=[f"{row[2]}:{row[0]}" for row in REFUSED],
)
def test_refused_notation_says_how_to_write_it(
    text: str,
    variables: str,
    kind: str | None,
    code: str,
    column: int,
    english: str,
    chinese: str,
) -> None:
    with pytest.raises(StudentInputError) as caught:
        parse_answer(text, list(variables), kind=kind)
    assert (caught.value.code, caught.value.column) == (code, column)
    assert caught.value.render("en") == english
    assert caught.value.render("zh") == chinese


def test_a_refused_set_reaches_the_student_as_an_invalid_verdict_in_their_language() -> None:
    verdict = check("7", "1 and -1", variables=["x"], kind="number", lang="zh")
    assert verdict.status == "invalid"
    assert verdict.error is not None
    assert verdict.error.message == "“and”只能分隔集合的元素，集合写作 {1, -1}。"
