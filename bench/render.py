"""Benchmark: a 30-student roster × 10 problems, with keys, worked solutions and plots.

Renders to HTML, to LaTeX and (when TeX is installed) to PDF, each phase in a fresh process so its
peak memory (max RSS, workers included) and CPU seconds (workers and TeX included) are its own.
The baseline in the same run is HTML without figures or steps, to show what plots and solutions
cost. Target: the whole class in HTML in under 10 s. CPU seconds over the cores give the wall time
on an idle machine, which the wall time on a shared one does not.

    pip install -e . && python bench/render.py [--students 30] [--no-pdf]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import sympy

from generator.latex import house_latex
from generator.model import Choice, FormSpec, Manifest, PartSpec, ProblemSpec
from generator.render import write_class_set

x, y = sympy.symbols("x y")
TARGET_HTML_SECONDS = 10.0


def _derivative(number: int, topic: str, f: sympy.Expr, rng: random.Random) -> ProblemSpec:
    answer = sympy.diff(f, x)
    return ProblemSpec(
        number=number,
        template=f"{topic}.bench",
        topic=topic,
        seed=rng.randrange(10**6),
        variables=["x"],
        function=str(f),
        statement_latex=rf"Find the derivative of \(f(x) = {house_latex(f)}\).",
        parts=[
            PartSpec(
                label="1",
                ask="derivative",
                wrt=["x"],
                answer=str(answer),
                answer_latex=house_latex(answer),
            )
        ],
    )


def _problems(rng: random.Random) -> list[ProblemSpec]:
    a, b, c = rng.randint(2, 5), rng.randint(1, 4), rng.randint(1, 3)
    problems = [
        _derivative(1, "chain", sympy.sin(a * x**3 - b * x), rng),
        _derivative(2, "product", x**a * sympy.exp(b * x), rng),
        _derivative(3, "quotient", (a * x + 1) / (x**2 + b), rng),
        _derivative(4, "logarithm", sympy.log(a * x**2 + b), rng),
    ]
    poly = x**2 - a * x + b
    slope = sympy.diff(poly, x).subs(x, c)
    problems.append(
        ProblemSpec(
            number=5,
            template="tangent_line.bench",
            topic="tangent_line",
            seed=rng.randrange(10**6),
            variables=["x"],
            function=str(poly),
            statement_latex=(
                rf"Find the tangent line to \(f(x) = {house_latex(poly)}\) at \(x = {c}\)."
            ),
            figure="secant_tangent",
            parts=[
                PartSpec(
                    label="1",
                    ask="tangent_line",
                    wrt=["x"],
                    at={"x": str(c)},
                    kind="equation",
                    answer=f"Eq(y, {slope * x + poly.subs(x, c) - slope * c})",
                    answer_latex=f"y = {house_latex(slope * x + poly.subs(x, c) - slope * c)}",
                )
            ],
        )
    )
    g = sympy.sin(b * x)
    secant = (g.subs(x, c) - g.subs(x, 0)) / c
    problems.append(
        ProblemSpec(
            number=6,
            template="slope.bench",
            topic="slope",
            seed=rng.randrange(10**6),
            variables=["x"],
            function=str(g),
            statement_latex=(
                rf"Find the average rate of change of \(f(x) = {house_latex(g)}\) "
                rf"from \(x = 0\) to \(x = {c}\)."
            ),
            figure="secant_tangent",
            parts=[
                PartSpec(
                    label="1",
                    ask="slope",
                    wrt=["x"],
                    points_through=[["0", str(g.subs(x, 0))], [str(c), str(g.subs(x, c))]],
                    kind="number",
                    answer=str(secant),
                    answer_latex=house_latex(secant),
                )
            ],
        )
    )
    cubic = x**3 - 3 * a**2 * x
    problems.append(
        ProblemSpec(
            number=7,
            template="extrema.bench",
            topic="extrema",
            seed=rng.randrange(10**6),
            variables=["x"],
            function=str(cubic),
            statement_latex=rf"Let \(f(x) = {house_latex(cubic)}\).",
            figure="stationary",
            parts=[
                PartSpec(
                    label="a",
                    ask="stationary_points",
                    wrt=["x"],
                    kind="set",
                    answer=f"{{{-a}, {a}}}",
                    answer_latex=house_latex(sympy.FiniteSet(-a, a)),
                    prompt_latex=r"Find the stationary points.",
                ),
                *(
                    PartSpec(
                        label=label,
                        ask="classify",
                        wrt=["x"],
                        at={"x": str(point)},
                        kind="choice",
                        answer=kind,
                        answer_latex=rf"\text{{{kind}}}",
                        prompt_latex=rf"Classify \(x = {point}\).",
                        choices=[
                            Choice(
                                label=option,
                                answer=option,
                                answer_latex=rf"\text{{{option}}}",
                                correct=option == kind,
                            )
                            for option in ("max", "min", "neither")
                        ],
                    )
                    for label, point, kind in (("b", -a, "max"), ("c", a, "min"))
                ),
            ],
        )
    )
    damped = sympy.exp(a * x) * sympy.cos(x)
    h = sympy.diff(damped, x, 2)
    problems.append(
        ProblemSpec(
            number=8,
            template="higher_order.bench",
            topic="higher_order",
            seed=rng.randrange(10**6),
            variables=["x"],
            function=str(damped),
            statement_latex=rf"Find \(f''(x)\) for \(f(x) = {house_latex(damped)}\).",
            parts=[
                PartSpec(
                    label="1",
                    ask="derivative",
                    wrt=["x"],
                    order=2,
                    answer=str(h),
                    answer_latex=house_latex(h),
                )
            ],
        )
    )
    surface = x**2 + b * x * y - y**2
    grad = sympy.Tuple(*(sympy.diff(surface, v).subs({x: 1, y: c}) for v in (x, y)))
    problems.append(
        ProblemSpec(
            number=9,
            template="gradient.bench",
            topic="gradient",
            seed=rng.randrange(10**6),
            variables=["x", "y"],
            function=str(surface),
            statement_latex=rf"Find \(\nabla f(1, {c})\) for \(f(x, y) = {house_latex(surface)}\).",
            figure="surface",
            parts=[
                PartSpec(
                    label="1",
                    ask="gradient",
                    wrt=["x", "y"],
                    at={"x": "1", "y": str(c)},
                    kind="tuple",
                    answer=str(tuple(grad)),
                    answer_latex=house_latex(grad),
                )
            ],
        )
    )
    field = x**2 * y + a * y
    grad = [sympy.diff(field, v).subs({x: 1, y: 1}) for v in (x, y)]
    value = (grad[0] * 3 + grad[1] * 4) / 5
    problems.append(
        ProblemSpec(
            number=10,
            template="directional_derivative.bench",
            topic="directional_derivative",
            seed=rng.randrange(10**6),
            variables=["x", "y"],
            function=str(field),
            statement_latex=(
                rf"Find the directional derivative of \(f(x, y) = {house_latex(field)}\) "
                r"at \((1, 1)\) in the direction of \((3, 4)\)."
            ),
            figure="gradient_field",
            parts=[
                PartSpec(
                    label="1",
                    ask="directional_derivative",
                    wrt=["x", "y"],
                    at={"x": "1", "y": "1"},
                    direction=["3", "4"],
                    kind="number",
                    answer=str(value),
                    answer_latex=house_latex(value),
                )
            ],
        )
    )
    return problems


def roster_manifest(students: int) -> Manifest:
    """One form per student, its seed derived from the id, as `generate --roster` does."""
    forms = []
    for index in range(students):
        student = f"s{1000 + index}"
        seed = sum(ord(char) * 31**i for i, char in enumerate(student)) % 2**31
        forms.append(
            FormSpec(
                form=student,
                student=student,
                student_name=f"Student {index + 1}",
                seed=seed,
                problems=_problems(random.Random(seed)),
            )
        )
    return Manifest(
        derivquiz="0.1.0",
        seed=2026,
        title="Derivatives quiz",
        course="MATH 101",
        date="2026-11-27",
        forms=forms,
    )


def _phase(name: str, students: int, formats: list[str], rich: bool, queue: object) -> None:
    manifest = roster_manifest(students)
    if not rich:
        manifest = manifest.model_copy(
            update={
                "forms": [
                    form.model_copy(
                        update={
                            "problems": [
                                p.model_copy(update={"figure": None}) for p in form.problems
                            ]
                        }
                    )
                    for form in manifest.forms
                ]
            }
        )
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_SELF)
        start_cpu = before.ru_utime + before.ru_stime
        start = time.perf_counter()
        written = write_class_set(manifest, Path(tmp), formats, key=True, solutions=rich)
        seconds = time.perf_counter() - start
        size = sum(path.stat().st_size for path in written)
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime - start_cpu
    peak = max(own.ru_maxrss, children.ru_maxrss) / 1024
    queue.put((name, seconds, cpu, peak, len(written), size))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--no-pdf", action="store_true")
    options = parser.parse_args()
    phases = [
        ("html, no plots/steps (baseline)", ["html"], False),
        ("html, keys + steps + plots", ["html"], True),
        ("latex, keys + steps + plots", ["latex"], True),
    ]
    if not options.no_pdf and shutil.which("pdflatex"):
        phases.append(("pdf, keys + steps + plots", ["pdf"], True))
    context = multiprocessing.get_context("spawn")
    print(f"{options.students} students x 10 problems; each phase in a fresh process")
    print(f"{'phase':34} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'files':>6} {'MB out':>7}")
    results = {}
    for name, formats, rich in phases:
        queue = context.Queue()
        process = context.Process(
            target=_phase, args=(name, options.students, formats, rich, queue)
        )
        process.start()
        result = queue.get()
        process.join()
        results[name] = result
        _, seconds, cpu, peak, files, size = result
        print(f"{name:34} {seconds:8.2f} {cpu:8.2f} {peak:8.0f} {files:6d} {size / 1e6:7.1f}")
    html, html_cpu = results["html, keys + steps + plots"][1:3]
    baseline = results["html, no plots/steps (baseline)"][1]
    verdict = "meets" if html < TARGET_HTML_SECONDS else "MISSES"
    print(
        f"html with plots and steps: {html / baseline:.1f}x the baseline; "
        f"{verdict} the {TARGET_HTML_SECONDS:.0f} s target"
    )
    cores = os.cpu_count() or 1
    print(
        f"CPU of that phase over {cores} cores: {html_cpu / cores:.1f} s, the wall time on an "
        f"otherwise idle machine (load average now {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
