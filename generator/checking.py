"""One student answer → a Verdict: parse → compare (by kind) → diagnose → feedback.

The public functions are `check` (an expected answer given as text, or a function and what to ask
about it) and `check_part` (a part of an instantiated problem). A multiple-choice part takes an
option's label (`B`, `b`, `(B)`) or the expression itself. A wrong answer is diagnosed by the
problem's own wrong answers first (the template's misconceptions: its author's feedback is the most
specific; then the wrong options, so an option and its typed expression get the same diagnosis),
then by the rule engine.

Invalid is not incorrect: text that cannot be read, an answer of the wrong shape, and an answer
the checker cannot decide are all `invalid` with an error the student can act on, never a wrong
answer; only a decided equivalence is ever `correct`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import sympy
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.equivalence import (
    Outcome,
    Tolerance,
    canonical_label,
    compare_choices,
    compare_equations,
    compare_expressions,
    compare_numbers,
    compare_tuples,
    match_sets,
)
from generator.equivalence.choice import SYNONYMS
from generator.errors import DerivquizError, InputErrorInfo, StudentInputError, UsageError
from generator.i18n import N_, Message, normalize_language
from generator.latex import house_str, plain_latex
from generator.model import KINDS, Choice, Diagnosis, PartSpec, ProblemSpec, Verdict
from generator.parsing import (
    KEY_LIMITS,
    Parsed,
    ParsedEquation,
    ParsedExpression,
    ParsedSet,
    ParsedTuple,
    parse_answer,
)
from generator.parsing.names import CONSTANTS, FUNCTIONS, GREEK_LETTERS
from generator.parsing.risk import is_risky
from generator.sandbox import SandboxError, run_bounded

CORRECT = N_("Correct.")
NOT_EQUAL = N_("Not correct: your answer is not equal to the expected answer.")
UNDECIDED = N_(
    "Your answer could not be checked automatically, so it was not marked; "
    "your teacher can review it."
)
NOT_A_NUMBER = N_("This answer should be a number, without variables.")
NOT_AN_EQUATION = N_("This answer should be an equation, such as y = 2x + 1.")
NOT_AN_EXPRESSION = N_("This answer should be a single expression, not a set, list or equation.")
NOT_A_TUPLE = N_("This answer should be a list of {count} values in parentheses, such as (2x, 2y).")
TUPLE_LENGTH = N_("Your list has {given} entries, but {expected} are expected.")
TUPLE_ENTRIES = N_("These entries are not correct: {positions}.")
SET_FOUND = N_("{found} of the {total} expected elements are in your answer.")
SET_EXTRA = N_("These elements should not be there: {elements}.")
NOT_AN_OPTION = N_("'{answer}' is not one of the options: {options}.")
EMPTY = N_("The answer is empty; write one of the options: {options}.")
BAD_KEY = N_("The expected answer cannot be read: {reason}")
NO_KEY = N_("Give the expected answer, or a function and what to ask about it.")
CANNOT_DERIVE = N_("Only 'derivative' and 'partial' can be derived from a function, not '{ask}'.")
BAD_VARIABLE = N_(
    "'{name}' cannot be a variable name: use letters and digits, starting with a letter."
)
BAD_ORDER = N_("The order of the derivative must be between 1 and {most}, not {order}.")
TOO_HARD_TO_DERIVE = N_(
    "The derivative of this function is too large to compute; give the expected answer instead."
)
UNKNOWN_KIND = N_("Unknown answer kind '{kind}'; use one of: {kinds}.")
KEY_TOO_COSTLY = N_("The expected answer takes too long to read; write it more simply.")

CLASSIFY_OPTIONS = tuple(SYNONYMS)
MAX_ORDER = 10
SMALL_FUNCTION = 40
DERIVE_SECONDS = 3.0
CHECK_SECONDS = 2.0
"""Hard limit on reading, comparing and diagnosing one answer the risk estimate calls unsafe."""
CHECK_MEMORY_MB = 512


@dataclass(frozen=True)
class _Task:
    """What one answer is checked against: the key text, its kind and the names it may use."""

    expected: str
    kind: str
    variables: tuple[str, ...]
    functions: tuple[str, ...] = ()
    tolerance: Tolerance | None = None
    choices: tuple[Choice, ...] = ()
    problem: ProblemSpec | None = None
    part: PartSpec | None = None


@dataclass(frozen=True)
class _Authored:
    """Feedback a template's author wrote per language (no catalog has it); English by default."""

    texts: Mapping[str, str]

    def render(self, lang: str) -> str:
        return self.texts.get(normalize_language(lang)) or self.texts["en"]


