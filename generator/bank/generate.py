"""A class set from a request: pick templates, then instantiate them per form or per student.

The templates are chosen once for the whole set (every form asks the same kinds of question); each
form or student gets its own seed and so its own numbers (seeds: `generator.bank.seeds`).
"""

from __future__ import annotations

import csv
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.bank.instantiate import instantiate
from generator.bank.loading import Bank, CompiledTemplate, load_banks
from generator.bank.schema import TOPICS
from generator.bank.seeds import derive_seed
from generator.errors import UsageError
from generator.i18n import N_, normalize_language
from generator.model import FormSpec, Manifest, ProblemSpec

MAX_COUNT = 200
MAX_REDRAWS = 20
ID_COLUMNS = ("id", "student_id", "student", "sid", "number")
NAME_COLUMNS = ("name", "student_name", "full_name", "fullname")


@dataclass(frozen=True)
class Student:
    """One row of a roster."""

    id: str
    name: str


@dataclass(frozen=True)
class GenerateRequest:
    """What the teacher asked for (the options of `derivquiz generate`)."""

    count: int = 10
    seed: int = 0
    topics: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    versions: int = 1
    shuffle: bool = False
    roster: tuple[Student, ...] = ()
    banks: tuple[Path, ...] = field(default=())
    title: str = ""
    course: str = ""
    date: str = ""
    lang: str = "en"


def generate(request: GenerateRequest, bank: Bank | None = None) -> Manifest:
    """The manifest of the whole class set: forms A, B, … or one form per roster student."""
    bank = bank if bank is not None else load_banks(request.banks)
    if not 1 <= request.count <= MAX_COUNT:
        raise UsageError(N_("--count must be between 1 and {max}"), max=MAX_COUNT)
    if not 1 <= request.versions <= len(string.ascii_uppercase):
        raise UsageError(N_("--versions must be between 1 and 26"))
    chosen = choose_templates(bank, request)
    lang = normalize_language(request.lang)
    forms = [
        _form(chosen, label, student, form_seed, request.shuffle, lang)
        for label, student, form_seed in _form_plan(request)
    ]
    return Manifest(
        derivquiz=__version__,
        seed=request.seed,
        lang=lang,
        title=request.title,
        course=request.course,
        date=request.date,
        forms=forms,
    )


def choose_templates(bank: Bank, request: GenerateRequest) -> list[CompiledTemplate]:
    """`count` templates spread over the selected topics, grouped in the chapter's topic order."""
    pool = _pool(bank, request)
    groups: dict[str, list[CompiledTemplate]] = {}
    for template in pool:
        groups.setdefault(template.topic, []).append(template)
    topics = sorted(groups, key=TOPICS.index)
    rng = random.Random(derive_seed(request.seed, "selection"))
    if request.count < len(topics):
        topics = sorted(rng.sample(topics, request.count), key=TOPICS.index)
    decks: dict[str, list[CompiledTemplate]] = {topic: [] for topic in topics}
    chosen: list[CompiledTemplate] = []
    while len(chosen) < request.count:
        for topic in topics:
            if len(chosen) == request.count:
                break
            if not decks[topic]:
                decks[topic] = rng.sample(groups[topic], len(groups[topic]))
            chosen.append(decks[topic].pop())
    return sorted(chosen, key=lambda t: TOPICS.index(t.topic))


def _pool(bank: Bank, request: GenerateRequest) -> list[CompiledTemplate]:
    for topic in request.topics:
        if topic not in TOPICS:
            raise UsageError(
                N_("unknown topic '{value}'; the topics are {known}"),
                value=topic,
                known=", ".join(TOPICS),
            )
    for template_id in request.templates:
        if template_id not in bank.by_id:
            raise UsageError(N_("no template has the id '{value}'"), value=template_id)
    if not request.topics and not request.templates:
        return list(bank.templates)
    pool = [t for t in bank.templates if t.topic in request.topics or t.id in request.templates]
    if not pool:
        raise UsageError(
            N_("no template matches the topics {value}"), value=", ".join(request.topics)
        )
    return pool


def _form_plan(request: GenerateRequest) -> list[tuple[str, tuple[str, str] | None, int]]:
    if request.roster:
        return [
            (s.id, (s.id, s.name), derive_seed(request.seed, "student", s.id))
            for s in request.roster
        ]
    letters = string.ascii_uppercase[: request.versions]
    return [(letter, None, derive_seed(request.seed, "form", letter)) for letter in letters]


def _form(
    chosen: Sequence[CompiledTemplate],
    label: str,
    student: tuple[str, str] | None,
    form_seed: int,
    shuffle: bool,
    lang: str,
) -> FormSpec:
    order = list(chosen)
    if shuffle:
        random.Random(derive_seed(form_seed, "order")).shuffle(order)
    problems: list[ProblemSpec] = []
    seen: set[tuple[str, ...]] = set()
    for number, template in enumerate(order, start=1):
        seed = derive_seed(form_seed, "problem", number)
        problem = instantiate(template, seed, lang=lang, number=number)
        for redraw in range(1, MAX_REDRAWS + 1):
            if _identity(problem) not in seen:
                break
            seed = derive_seed(derive_seed(form_seed, "problem", number), "redraw", redraw)
            problem = instantiate(template, seed, lang=lang, number=number)
        seen.add(_identity(problem))
        problems.append(problem)
    return FormSpec(
        form=label,
        student=student[0] if student else None,
        student_name=student[1] if student else None,
        seed=form_seed,
        problems=problems,
    )


def _identity(problem: ProblemSpec) -> tuple[str, ...]:
    """Two problems are the same when they print the same and have the same keys."""
    prompts = (p.prompt_latex or "" for p in problem.parts)
    return (problem.statement_latex, *prompts, *(p.answer for p in problem.parts))


def read_roster(path: Path | str) -> tuple[Student, ...]:
    """Students from a CSV with an id column and a name column (see ID_COLUMNS, NAME_COLUMNS)."""
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
            columns = list(rows[0]) if rows else []
    except OSError as error:
        raise UsageError(
            N_("cannot read the roster {file}: {reason}"), file=str(source), reason=error.strerror
        ) from error
    by_lower = {c.strip().lower(): c for c in columns if c}
    id_column = next((by_lower[c] for c in ID_COLUMNS if c in by_lower), None)
    name_column = next((by_lower[c] for c in NAME_COLUMNS if c in by_lower), None)
    if id_column is None or name_column is None:
        raise UsageError(
            N_("the roster {file} needs an id column and a name column (found: {columns})"),
            file=str(source),
            columns=", ".join(columns) or "-",
        )
    students: list[Student] = []
    for line, row in enumerate(rows, start=2):
        student_id = (row.get(id_column) or "").strip()
        if not student_id:
            raise UsageError(
                N_("{file}, line {line}: the student id is empty"), file=str(source), line=line
            )
        if any(s.id == student_id for s in students):
            raise UsageError(
                N_("{file}, line {line}: the student id '{value}' appears twice"),
                file=str(source),
                line=line,
                value=student_id,
            )
        students.append(Student(student_id, (row.get(name_column) or "").strip()))
    return tuple(students)
