"""`validate`: every template × many seeds, keys verified independently; `list`: variant counts.

For each template: the statement exists in every shipped language (else a warning); each seed
instantiates (constraints satisfiable, statement renders with no undefined name, in every
language); every key agrees with `generator.bank.verify`; the checker grades the key and a
rewritten key correct and key + 1 incorrect; every misconception (the template's own, and the rule
engine's mal-rule answers) differs from the key; a multiple-choice part has exactly one right
option, the key, and no two equivalent options.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from generator.bank.instantiate import Instance, instantiate_full, render_texts
from generator.bank.loading import Bank, CompiledTemplate
from generator.bank.statements import missing_languages
from generator.bank.titles import missing_title_languages, title_in
from generator.bank.verify import numeric
from generator.bank.verify import verify as verify_key
from generator.equivalence import equivalent
from generator.errors import AuthorError, DerivquizError
from generator.i18n import LANGUAGES, N_, Message
from generator.model import ProblemSpec
from generator.parsing import KEY_LIMITS, ParsedExpression, parse_answer
from generator.solve import Key, show

Check = Callable[[CompiledTemplate, Instance], Message | None]
GRADING_SEEDS = 10
"""The checker and mal-rule rounds (slow, and about the form of a key more than its numbers)
run on the first seeds only; the keys are verified on every seed."""


@dataclass(frozen=True)
class TemplateResult:
    """What validation found for one template."""

    template: CompiledTemplate
    seeds: int
    failures: tuple[Message, ...] = ()
    warnings: tuple[Message, ...] = ()

    def line(self) -> Message:
        if self.failures:
            return Message(
                N_("FAIL {id} ({file}): {problem}"),
                {"id": self.template.id, "file": self.template.file, "problem": self.failures[0]},
            )
        if self.warnings:
            return Message(
                N_("warn {id} ({file}): {problem}"),
                {"id": self.template.id, "file": self.template.file, "problem": self.warnings[0]},
            )
        return Message(
            N_("ok   {id}: {count} instances"), {"id": self.template.id, "count": self.seeds}
        )


@dataclass(frozen=True)
class ValidationReport:
    """One result per template, in bank order, and which optional checks could run."""

    results: tuple[TemplateResult, ...]

    @property
    def ok(self) -> bool:
        return not any(r.failures for r in self.results)

    @property
    def lines(self) -> list[Message]:
        return [r.line() for r in self.results]

    def summary(self) -> Message:
        failed = sum(1 for r in self.results if r.failures)
        warned = sum(1 for r in self.results if r.warnings and not r.failures)
        return Message(
            N_("{total} templates: {passed} passed, {failed} failed, {warned} with warnings"),
            {
                "total": len(self.results),
                "passed": len(self.results) - failed,
                "failed": failed,
                "warned": warned,
            },
        )


def validate_banks(
    bank: Bank, *, seeds: int = 50, checks: tuple[str, ...] | None = None
) -> ValidationReport:
    """Stress-test every template of the bank with `seeds` instances each.

    `checks` names a subset of CHECKS (default: all); the test suite runs the costly checker
    round trip on fewer templates than the rest.
    """
    chosen = [CHECKS[name] for name in (checks or tuple(CHECKS))]
    return ValidationReport(
        tuple(validate_template(t, seeds=seeds, checks=chosen) for t in bank.templates)
    )


def validate_template(
    template: CompiledTemplate, *, seeds: int, checks: list[Check]
) -> TemplateResult:
    """Instantiate `seeds` seeds and run every check; the first failures are kept (at most 5)."""
    warnings = [
        Message(N_("{path} has no {lang} text"), {"path": path, "lang": lang})
        for path, text in _texts(template)
        for lang in missing_languages(text)
    ]
    warnings += [
        Message(N_("{path} has no {lang} text"), {"path": "title", "lang": lang})
        for lang in missing_title_languages(template.source.title)
    ]
    failures: list[Message] = []
    for seed in range(seeds):
        try:
            instance = instantiate_full(template, seed)
            for lang in LANGUAGES[1:]:
                render_texts(template, instance, lang)
        except AuthorError as error:
            failures.append(error.detail)
            break
        for check in checks:
            if seed >= GRADING_SEEDS and check in (_check_with_checker, _check_mal_answers):
                continue
            problem = check(template, instance)
            if problem is not None:
                failures.append(
                    Message(N_("seed {seed}: {problem}"), {"seed": seed, "problem": problem})
                )
        if _check_mal_answers in checks and seed < GRADING_SEEDS:
            warnings += _coinciding_mal_rules(instance, seed)
        if len(failures) >= 5:
            break
    return TemplateResult(template, seeds, tuple(failures), tuple(warnings))


def _coinciding_mal_rules(instance: Instance, seed: int) -> list[Message]:
    """Mal-rules whose answer is the key itself for this variant: diagnosis cannot see them here
    (a warning: the variant is still a fair question; a zero key makes every sign slip vanish)."""
    from generator.rules import coinciding_mal_rules

    return [
        Message(
            N_("seed {seed}, part {label}: the mal-rule {id} gives the key itself"),
            {"seed": seed, "label": part.label, "id": rule},
        )
        for part, key in zip(instance.spec.parts, instance.keys, strict=True)
        if key.value != 0
        for rule in coinciding_mal_rules(instance.spec, part)
    ]


def _texts(template: CompiledTemplate) -> list[tuple[str, object]]:
    source = template.source
    texts: list[tuple[str, object]] = [("statement", source.statement)]
    texts += [(f"parts.{i}.prompt", p.prompt) for i, p in enumerate(source.parts) if p.prompt]
    texts += [
        (f"misconceptions.{i}.feedback", m.feedback) for i, m in enumerate(source.misconceptions)
    ]
    return texts


def _check_keys(template: CompiledTemplate, instance: Instance) -> Message | None:
    rng = random.Random(instance.spec.seed)
    for part, question, key in zip(template.parts, instance.questions, instance.keys, strict=True):
        problem = verify_key(question, key, rng)
        if problem is not None:
            return Message(N_("part {label}: {problem}"), {"label": part.label, "problem": problem})
    return None


def _differs(answer: sympy.Expr, key: Key, instance: Instance) -> bool:
    """Whether a wrong answer differs from an expression or number key at some test point
    (points where either side is undefined are skipped; no comparable point is no evidence)."""
    if not isinstance(key.value, sympy.Expr):
        return True
    rng = random.Random(0)
    variables = instance.questions[0].variables
    compared = 0
    for low, high in [(30, 220)] * 4 + [(-300, 300)] * 8:
        point = {v: sympy.Rational(rng.randint(low, high), 100) for v in variables}
        a, b = numeric(answer, point), numeric(key.value, point)
        if a is None or b is None:
            continue
        if abs(a - b) > 1e-9 * max(1, abs(b)):
            return True
        compared += 1
        if compared == 4:
            return False
    return compared == 0


def _check_misconceptions(template: CompiledTemplate, instance: Instance) -> Message | None:
    labels = [p.label for p in template.parts]
    inner = {name: expr.xreplace(instance.values) for name, expr in template.functions}
    for item in template.misconceptions:
        key = instance.keys[labels.index(item.part)]
        answer = item.answer.xreplace(instance.values).xreplace(inner)
        if not _differs(answer, key, instance):
            return Message(
                N_("misconception {id} gives the key itself ({key})"),
                {"id": item.source.id, "key": key.text},
            )
    return None


def _check_choices(_template: CompiledTemplate, instance: Instance) -> Message | None:
    """Each multiple-choice part: exactly one option right, and it is the key; no two options
    equivalent. Read back from the manifest's text, as the checker reads them."""
    problem = instance.spec
    for part in problem.parts:
        if not part.choices or part.kind == "choice":
            continue
        marked = [choice.label for choice in part.choices if choice.correct]
        if len(marked) != 1:
            return Message(
                N_("part {label}: {count} options are marked right, not one"),
                {"label": part.label, "count": len(marked)},
            )
        key = _expression(problem, part.answer)
        options = [_expression(problem, choice.answer) for choice in part.choices]
        for choice, option in zip(part.choices, options, strict=True):
            if choice.correct != _equal(option, key):
                template = (
                    N_("part {label}: option {option} is marked right but is not the key")
                    if choice.correct
                    else N_("part {label}: option {option} is marked wrong but equals the key")
                )
                return Message(template, {"label": part.label, "option": choice.label})
        for i, j in itertools.combinations(range(len(options)), 2):
            if _equal(options[i], options[j]):
                return Message(
                    N_("part {label}: options {first} and {second} are equivalent"),
                    {
                        "label": part.label,
                        "first": part.choices[i].label,
                        "second": part.choices[j].label,
                    },
                )
    return None