@dataclass(frozen=True)
class _Judgement:
    """The comparison's result before it becomes a Verdict."""

    outcome: Outcome
    score: float = 0.0
    feedback: tuple[Message | _Authored, ...] = ()
    diagnosis: str | None = None
    interpreted: str | None = None


@dataclass(frozen=True)
class _Read:
    """A parsed text (key or answer), the text itself, and the symbols of its variables."""

    parsed: Parsed
    text: str
    symbols: tuple[sympy.Symbol, ...] = field(default_factory=tuple)


def check(
    expected: str | None,
    answer: str,
    *,
    variables: Sequence[str] | None = None,
    kind: str = "expression",
    lang: str = "en",
    tolerance: float | None = None,
    function: str | None = None,
    ask: str | None = None,
    wrt: Sequence[str] | None = None,
    order: int = 1,
) -> Verdict:
    """The verdict on `answer` against `expected`, or against the derivative of `function`."""
    if kind not in KINDS:
        raise UsageError(UNKNOWN_KIND, kind=kind, kinds=", ".join(KINDS))
    if function is not None:
        problem, part = problem_from_function(
            function, ask, variables=variables, wrt=wrt, order=order
        )
        return check_part(problem, part, answer, lang=lang)
    if expected is None:
        raise UsageError(NO_KEY)
    names = _variable_names(variables) if variables else names_in(expected)
    relative = None if tolerance is None else Tolerance(relative=tolerance)
    return _verdict(_Task(expected, kind, names, tolerance=relative), answer, lang)


def check_part(problem: ProblemSpec, part: PartSpec, answer: str, *, lang: str = "en") -> Verdict:
    """The verdict on `answer` to one part of an instantiated problem (diagnosis included)."""
    task = _Task(
        expected=part.answer,
        kind=part.kind,
        variables=tuple(problem.variables),
        functions=tuple(problem.functions),
        tolerance=None if part.tolerance is None else Tolerance(relative=part.tolerance),
        choices=tuple(part.choices or ()),
        problem=problem,
        part=part,
    )
    return _verdict(task, answer, lang)


def problem_from_function(
    function: str,
    ask: str | None,
    *,
    variables: Sequence[str] | None = None,
    wrt: Sequence[str] | None = None,
    order: int = 1,
) -> tuple[ProblemSpec, PartSpec]:
    """A one-part problem whose key is the derivative (or partial) of `function`, by sympy."""
    if ask not in ("derivative", "partial"):
        raise UsageError(CANNOT_DERIVE, ask=str(ask))
    if not 1 <= order <= MAX_ORDER:
        raise UsageError(BAD_ORDER, order=order, most=MAX_ORDER)
    names = _variable_names(variables) if variables else names_in(function)
    expr = _read_key(function, names, ()).parsed
    if not isinstance(expr, ParsedExpression):
        raise UsageError(BAD_KEY, reason=Message(NOT_AN_EXPRESSION))
    directions = list(_variable_names(wrt)) if wrt else list(names[:1])
    # Differentiated over real variables, as the chapter does: d|x|/dx is sign(x), not an
    # expression in re(x) and im(x) that no student would write (nor the key could be read).
    real = {symbol: sympy.Symbol(symbol.name, real=True) for symbol in expr.expr.free_symbols}
    symbols = {symbol.name: symbol for symbol in real.values()}
    steps = [symbols.get(name, sympy.Symbol(name, real=True)) for name in directions]
    plain = {value: key for key, value in real.items()}
    key = _derivative(expr.expr.xreplace(real), steps, order).xreplace(plain)
    part = PartSpec(
        label="1",
        ask=ask,
        wrt=directions,
        order=order if len(steps) == 1 else len(steps),
        answer=str(key),
        answer_latex=plain_latex(key),
    )
    problem = ProblemSpec(
        number=1,
        template="check",
        topic=ask,
        seed=0,
        variables=list(names),
        function=function,
        statement_latex=plain_latex(expr.expr),
        parts=[part],
    )
    return problem, part


