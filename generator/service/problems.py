"""Problems for the HTTP API: list templates, instantiate one, grade a student's answers to it.

The banks are loaded once per worker; a problem is rebuilt from (template, seed) on every request,
so the service keeps no state between requests. What a student sees never includes a key: keys and
worked steps are added for a part the student attempted, or for everything when a teacher asks.
"""

from __future__ import annotations

import html
from functools import cached_property, partial
from pathlib import Path

from generator.bank import Bank, instantiate, load_banks
from generator.bank.titles import title_in
from generator.checking import check_part
from generator.exports.questions import CLASS_LABELS
from generator.i18n import Message, translate
from generator.model import PartSpec, ProblemSpec
from generator.render.mathml import formula_to_mathml, text_to_html
from generator.render.plots import draw
from generator.rules import explain, plain_message
from generator.rules.printing import Math
from generator.service.checks import CheckRunner, timeout_verdict, verdict_out
from generator.service.errors import UnknownPart, UnknownTemplate
from generator.service.schemas import (
    ChoiceOut,
    GradedPartOut,
    GradeOut,
    KeyOut,
    PartOut,
    ProblemOut,
    StepOut,
    TemplateOut,
    TemplatesOut,
)


class Catalogue:
    """The shipped banks plus any extra folders, and what the API makes of them."""

    def __init__(self, bank_dirs: tuple[Path, ...] = ()) -> None:
        self._bank_dirs = bank_dirs

    @cached_property
    def bank(self) -> Bank:
        return load_banks(extra_dirs=self._bank_dirs)

    def topics(self) -> list[str]:
        return self.bank.topics()

    def templates(self, topic: str | None, lang: str) -> TemplatesOut:
        chosen = [
            TemplateOut(
                id=template.id,
                topic=template.topic,
                title=title_in(template.source.title, lang),
                difficulty=template.source.difficulty,
            )
            for template in self.bank.templates
            if topic is None or template.topic == topic
        ]
        return TemplatesOut(topics=self.topics(), templates=chosen)

    def instantiate(self, template_id: str, seed: int, lang: str) -> ProblemSpec:
        template = self.bank.by_id.get(template_id)
        if template is None:
            raise UnknownTemplate(template_id)
        return instantiate(template, seed, lang=lang)

    def problem(self, template_id: str, seed: int, lang: str, *, key: bool) -> ProblemOut:
        """The problem as a student sees it; with `key`, every part's key and steps too."""
        spec = self.instantiate(template_id, seed, lang)
        keys = {part.label: key_out(spec, part, lang) for part in spec.parts if key}
        return problem_out(spec, keys, lang)

    async def grade(
        self,
        runner: CheckRunner,
        template_id: str,
        seed: int,
        answers: dict[str, str],
        lang: str,
        *,
        teacher: bool,
    ) -> GradeOut:
        """Verdicts per part; a part's key and steps once it was attempted (a teacher gets all)."""
        spec = await runner.run(lambda: self.instantiate(template_id, seed, lang))
        labels = {part.label for part in spec.parts}
        for label in answers:
            if label not in labels:
                raise UnknownPart(label, sorted(labels))
        graded: list[GradedPartOut] = []
        score = 0.0
        for part in spec.parts:
            answer = answers.get(part.label, "").strip()
            if not answer:
                key = await runner.run(partial(key_out, spec, part, lang)) if teacher else None
                graded.append(
                    GradedPartOut(label=part.label, answered=False, verdict=None, key=key)
                )
                continue
            try:
                verdict = await runner.run(partial(check_part, spec, part, answer, lang=lang))
            except TimeoutError:
                verdict = timeout_verdict(lang)
            score += verdict.score * part.points
            attempted = verdict.status != "invalid"
            key = (
                await runner.run(partial(key_out, spec, part, lang))
                if attempted or teacher
                else None
            )
            graded.append(
                GradedPartOut(
                    label=part.label, answered=True, verdict=verdict_out(verdict), key=key
                )
            )
        return GradeOut(
            template=spec.template,
            seed=spec.seed,
            score=round(score, 6),
            points=sum(part.points for part in spec.parts),
            parts=graded,
        )


def problem_out(spec: ProblemSpec, keys: dict[str, KeyOut], lang: str) -> ProblemOut:
    """The problem with its figure drawn as inline SVG (as the worksheet shows it, no key marks)."""
    plot = draw(spec, key=False)
    return ProblemOut(
        template=spec.template,
        topic=spec.topic,
        seed=spec.seed,
        title=spec.title,
        variables=spec.variables,
        functions=list(spec.functions),
        statement_latex=spec.statement_latex,
        statement_mathml=str(text_to_html(spec.statement_latex)),
        figure=spec.figure,
        figure_svg=None if plot is None else plot.svg(),
        figure_description=None if plot is None else plot.description.render(lang),
        parts=[part_out(part, keys.get(part.label), lang) for part in spec.parts],
    )


def part_out(part: PartSpec, key: KeyOut | None, lang: str) -> PartOut:
    """A part without its key (choices lose their `correct` flag and diagnosis)."""
    choices = None
    if part.choices is not None:
        choices = [
            ChoiceOut(
                label=choice.label,
                answer=choice.answer,
                answer_latex=choice.answer_latex,
                answer_mathml=_choice_html(choice.answer, choice.answer_latex, lang),
            )
            for choice in part.choices
        ]
    return PartOut(
        label=part.label,
        ask=part.ask,
        kind=part.kind,
        wrt=part.wrt,
        order=part.order,
        at=part.at,
        direction=part.direction,
        points=part.points,
        prompt_latex=part.prompt_latex,
        prompt_mathml=None if part.prompt_latex is None else str(text_to_html(part.prompt_latex)),
        choices=choices,
        key=key,
    )


def _choice_html(answer: str, latex: str, lang: str) -> str:
    """A classification label in words of the reader's language; any other choice as MathML."""
    if answer in CLASS_LABELS:
        return html.escape(translate(CLASS_LABELS[answer], lang))
    return str(formula_to_mathml(latex))


def key_out(spec: ProblemSpec, part: PartSpec, lang: str) -> KeyOut:
    """The key of one part with its worked steps in `lang`."""
    solution = explain(spec, part)
    return KeyOut(
        answer=part.answer,
        answer_latex=part.answer_latex,
        answer_mathml=str(formula_to_mathml(part.answer_latex)),
        steps=[
            StepOut(
                rule=step.rule,
                explanation=plain_message(step.explanation, lang),
                explanation_html=explanation_html(step.explanation, lang),
                latex=step.latex,
                mathml=str(formula_to_mathml(step.latex)) if step.latex else "",
                text=step.text,
            )
            for step in solution.steps
        ],
    )


def explanation_html(message: Message, lang: str) -> str:
    """A step's explanation as HTML whose mathematical pieces are MathML."""
    params = {
        name: rf"\({value.latex}\)" if isinstance(value, Math) else value
        for name, value in message.params.items()
    }
    return str(text_to_html(Message(message.template, params).render(lang)))