def _expression(problem: ProblemSpec, text: str) -> sympy.Expr | None:
    parsed = parse_answer(
        text, problem.variables, functions=tuple(problem.functions), limits=KEY_LIMITS
    )
    return parsed.expr if isinstance(parsed, ParsedExpression) else None


def _equal(a: sympy.Expr | None, b: sympy.Expr | None) -> bool:
    if a is None or b is None:
        return False
    return equivalent(a, b, sorted(a.free_symbols | b.free_symbols, key=str))


def _check_mal_answers(_template: CompiledTemplate, instance: Instance) -> Message | None:
    from generator.rules import mal_answers

    for part, key in zip(instance.spec.parts, instance.keys, strict=True):
        for mal in mal_answers(instance.spec, part):
            if not _differs(mal.expr, key, instance):
                return Message(
                    N_("part {label}: the mal-rule {id} gives the key itself ({key})"),
                    {"label": part.label, "id": mal.id, "key": key.text},
                )
    return None


def _rewritten(key: Key) -> str:
    """The key written differently but equal: what a student who is right might type."""
    value = key.value
    if key.kind == "expression" and isinstance(value, sympy.Expr):
        expanded = sympy.expand(value)
        return show(expanded) if show(expanded) != key.text else f"2*({key.text})/2"
    if key.kind == "number":
        return f"2*({key.text})/2"
    if key.kind == "set" and isinstance(value, sympy.FiniteSet):
        return "{" + ", ".join(show(p) for p in reversed(sorted(value, key=float))) + "}"
    if key.kind == "tuple" and isinstance(value, sympy.Tuple):
        return "(" + ", ".join(show(sympy.expand(c)) for c in value) + ")"
    if key.kind == "equation" and isinstance(value, sympy.Equality):
        return f"{show(value.rhs)} = y"
    return key.text.upper()