def _derivative(expr: sympy.Expr, steps: Sequence[sympy.Symbol], order: int) -> sympy.Expr:
    """The derivative, computed in the bounded worker unless it is small: a 10th derivative of
    x^x^x takes sympy half a minute, and the function may come from a web request."""
    total = order if len(steps) == 1 else len(steps)
    if total <= 2 and sympy.count_ops(expr) <= SMALL_FUNCTION:
        return _differentiate(expr, tuple(steps), order)
    try:
        return run_bounded(_differentiate, expr, tuple(steps), order, seconds=DERIVE_SECONDS)
    except SandboxError as error:
        raise UsageError(TOO_HARD_TO_DERIVE) from error


def _differentiate(expr: sympy.Expr, steps: tuple[sympy.Symbol, ...], order: int) -> sympy.Expr:
    if len(steps) == 1:
        return sympy.diff(expr, steps[0], order)
    return sympy.diff(expr, *steps)


_IDENTIFIER = re.compile(r"[A-Za-z]+")
_VARIABLE = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _variable_names(variables: Sequence[str]) -> tuple[str, ...]:
    for name in variables:
        if not _VARIABLE.fullmatch(name):
            raise UsageError(BAD_VARIABLE, name=name)
    return tuple(variables)


def names_in(text: str) -> tuple[str, ...]:
    """The variables an expected answer uses: letters that are no function or constant name.

    A run of letters that names nothing known is split into single letters (`2xy` uses x and y),
    except a Greek letter's name.
    """
    found: dict[str, None] = {}
    for word in _IDENTIFIER.findall(text):
        if word in FUNCTIONS or word in CONSTANTS:
            continue
        if len(word) == 1 or word in GREEK_LETTERS:
            found[word] = None
        else:
            found.update(dict.fromkeys(letter for letter in word if letter not in CONSTANTS))
    return tuple(sorted(found))


def _verdict(task: _Task, answer: str, lang: str) -> Verdict:
    """The fast in-process path for ordinary text; the bounded worker for anything else, where a
    timeout or exhausted memory is "could not be checked", never a verdict either way."""
    if not _needs_worker(task, answer):
        return _verdict_now(task, answer, lang)
    if task.kind != "choice" and not task.choices:
        # The key is read here, bounded on its own (`_parse_key`), and the worker inherits it
        # read: it is not read again there, and stays cached for the next student's answer.
        _read_key(task.expected, task.variables, task.functions, task.kind)
    try:
        outcome = run_bounded(
            _verdict_or_usage_error,
            task,
            answer,
            lang,
            seconds=CHECK_SECONDS,
            memory_mb=CHECK_MEMORY_MB,
        )
    except SandboxError:
        return _undecided(lang)
    if isinstance(outcome, Message):
        raise UsageError(outcome.template, **outcome.params)
    return outcome


def _needs_worker(task: _Task, answer: str) -> bool:
    """Whether the answer (or a function given with the check) is beyond the cheap risk estimate;
    a choice reads no expression, and the key is bounded where it is read (`_parse_key`)."""
    if task.kind == "choice":
        return False
    texts = [answer]
    if task.problem is not None and task.problem.template == "check":
        texts.append(task.problem.function)  # a function given with the check is hostile too
    return any(is_risky(text) for text in texts)


def _verdict_or_usage_error(task: _Task, answer: str, lang: str) -> Verdict | Message:
    """`_verdict_now` in the worker; a usage error comes back as its message (it pickles)."""
    try:
        return _verdict_now(task, answer, lang)
    except UsageError as error:
        return error.message


def _undecided(lang: str, interpreted: str | None = None) -> Verdict:
    message = Message(UNDECIDED).render(lang)
    return Verdict(
        "invalid",
        0.0,
        message,
        interpreted=interpreted,
        error=InputErrorInfo("undecided", message, None, ""),
    )


def _verdict_now(task: _Task, answer: str, lang: str) -> Verdict:
    try:
        judgement = _judge(task, answer)
    except StudentInputError as error:
        return Verdict(
            status="invalid",
            score=0.0,
            feedback=error.render(lang),
            error=InputErrorInfo.from_error(error, lang),
        )
    if judgement.outcome is Outcome.EQUIVALENT:
        return Verdict("correct", 1.0, Message(CORRECT).render(lang), None, judgement.interpreted)
    if judgement.outcome is Outcome.UNDECIDED:
        return _undecided(lang, judgement.interpreted)
    feedback = " ".join(message.render(lang) for message in judgement.feedback)
    return Verdict(
        "incorrect", judgement.score, feedback, judgement.diagnosis, judgement.interpreted
    )


