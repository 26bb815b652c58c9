"""Live preview: how the checker reads what is being typed, or what in it cannot be read."""

from __future__ import annotations

from generator.errors import StudentInputError
from generator.i18n import normalize_language
from generator.parsing import parse_answer
from generator.render.mathml import formula_to_mathml
from generator.service.schemas import InputErrorOut, PreviewOut, PreviewRequest


def preview(request: PreviewRequest) -> PreviewOut:
    """The parsed answer as LaTeX and MathML, or the parse error with its column."""
    if not request.answer.strip():
        return PreviewOut(ok=True, latex=None, mathml=None, error=None)
    try:
        parsed = parse_answer(
            request.answer, request.variables, functions=request.functions, kind=request.kind
        )
    except StudentInputError as error:
        lang = normalize_language(request.lang)
        return PreviewOut(
            ok=False,
            latex=None,
            mathml=None,
            error=InputErrorOut(
                code=error.code,
                message=error.render(lang),
                column=error.column,
                excerpt=error.excerpt(),
            ),
        )
    return PreviewOut(
        ok=True, latex=parsed.latex, mathml=str(formula_to_mathml(parsed.latex)), error=None
    )