def _wrong(key: Key) -> str:
    """The key plus one (or another label): must be graded incorrect."""
    value = key.value
    if key.kind in ("expression", "number"):
        return f"{key.text} + 1"
    if key.kind == "set" and isinstance(value, sympy.FiniteSet):
        return "{" + ", ".join(show(p + 1) for p in sorted(value, key=float)) + "}"
    if key.kind == "tuple" and isinstance(value, sympy.Tuple):
        return "(" + ", ".join(show(c + (1 if i == 0 else 0)) for i, c in enumerate(value)) + ")"
    if key.kind == "equation" and isinstance(value, sympy.Equality):
        return f"y = {show(value.rhs + 1)}"
    return "min" if value == "max" else "max"


def _check_with_checker(_template: CompiledTemplate, instance: Instance) -> Message | None:
    from generator.checking import check_part

    for part, key in zip(instance.spec.parts, instance.keys, strict=True):
        for answer, expected in (
            (key.text, "correct"),
            (_rewritten(key), "correct"),
            (_wrong(key), "incorrect"),
        ):
            try:
                verdict = check_part(instance.spec, part, answer)
            except DerivquizError as error:
                return Message(
                    N_("part {label}: the checker cannot grade '{answer}': {reason}"),
                    {"label": part.label, "answer": answer, "reason": error.message},
                )
            if verdict.status != expected:
                return Message(
                    N_("part {label}: the checker says {status} for '{answer}' (key {key})"),
                    {
                        "label": part.label,
                        "status": verdict.status,
                        "answer": answer,
                        "key": key.text,
                    },
                )
    return None


@dataclass(frozen=True)
class CatalogueRow:
    """One line of `derivquiz list`."""

    id: str
    topic: str
    title: str
    difficulty: int
    variants: int
    parts: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "topic": self.topic,
            "title": self.title,
            "difficulty": self.difficulty,
            "variants": self.variants,
            "parts": list(self.parts),
        }


def count_variants(template: CompiledTemplate, seeds: int) -> int:
    """Distinct problems among the parameter draws of `seeds` seeds (a lower bound on variants).

    Counts what a student sees: the function and the points and directions asked about, after
    substitution; cheap because nothing is solved.
    """
    seen = set()
    for seed in range(seeds):
        rng = random.Random(seed)
        for _ in range(50):
            values = template.draw_params(rng)
            if template.admits(values):
                break
        else:
            continue
        shown = [template.function.xreplace(values)]
        shown += [expr.xreplace(values) for _, expr in template.functions]
        for part in template.parts:
            for items in (part.at, part.direction, part.between):
                shown += [item.xreplace(values) for item in items or ()]
        seen.add(tuple(shown))
    return len(seen)


def catalogue(
    bank: Bank, *, topic: str | None = None, seeds: int = 200, lang: str = "en"
) -> list[CatalogueRow]:
    """The rows of `derivquiz list`, in bank order, titles in `lang`."""
    return [
        CatalogueRow(
            t.id,
            t.topic,
            title_in(t.source.title, lang),
            t.source.difficulty,
            count_variants(t, seeds),
            tuple(p.source.ask for p in t.parts),
        )
        for t in bank.templates
        if topic is None or t.topic == topic
    ]


CHECKS: dict[str, Check] = {
    "keys": _check_keys,
    "misconceptions": _check_misconceptions,
    "choices": _check_choices,
    "mal_rules": _check_mal_answers,
    "checker": _check_with_checker,
}