def _judge(task: _Task, answer: str) -> _Judgement:
    if task.kind == "choice":
        return _judge_choice(task, answer)
    if task.choices:
        chosen = _chosen_option(task, answer)
        if chosen is not None:
            return _judge_option(task, chosen)
    key = _read_key(task.expected, task.variables, task.functions, task.kind)
    read = _read_answer(answer, task)
    judges = {
        "expression": _judge_expression,
        "number": _judge_number,
        "set": _judge_set,
        "tuple": _judge_tuple,
        "equation": _judge_equation,
    }
    try:
        judgement = judges[task.kind](key, read, task)
    except (ArithmeticError, RecursionError, TypeError, ValueError):
        # sympy itself may fail on an exotic but readable answer: that is "could not be checked".
        judgement = _Judgement(Outcome.UNDECIDED)
    return _Judgement(
        judgement.outcome,
        judgement.score,
        judgement.feedback,
        judgement.diagnosis,
        read.parsed.latex,
    )


def _read_key(
    text: str, variables: Sequence[str], functions: Sequence[str], kind: str | None = None
) -> _Read:
    """The teacher's key, read by the same parser with roomier limits, and as the same kind of
    answer as the student's (so that identical texts are read alike: `[1, 2]` in a set question
    is one point on both sides); unreadable keys are usage errors (the teacher's to fix), never a
    student's invalid answer."""
    try:
        parsed = _parse_key(text, tuple(variables), tuple(functions), kind)
    except StudentInputError as error:
        raise UsageError(BAD_KEY, reason=error.message) from error
    return _Read(parsed, text, _symbols(variables))


@lru_cache(maxsize=1024)
def _parse_key(
    text: str, variables: tuple[str, ...], functions: tuple[str, ...], kind: str | None
) -> Parsed:
    """Keys repeat (a class answers the same parts), and parsed values are immutable: read once,
    in the bounded worker when the text is beyond the risk estimate (a key may come with a request).
    """
    if not is_risky(text):
        return _parse_key_now(text, variables, functions, kind)
    try:
        parsed = run_bounded(
            _parse_key_or_error, text, variables, functions, kind, seconds=CHECK_SECONDS
        )
    except SandboxError as error:
        raise UsageError(BAD_KEY, reason=Message(KEY_TOO_COSTLY)) from error
    if isinstance(parsed, Message):
        raise UsageError(BAD_KEY, reason=parsed)
    return parsed


def _parse_key_now(
    text: str, variables: tuple[str, ...], functions: tuple[str, ...], kind: str | None
) -> Parsed:
    return parse_answer(text, list(variables), functions=functions, limits=KEY_LIMITS, kind=kind)


def _parse_key_or_error(
    text: str, variables: tuple[str, ...], functions: tuple[str, ...], kind: str | None
) -> Parsed | Message:
    """`_parse_key_now` in the worker; an unreadable key comes back as its error's message."""
    try:
        return _parse_key_now(text, variables, functions, kind)
    except StudentInputError as error:
        return error.message


def _read_answer(text: str, task: _Task) -> _Read:
    parsed = parse_answer(text, list(task.variables), functions=task.functions, kind=task.kind)
    return _Read(parsed, text, _symbols(task.variables))


def _symbols(names: Sequence[str]) -> tuple[sympy.Symbol, ...]:
    return tuple(sympy.Symbol(name) for name in names)


def _shape_error(text: str, template: str, code: str, **params: object) -> StudentInputError:
    return StudentInputError(code, template, text=text, **params)


def _judge_expression(key: _Read, read: _Read, task: _Task) -> _Judgement:
    if not isinstance(read.parsed, ParsedExpression):
        raise _shape_error(read.text, NOT_AN_EXPRESSION, "not_an_expression")
    key_expr = _single(key)
    outcome = compare_expressions(
        key_expr, read.parsed.expr, read.symbols, tolerance=task.tolerance
    )
    if outcome is Outcome.DIFFERENT:
        return _incorrect_with_diagnosis(task, read.parsed.expr)
    return _Judgement(outcome)


