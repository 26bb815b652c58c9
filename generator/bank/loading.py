"""Read bank files and compile each template once: shapes by the schema, meaning by the reader.

Everything an author can get wrong is found here, at load, and reported as an `AuthorError` naming
the file, the template and the path of the offending value (`params.a.min`). Instantiation then
works on trusted, pre-parsed sympy expressions.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pydantic
import sympy
import yaml

from generator.bank import samplers
from generator.bank.expressions import Condition, parse_condition, parse_expression
from generator.bank.schema import (
    BankFile,
    ChoiceParam,
    IntParam,
    MisconceptionTemplate,
    PartTemplate,
    RationalParam,
    SignParam,
    Template,
    Text,
)
from generator.bank.statements import PHRASES, compile_text, sources
from generator.errors import AuthorError
from generator.i18n import N_
from generator.model import Kind
from generator.resources import banks_dir

RESERVED_NAMES = frozenset({"e", "E", "I", "pi", "oo", "y"})
SATISFIABILITY_DRAWS = 300
_PART_LABELS = "abcdefghijkl"
_SINGLE_VARIABLE_ASKS = frozenset(
    {"derivative", "limit_definition", "slope", "tangent_line", "stationary_points", "classify"}
)
_POINT_ASKS = frozenset({"tangent_line"})
# The asks the rule engine has misconceptions for, so a multiple-choice part has wrong options.
_CHOICE_ASKS = frozenset({"derivative", "partial", "limit_definition"})
_KINDS_AT_POINT: dict[str, tuple[Kind, Kind]] = {
    "derivative": ("expression", "number"),
    "partial": ("expression", "number"),
    "limit_definition": ("expression", "number"),
    "gradient": ("tuple", "tuple"),
    "gradient_norm": ("expression", "number"),
    "directional_derivative": ("expression", "number"),
    "slope": ("number", "number"),
    "tangent_line": ("equation", "equation"),
    "stationary_points": ("set", "set"),
    "classify": ("choice", "choice"),
}


@dataclass(frozen=True)
class CompiledPart:
    """A part with its names resolved to symbols and its expressions parsed."""

    source: PartTemplate
    label: str
    kind: Kind
    wrt: tuple[sympy.Symbol, ...]
    at: tuple[sympy.Expr, ...] | None
    direction: tuple[sympy.Expr, ...] | None
    between: tuple[sympy.Expr, sympy.Expr] | None
    prompt: dict[str, jinja2.Template] | None


@dataclass(frozen=True)
class CompiledMisconception:
    """A template-specific wrong answer, attached to one part."""

    source: MisconceptionTemplate
    part: str
    answer: sympy.Expr
    feedback: dict[str, jinja2.Template]


@dataclass(frozen=True)
class CompiledTemplate:
    """A template ready to instantiate: every expression parsed, every domain listed."""

    source: Template
    file: str
    variables: tuple[sympy.Symbol, ...]
    params: tuple[tuple[sympy.Symbol, samplers.Domain], ...]
    lets: tuple[tuple[sympy.Symbol, sympy.Expr], ...]
    constraints: tuple[Condition, ...]
    functions: tuple[tuple[sympy.Symbol, sympy.Expr], ...]
    function: sympy.Expr
    statement: dict[str, jinja2.Template]
    parts: tuple[CompiledPart, ...]
    misconceptions: tuple[CompiledMisconception, ...]

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def topic(self) -> str:
        return self.source.topic

    def draw_params(self, rng: random.Random) -> dict[sympy.Symbol, sympy.Expr]:
        """One draw of every parameter, then the `let` values; constraints are not checked here."""
        values: dict[sympy.Symbol, sympy.Expr] = {}
        for symbol, domain in self.params:
            values[symbol] = samplers.draw(domain, rng).xreplace(values)
        for symbol, expr in self.lets:
            values[symbol] = expr.xreplace(values)
        return values

    def admits(self, values: dict[sympy.Symbol, sympy.Expr]) -> bool:
        return all(condition.holds(values) for condition in self.constraints)


@dataclass(frozen=True)
class Bank:
    """All templates loaded, in file order; ids are unique."""

    templates: tuple[CompiledTemplate, ...]
    by_id: dict[str, CompiledTemplate] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {t.id: t for t in self.templates})

    def topics(self) -> list[str]:
        return sorted({t.topic for t in self.templates})


def load_banks(extra_dirs: Iterable[Path | str] = (), *, builtin: bool = True) -> Bank:
    """The built-in banks plus the teacher's own directories, compiled and checked.

    Compiling parses every expression, so the result is cached per set of files and their
    modification times: loading again is free until a file changes.
    """
    folders = ([banks_dir()] if builtin else []) + [Path(d) for d in extra_dirs]
    files = tuple((path, path.stat().st_mtime_ns) for path in _bank_files(folders))
    return _load(files)


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, int], ...]) -> Bank:
    templates: list[CompiledTemplate] = []
    seen: dict[str, str] = {}
    for path, _ in files:
        loaded = load_file(path)
        _check_unique(loaded, seen)
        templates += loaded
    return Bank(tuple(templates))


def _bank_files(folders: Sequence[Path]) -> Iterator[Path]:
    for folder in folders:
        if not folder.is_dir():
            raise AuthorError(str(folder), "-", N_("not a directory of problem banks"))
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def load_file(path: Path) -> list[CompiledTemplate]:
    """The templates of one YAML file, compiled."""
    label = _display(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "-"
        problem = getattr(error, "problem", None) or str(error)
        raise AuthorError(label, where, N_("not valid YAML: {reason}"), reason=problem) from error
    try:
        bank = BankFile.model_validate(raw)
    except pydantic.ValidationError as error:
        raise _schema_error(label, raw, error) from error
    compiled = [compile_template(template, label) for template in bank.templates]
    _check_unique(compiled, {})
    return compiled


def _check_unique(templates: Iterable[CompiledTemplate], seen: dict[str, str]) -> None:
    """Ids are unique across everything loaded together; `seen` maps id → file so far."""
    for template in templates:
        if template.id in seen:
            raise AuthorError(
                template.file,
                template.id,
                N_("template id '{value}' is already used in {other}"),
                value=template.id,
                other=seen[template.id],
            )
        seen[template.id] = template.file


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _schema_error(file: str, raw: Any, error: pydantic.ValidationError) -> AuthorError:
    """The first schema error, with its location as the template id and a dotted path."""
    first = error.errors()[0]
    loc = list(first["loc"])
    where = _location(raw, loc)
    value = first.get("input")
    kind = first["type"]
    if kind == "extra_forbidden":
        return AuthorError(file, where, N_("unknown key '{value}'"), value=loc[-1])
    if kind == "missing":
        return AuthorError(file, where, N_("this key is required"))
    if kind == "union_tag_invalid":
        return AuthorError(
            file,
            where,
            N_("unknown parameter type '{value}': use int, rational, choice or sign"),
            value=first["ctx"]["tag"],
        )
    if kind == "union_tag_not_found":
        return AuthorError(
            file, where, N_("give the parameter type: int, rational, choice or sign")
        )
    ctx = first.get("ctx", {})
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return AuthorError(file, where, N_("'{value}' is not a whole number"), value=_shown(value))
    if kind in ("less_than_equal", "less_than"):
        return AuthorError(
            file,
            where,
            N_("{value} is too large (at most {limit})"),
            value=value,
            limit=_limit(ctx),
        )
    if kind in ("greater_than_equal", "greater_than"):
        return AuthorError(
            file,
            where,
            N_("{value} is too small (at least {limit})"),
            value=value,
            limit=_limit(ctx),
        )
    if kind == "literal_error":
        return AuthorError(
            file,
            where,
            N_("'{value}' is not one of {expected}"),
            value=_shown(value),
            expected=ctx.get("expected", ""),
        )
    if kind == "string_type" and isinstance(value, float):
        return AuthorError(
            file, where, N_("{value} is a decimal; write an exact number such as 1/2"), value=value
        )
    return AuthorError(
        file, where, N_("{reason} (got {value})"), reason=first["msg"], value=_shown(value)
    )


def _limit(ctx: dict[str, Any]) -> Any:
    return next((ctx[key] for key in ("le", "lt", "ge", "gt") if key in ctx), "")


def _location(raw: Any, loc: list[Any]) -> str:
    """`chain.trig_poly: params.a.min` for the schema location of one value."""
    if len(loc) >= 2 and loc[0] == "templates" and isinstance(loc[1], int):
        entry = raw["templates"][loc[1]] if isinstance(raw, dict) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        head = name if isinstance(name, str) else f"templates[{loc[1]}]"
        rest = loc[2:]
        if len(rest) >= 3 and rest[0] == "params":
            rest = [rest[0], rest[1], *rest[3:]]  # drop the parameter-type tag pydantic adds
        return f"{head}: {_dotted(rest)}" if rest else head
    return _dotted(loc) or "-"


def _dotted(loc: Sequence[Any]) -> str:
    return ".".join(str(p) for p in loc)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


class _Compiler:
    """Compiles one validated template; every error names `file`, the template and a path."""

    def __init__(self, template: Template, file: str) -> None:
        self.template = template
        self.file = file

    def fail(self, path: str, message: str, **params: Any) -> AuthorError:
        return AuthorError(self.file, f"{self.template.id}: {path}", message, **params)

    def expression(self, text: str, names: Sequence[str], path: str) -> sympy.Expr:
        return parse_expression(text, names, file=self.file, path=f"{self.template.id}: {path}")

    def text(self, text: Text, path: str) -> dict[str, jinja2.Template]:
        if (text.phrase is None) == (text.en is None):
            raise self.fail(
                path, N_("give the text in 'en' (and 'zh'), or name a shared 'phrase'; not both")
            )
        if text.phrase is not None and text.phrase not in PHRASES:
            raise self.fail(
                f"{path}.phrase",
                N_("unknown phrase '{value}'; the phrases are {known}"),
                value=text.phrase,
                known=", ".join(sorted(PHRASES)),
            )
        compiled: dict[str, jinja2.Template] = {}
        for lang, source in sources(text).items():
            try:
                compiled[lang] = compile_text(source)
            except jinja2.TemplateSyntaxError as error:
                raise self.fail(
                    f"{path}.{lang}", N_("not valid Jinja2: {reason}"), reason=error.message or ""
                ) from error
        return compiled

    def compile(self) -> CompiledTemplate:
        t = self.template
        variable_names = list(t.variables)
        self._check_names(variable_names)
        symbols = {name: self.expression(name, [name], "variables") for name in variable_names}
        params, param_names = self._params(variable_names)
        lets: list[tuple[sympy.Symbol, sympy.Expr]] = []
        for name, text in t.let.items():
            value = self.expression(text, param_names, f"let.{name}")
            param_names.append(name)
            symbols[name] = self.expression(name, [name], f"let.{name}")
            lets.append((symbols[name], value))
        known = variable_names + param_names
        constraints = tuple(
            self._condition(text, param_names, f"constraints.{i}")
            for i, text in enumerate(t.constraints)
        )
        functions = tuple(
            (
                self.expression(name, [name], f"functions.{name}"),
                self.expression(text, known, f"functions.{name}"),
            )
            for name, text in t.functions.items()
        )
        outer_names = [*t.functions, *param_names] if t.functions else known
        function = self.expression(t.function, outer_names, "function")
        variables = tuple(symbols[name] for name in variable_names)
        parts = self._parts(variables, known)
        compiled = CompiledTemplate(
            source=t,
            file=self.file,
            variables=variables,
            params=tuple(params),
            lets=tuple(lets),
            constraints=constraints,
            functions=functions,
            function=function,
            statement=self.text(t.statement, "statement"),
            parts=parts,
            misconceptions=self._misconceptions(parts, known),
        )
        self._check_satisfiable(compiled)
        return compiled

    def _check_names(self, variable_names: list[str]) -> None:
        t = self.template
        for where, names in (
            ("variables", variable_names),
            ("params", list(t.params)),
            ("let", list(t.let)),
            ("functions", list(t.functions)),
        ):
            for name in names:
                if name in RESERVED_NAMES - (
                    {"y"} if where in ("variables", "functions") else set()
                ):
                    raise self.fail(
                        f"{where}.{name}", N_("'{value}' is a reserved name"), value=name
                    )
        declared = [*variable_names, *t.params, *t.let, *t.functions]
        for name in declared:
            if declared.count(name) > 1:
                raise self.fail(name, N_("'{value}' is declared twice"), value=name)

    def _params(
        self, variable_names: list[str]
    ) -> tuple[list[tuple[sympy.Symbol, samplers.Domain]], list[str]]:
        result = []
        names: list[str] = []
        for name, param in self.template.params.items():
            path = f"params.{name}"
            if isinstance(param, IntParam | RationalParam) and param.min > param.max:
                raise self.fail(
                    f"{path}.min",
                    N_("min {value} is greater than max {max}"),
                    value=param.min,
                    max=param.max,
                )
            if isinstance(param, IntParam):
                domain = samplers.int_domain(param)
            elif isinstance(param, RationalParam):
                excluded = [
                    self.expression(text, [], f"{path}.exclude.{i}")
                    for i, text in enumerate(param.exclude)
                ]
                domain = samplers.rational_domain(param, excluded)
            elif isinstance(param, ChoiceParam):
                values = [
                    self.expression(text, variable_names + names, f"{path}.values.{i}")
                    for i, text in enumerate(param.values)
                ]
                domain = samplers.choice_domain(param, values)
            else:
                assert isinstance(param, SignParam)
                domain = samplers.sign_domain(param)
            if not domain:
                raise self.fail(f"{path}.exclude", N_("every value is excluded"))
            names.append(name)
            result.append((self.expression(name, [name], path), domain))
        return result, names

    def _condition(self, text: str, names: list[str], path: str) -> Condition:
        return parse_condition(text, names, file=self.file, path=f"{self.template.id}: {path}")

    def _parts(
        self, variables: tuple[sympy.Symbol, ...], known: list[str]
    ) -> tuple[CompiledPart, ...]:
        t = self.template
        names = [str(v) for v in variables]
        by_name = dict(zip(names, variables, strict=True))
        parts = []
        for index, part in enumerate(t.parts):
            path = f"parts.{index}"
            label = part.label or (str(index + 1) if len(t.parts) == 1 else _PART_LABELS[index])
            if part.ask in _SINGLE_VARIABLE_ASKS and len(variables) != 1:
                raise self.fail(
                    f"{path}.ask",
                    N_("'{value}' needs a function of one variable; use 'partial' or 'gradient'"),
                    value=part.ask,
                )
            for i, name in enumerate(part.wrt):
                if name not in by_name:
                    raise self.fail(
                        f"{path}.wrt.{i}",
                        N_("'{value}' is not one of the variables {variables}"),
                        value=name,
                        variables=", ".join(names),
                    )
            if part.ask == "partial" and not part.wrt:
                raise self.fail(f"{path}.wrt", N_("a partial derivative needs 'wrt'"))
            at = None
            if part.at is not None:
                if sorted(part.at) != sorted(names):
                    raise self.fail(
                        f"{path}.at",
                        N_("the point must give a value to each variable: {variables}"),
                        variables=", ".join(names),
                    )
                at = tuple(
                    self.expression(part.at[name], known, f"{path}.at.{name}") for name in names
                )
            elif part.ask in _POINT_ASKS:
                raise self.fail(f"{path}.at", N_("'{value}' needs the point 'at'"), value=part.ask)
            direction = None
            if part.direction is not None:
                if len(part.direction) != len(names):
                    raise self.fail(
                        f"{path}.direction",
                        N_("the direction needs {count} components, one per variable"),
                        count=len(names),
                    )
                direction = tuple(
                    self.expression(text, known, f"{path}.direction.{i}")
                    for i, text in enumerate(part.direction)
                )
            elif part.ask == "directional_derivative":
                raise self.fail(
                    f"{path}.direction", N_("a directional derivative needs 'direction'")
                )
            between = None
            if part.between is not None:
                first, second = (
                    self.expression(text, known, f"{path}.between.{i}")
                    for i, text in enumerate(part.between)
                )
                between = (first, second)
            elif part.ask == "slope":
                raise self.fail(f"{path}.between", N_("a slope needs the two x-values 'between'"))
            expected = _KINDS_AT_POINT[part.ask][at is not None]
            if (
                part.kind is not None
                and part.kind != expected
                and not (part.ask == "classify" and part.kind == "tuple")
            ):
                raise self.fail(
                    f"{path}.kind",
                    N_("'{ask}' gives a {expected} answer, not {value}"),
                    ask=part.ask,
                    expected=expected,
                    value=part.kind,
                )
            if part.choices is not None and part.ask not in _CHOICE_ASKS:
                raise self.fail(
                    f"{path}.choices",
                    N_("multiple choice needs a part asking for {asks}, not '{value}'"),
                    asks=", ".join(sorted(_CHOICE_ASKS)),
                    value=part.ask,
                )
            prompt = self.text(part.prompt, f"{path}.prompt") if part.prompt else None
            wrt = tuple(by_name[name] for name in part.wrt)
            parts.append(
                CompiledPart(
                    part, label, part.kind or expected, wrt, at, direction, between, prompt
                )
            )
        labels = [p.label for p in parts]
        for index, label in enumerate(labels):
            if labels.count(label) > 1:
                raise self.fail(
                    f"parts.{index}.label", N_("'{value}' is declared twice"), value=label
                )
        return tuple(parts)

    def _misconceptions(
        self, parts: tuple[CompiledPart, ...], known: list[str]
    ) -> tuple[CompiledMisconception, ...]:
        labels = [p.label for p in parts]
        result = []
        for index, item in enumerate(self.template.misconceptions):
            path = f"misconceptions.{index}"
            label = item.part or labels[0]
            if label not in labels:
                raise self.fail(
                    f"{path}.part",
                    N_("no part is labelled '{value}'; the labels are {labels}"),
                    value=label,
                    labels=", ".join(labels),
                )
            feedback = self.text(item.feedback, f"{path}.feedback")
            answer = self.expression(item.answer, known, f"{path}.answer")
            result.append(CompiledMisconception(item, label, answer, feedback))
        return tuple(result)

    def _check_satisfiable(self, compiled: CompiledTemplate) -> None:
        if not compiled.constraints:
            return
        rng = random.Random(0)
        for _ in range(SATISFIABILITY_DRAWS):
            if compiled.admits(compiled.draw_params(rng)):
                return
        raise self.fail(
            "constraints",
            N_("no parameter values satisfy the constraints (tried {count} draws)"),
            count=SATISFIABILITY_DRAWS,
        )


def compile_template(template: Template, file: str) -> CompiledTemplate:
    """Parse every expression of a validated template and list its parameter domains."""
    return _Compiler(template, file).compile()
