"""The shortcuts generation takes give exactly what the longer way gives, over every shipped
template: the rule engine's task built from a solved problem's sympy objects (not re-read from
the manifest's text), and differentiator runs that record no steps (diagnosis and distractors)."""

from __future__ import annotations

import pytest
import sympy as sp

from generator.bank import CompiledTemplate, load_banks
from generator.bank.instantiate import instantiate_full
from generator.rules.differentiator import STYLES, Differentiator
from generator.rules.malrules import MAL_RULES
from generator.rules.task import solved_task, task_of

TEMPLATES = load_banks().templates
SEEDS = (0, 1, 7)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_solved_task_is_the_task_read_from_the_manifest(template: CompiledTemplate) -> None:
    """For every part, the task built from the sympy objects equals `task_of` of the spec."""
    for seed in SEEDS:
        instance = instantiate_full(template, seed)
        inner = {name: expr.xreplace(instance.values) for name, expr in template.functions}
        outer = template.function.xreplace(instance.values)
        parts = zip(instance.spec.parts, instance.questions, instance.keys, strict=True)
        for part, question, key in parts:
            built = solved_task(instance.spec, part, question, outer, inner, key.value)
            read = task_of(instance.spec, part)
            assert built == read, (seed, part.label)
            assert sp.srepr(built.substituted) == sp.srepr(read.substituted)
            if read.key is not None:
                assert sp.srepr(built.key) == sp.srepr(read.key)


def _runs(expr: sp.Expr, var: sp.Symbol, style: str, mal: object) -> list[object]:
    """(derivative, fired pieces as text, depth, rules used) with and without recording."""
    found = []
    for record in (True, False):
        engine = Differentiator(var, mal=mal, style=style, record=record)  # type: ignore[arg-type]
        result = engine.derivative(expr)
        fired = None if engine.fired is None else {k: v.text for k, v in engine.fired.items()}
        found.append((sp.srepr(result), fired, engine.fired_depth, engine.used))
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_differentiator_without_steps_gives_the_same_results(template: CompiledTemplate) -> None:
    """Correct and mal-rule runs agree, result and first bite, whether or not steps are kept."""
    function = instantiate_full(template, SEEDS[0]).function
    for var in sorted(function.free_symbols, key=str):
        for style in STYLES:
            for mal in (None, *MAL_RULES):
                recorded, unrecorded = _runs(function, var, style, mal)
                assert recorded == unrecorded, (var, style, mal and mal.id)