def _single(key: _Read) -> sympy.Expr:
    if not isinstance(key.parsed, ParsedExpression):
        raise UsageError(BAD_KEY, reason=Message(NOT_AN_EXPRESSION))
    return key.parsed.expr


def _incorrect_with_diagnosis(task: _Task, answer: sympy.Expr) -> _Judgement:
    known = _known_wrong_answer(task, answer)
    if known is not None:
        return known
    diagnosis = _diagnose(task, answer)
    if diagnosis is None:
        return _Judgement(Outcome.DIFFERENT, feedback=(Message(NOT_EQUAL),))
    return _Judgement(Outcome.DIFFERENT, feedback=(diagnosis.feedback,), diagnosis=diagnosis.id)


def _diagnose(task: _Task, answer: sympy.Basic | tuple[sympy.Basic, ...]) -> Diagnosis | None:
    """The misconception behind a wrong answer, when the problem is known and rules can tell."""
    if task.problem is None or task.part is None:
        return None
    from generator.rules import diagnose  # the rules load only when a wrong answer needs them

    try:
        diagnosis: Diagnosis | None = diagnose(task.problem, task.part, answer)
    except Exception:  # a diagnosis only explains a verdict; failing to find one never changes it
        return None
    return diagnosis


def _judge_number(key: _Read, read: _Read, task: _Task) -> _Judgement:
    expected = _single(key)
    if expected.free_symbols:
        raise UsageError(BAD_KEY, reason=Message(NOT_A_NUMBER))
    if not isinstance(read.parsed, ParsedExpression) or read.parsed.expr.free_symbols:
        raise _shape_error(read.text, NOT_A_NUMBER, "not_a_number")
    outcome = compare_numbers(expected, read.parsed.expr, tolerance=task.tolerance)
    if outcome is Outcome.DIFFERENT:
        return _incorrect_with_diagnosis(task, read.parsed.expr)
    return _Judgement(outcome, feedback=(Message(NOT_EQUAL),))


def _elements(parsed: Parsed, points: bool) -> list[sympy.Basic]:
    """The elements of a set answer; a lone value or point is a set of one."""
    if isinstance(parsed, ParsedSet):
        return list(parsed.items)
    if isinstance(parsed, ParsedTuple):
        return [sympy.Tuple(*parsed.items)] if points else list(parsed.items)
    if isinstance(parsed, ParsedExpression):
        return [parsed.expr]
    raise TypeError(type(parsed).__name__)


def _judge_set(key: _Read, read: _Read, task: _Task) -> _Judgement:
    if isinstance(read.parsed, ParsedEquation):
        raise _shape_error(read.text, NOT_AN_EXPRESSION, "not_a_set")
    expected = _elements(key.parsed, points=False)
    points = any(isinstance(element, sympy.Tuple) for element in expected)
    given = _elements(read.parsed, points=points)
    match = match_sets(expected, given, read.symbols, tolerance=task.tolerance)
    if match.outcome is not Outcome.DIFFERENT:
        return _Judgement(match.outcome)
    feedback = [Message(SET_FOUND, {"found": match.matched, "total": len(expected)})]
    if match.extra:
        shown = ", ".join(house_str(element) for element in match.extra)
        feedback.append(Message(SET_EXTRA, {"elements": shown}))
    score = match.matched / max(len(expected), match.matched + len(match.extra))
    return _diagnosed(task, tuple(given), _Judgement(Outcome.DIFFERENT, score, tuple(feedback)))


def _judge_tuple(key: _Read, read: _Read, task: _Task) -> _Judgement:
    if not isinstance(key.parsed, ParsedTuple):
        raise UsageError(BAD_KEY, reason=Message(NOT_A_TUPLE, {"count": 2}))
    expected = list(key.parsed.items)
    if not isinstance(read.parsed, ParsedTuple):
        raise _shape_error(read.text, NOT_A_TUPLE, "not_a_tuple", count=len(expected))
    given = list(read.parsed.items)
    if len(given) != len(expected):
        message = Message(TUPLE_LENGTH, {"given": len(given), "expected": len(expected)})
        return _Judgement(Outcome.DIFFERENT, feedback=(message,))
    outcomes = compare_tuples(expected, given, read.symbols, tolerance=task.tolerance)
    wrong = [
        str(index) for index, outcome in enumerate(outcomes, 1) if outcome is Outcome.DIFFERENT
    ]
    if wrong:
        score = outcomes.count(Outcome.EQUIVALENT) / len(expected)
        message = Message(TUPLE_ENTRIES, {"positions": ", ".join(wrong)})
        return _diagnosed(task, tuple(given), _Judgement(Outcome.DIFFERENT, score, (message,)))
    if Outcome.UNDECIDED in outcomes:
        return _Judgement(Outcome.UNDECIDED)
    return _Judgement(Outcome.EQUIVALENT)


