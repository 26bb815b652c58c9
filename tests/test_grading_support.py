"""Shared pieces of the grading tests: a small two-form manifest and a checker that stands in for
`generator.checking` in the tests that are about files, not about mathematics.

The stand-in decides by the text alone: the key (spaces ignored) is correct, "-" + key is a sign
error, text with "?" cannot be read, "boom" breaks the checker, anything else is incorrect.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import StudentInputError
from generator.grading import engine
from generator.i18n import N_
from generator.model import FormSpec, Manifest, PartSpec, ProblemSpec, Verdict

CALLS: list[str] = []


def part(label: str, answer: str, *, points: float = 1.0, kind: str = "expression") -> PartSpec:
    return PartSpec(
        label=label, ask="derivative", wrt=["x"], kind=kind, answer=answer,
        answer_latex=answer.replace("**", "^").replace("*", " "), points=points,
    )  # fmt: skip


def problem(number: int, function: str, *parts: PartSpec) -> ProblemSpec:
    return ProblemSpec(
        number=number, template="power.basic", topic="power", seed=number, variables=["x"],
        function=function, statement_latex=function, parts=list(parts),
    )  # fmt: skip


def manifest(*, roster: bool = False, title: str = "Quiz 3") -> Manifest:
    """Forms A and B (or, with roster, one form per student s1, s2): q1, q2a, q2b."""
    forms = []
    for name, power in (("A", 3), ("B", 4)):
        forms.append(
            FormSpec(
                form=name if not roster else f"s{power - 2}",
                student=f"s{power - 2}" if roster else None,
                student_name=f"Student {power - 2}" if roster else None,
                seed=power,
                problems=[
                    problem(1, f"x**{power}", part("1", f"{power}*x**{power - 1}")),
                    problem(
                        2,
                        "sin(x)",
                        part("a", "cos(x)"),
                        part("b", "-sin(x)", points=2.0),
                    ),
                ],
            )
        )
    return Manifest(derivquiz="0.1.0", seed=1, title=title, forms=forms)


def fake_check(problem: ProblemSpec, part: PartSpec, answer: str, *, lang: str = "en") -> Verdict:
    CALLS.append(answer)
    key = part.answer.replace(" ", "")
    text = answer.replace(" ", "")
    if "?" in text:
        raise StudentInputError(
            "unknown_name", N_("This answer could not be checked ({reason})."),
            text=answer, offset=answer.index("?"), reason="?",
        )  # fmt: skip
    if text == "boom":
        raise RuntimeError("checker broke")
    latex = text.replace("**", "^")
    if text == key:
        return Verdict("correct", 1.0, "Correct.", interpreted=latex)
    if text == f"-{key}" or text == f"-({key})":
        return Verdict("incorrect", 0.0, "Check the sign.", "sign_error", interpreted=latex)
    return Verdict("incorrect", 0.0, "Not equivalent to the key.", interpreted=latex)


def use_fake_checker(monkeypatch: object) -> None:
    monkeypatch.setattr(engine, "default_checker", lambda: fake_check)  # type: ignore[attr-defined]
    CALLS.clear()


def write(path: Path, text: str, *, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def dying_check(problem: ProblemSpec, part: PartSpec, answer: str, *, lang: str = "en") -> Verdict:
    """Like fake_check, but the worker process dies on the answer "die" (as if killed)."""
    if answer == "die":
        os._exit(3)
    return fake_check(problem, part, answer, lang=lang)