def _judge_equation(key: _Read, read: _Read, task: _Task) -> _Judgement:
    if not isinstance(key.parsed, ParsedEquation):
        raise UsageError(BAD_KEY, reason=Message(NOT_AN_EQUATION))
    if not isinstance(read.parsed, ParsedEquation):
        raise _shape_error(read.text, NOT_AN_EQUATION, "not_an_equation")
    answer = (read.parsed.lhs, read.parsed.rhs)
    outcome = compare_equations((key.parsed.lhs, key.parsed.rhs), answer, read.symbols)
    if outcome is Outcome.DIFFERENT:
        diagnosis = _diagnose(task, answer)
        if diagnosis is not None:
            return _Judgement(outcome, feedback=(diagnosis.feedback,), diagnosis=diagnosis.id)
    return _Judgement(outcome, feedback=(Message(NOT_EQUAL),))


def _diagnosed(task: _Task, answer: tuple[sympy.Basic, ...], judgement: _Judgement) -> _Judgement:
    """A wrong set or list keeps its feedback on which elements are wrong, and adds why."""
    diagnosis = _diagnose(task, answer)
    if diagnosis is None:
        return judgement
    return _Judgement(
        judgement.outcome,
        judgement.score,
        (*judgement.feedback, diagnosis.feedback),
        diagnosis.id,
    )


def _judge_choice(task: _Task, answer: str) -> _Judgement:
    options, expected = _options(task)
    given = canonical_label(answer)
    shown = ", ".join(options)
    if not given:
        raise _shape_error(answer, EMPTY, "empty", options=shown)
    known = {canonical_label(option): option for option in options}
    if options and given not in known:
        raise _shape_error(
            answer, NOT_AN_OPTION, "not_an_option", answer=answer.strip(), options=shown
        )
    outcome = compare_choices(expected, answer)
    diagnosis = None
    if outcome is Outcome.DIFFERENT:
        diagnosis = next(
            (c.diagnosis for c in task.choices if canonical_label(c.label) == given), None
        )
    return _Judgement(
        outcome,
        feedback=(Message(NOT_EQUAL),),
        diagnosis=diagnosis,
        interpreted=rf"\text{{{known.get(given, given)}}}",
    )


_OPTION_LABEL = re.compile(r"\(?\s*([A-Za-z])\s*\)?\.?")


def _chosen_option(task: _Task, answer: str) -> Choice | None:
    """The option a lone letter names (`B`, `b`, `(B)`); None for an expression. A letter that is
    no option is invalid unless it is a variable (`e` too is read as a label here)."""
    match = _OPTION_LABEL.fullmatch(answer.strip())
    if match is None:
        return None
    letter = match.group(1)
    chosen = next((c for c in task.choices if c.label.casefold() == letter.casefold()), None)
    if chosen is not None or letter in task.variables:
        return chosen
    options = ", ".join(choice.label for choice in task.choices)
    raise _shape_error(
        answer, NOT_AN_OPTION, "not_an_option", answer=answer.strip(), options=options
    )


def _judge_option(task: _Task, chosen: Choice) -> _Judgement:
    if chosen.correct:
        return _Judgement(Outcome.EQUIVALENT, interpreted=chosen.answer_latex)
    feedback = _feedback_for(task, chosen.diagnosis)
    return _Judgement(
        Outcome.DIFFERENT,
        feedback=(feedback,),
        diagnosis=chosen.diagnosis,
        interpreted=chosen.answer_latex,
    )


def _known_wrong_answer(task: _Task, answer: sympy.Expr) -> _Judgement | None:
    """The problem's own wrong answer equal to `answer`: a template misconception or a wrong
    option, with its feedback; None when it is neither."""
    if task.part is None:
        return None
    named = [(m.answer, m.id) for m in task.part.misconceptions]
    named += [(c.answer, c.diagnosis) for c in task.choices if not c.correct and c.diagnosis]
    symbols = _symbols(task.variables)
    for text, ident in named:
        try:
            wrong = _single(_read_key(text, task.variables, task.functions))
            same = compare_expressions(wrong, answer, symbols) is Outcome.EQUIVALENT
        except (DerivquizError, ArithmeticError, TypeError, ValueError):
            continue  # a named wrong answer only explains a verdict; it never breaks one
        if same:
            return _Judgement(
                Outcome.DIFFERENT, feedback=(_feedback_for(task, ident),), diagnosis=ident
            )
    return None


def _feedback_for(task: _Task, diagnosis: str | None) -> Message | _Authored:
    """The feedback of a misconception id: the template's own words, else the rule engine's."""
    if task.part is not None and diagnosis is not None:
        for misconception in task.part.misconceptions:
            if misconception.id == diagnosis:
                return _Authored(misconception.feedback)
        if task.problem is not None:
            from generator.rules import mal_answers  # loaded only when a wrong option needs it

            try:
                found = [m for m in mal_answers(task.problem, task.part) if m.id == diagnosis]
            except Exception:  # as in `_diagnose`: feedback explains a verdict, never changes it
                found = []
            if found:
                return found[0].feedback
    return Message(NOT_EQUAL)


def _options(task: _Task) -> tuple[tuple[str, ...], str]:
    """The labels a student may give, and the right one."""
    if task.choices:
        right = next((choice.label for choice in task.choices if choice.correct), task.expected)
        return tuple(choice.label for choice in task.choices), right
    if canonical_label(task.expected) in CLASSIFY_OPTIONS:
        return CLASSIFY_OPTIONS, task.expected
    return (), task.expected


class _Request(BaseModel):
    """One line of `check --batch` (DESIGN.md); validated once, here at the JSON edge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str | int | None = None
    expected: str | None = None
    function: str | None = None
    ask: str | None = None
    wrt: list[str] | None = None
    order: int = Field(default=1, ge=1, le=10)
    answer: str
    variables: list[str] | None = None
    kind: str = "expression"
    tolerance: float | None = Field(default=None, ge=0)
    lang: str | None = None


BAD_JSON = N_("Line {number} is not a JSON object.")
BAD_FIELDS = N_("Line {number} has missing or unusable fields: {fields}.")
BAD_REQUEST = N_("Line {number} cannot be checked: {reason}")
FAILED = N_("Line {number} could not be checked because of an internal error.")


def check_line(line: str, number: int, *, lang: str = "en") -> dict[str, object]:
    """The output object for one `check --batch` line; a bad line gives an `invalid` object.

    A line may carry its own `lang`, which wins over the batch's.
    """
    identifier: object = None
    try:
        fields = json.loads(line)
        if not isinstance(fields, dict):
            raise ValueError(line)
        identifier = fields.get("id")
        request = _Request.model_validate(fields)
    except ValueError as error:
        return {"id": identifier, **_line_error(error, number, lang).to_json()}
    lang = request.lang or lang
    try:
        verdict = check(
            request.expected,
            request.answer,
            variables=request.variables,
            kind=request.kind,
            lang=lang,
            tolerance=request.tolerance,
            function=request.function,
            ask=request.ask,
            wrt=request.wrt,
            order=request.order,
        )
    except DerivquizError as error:
        verdict = _invalid_line(
            "bad_request", Message(BAD_REQUEST, {"number": number, "reason": error.message}), lang
        )
    except Exception:  # one bad line must not stop the batch; the line says it failed
        verdict = _invalid_line("internal", Message(FAILED, {"number": number}), lang)
    return {"id": request.id, **verdict.to_json()}


def _line_error(error: ValueError, number: int, lang: str) -> Verdict:
    if isinstance(error, ValidationError):
        fields = sorted({".".join(str(part) for part in item["loc"]) for item in error.errors()})
        message = Message(BAD_FIELDS, {"number": number, "fields": ", ".join(fields)})
        return _invalid_line("bad_fields", message, lang)
    return _invalid_line("bad_json", Message(BAD_JSON, {"number": number}), lang)


def _invalid_line(code: str, message: Message, lang: str) -> Verdict:
    text = message.render(lang)
    return Verdict("invalid", 0.0, text, error=InputErrorInfo(code, text, None, ""))
