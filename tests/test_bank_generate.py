"""Instances and class sets: deterministic per seed, varied, spread over topics, one per student."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import sympy

from generator.bank import (
    Bank,
    GenerateRequest,
    Student,
    generate,
    instantiate,
    load_banks,
    read_manifest,
    read_roster,
    write_manifest,
)
from generator.bank.expressions import parse_condition
from generator.bank.schema import TOPICS
from generator.bank.seeds import derive_seed
from generator.errors import AuthorError, UsageError

ROOT = Path(__file__).resolve().parent.parent
SMALL_BANK = """
templates:
  - id: power.tiny
    topic: power
    title: Three variants
    difficulty: 1
    variables: [x]
    params:
      n: {type: int, min: 2, max: 4}
    function: x**n
    statement: {phrase: differentiate}
    parts:
      - ask: derivative
  - id: power.never
    topic: power
    title: Always constant
    difficulty: 1
    variables: [x]
    params:
      a: {type: int, min: 0, max: 0}
    function: a*x
    statement: {phrase: differentiate}
    parts:
      - ask: derivative
"""


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_banks()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    folder = tmp_path_factory.mktemp("small")
    (folder / "small.yaml").write_text(SMALL_BANK, encoding="utf-8")
    return load_banks([folder], builtin=False)


def test_every_topic_has_a_template(bank: Bank) -> None:
    """The shipped banks cover all 20 topics of DESIGN.md."""
    assert set(bank.topics()) == set(TOPICS)


def test_instantiate_is_deterministic_and_records_its_seed(bank: Bank) -> None:
    """The same template and seed give the same problem; the problem says which seed."""
    first_of_topic = {t.topic: t for t in reversed(bank.templates)}
    for template in first_of_topic.values():
        first = instantiate(template, 11)
        assert first == instantiate(template, 11)
        assert first.seed == 11
        assert first.template == template.id


@pytest.mark.parametrize(
    ("labels", "text"),
    [((2026, "form", "A"), b"2026/form/A"), ((2026, "student", "s001"), b"2026/student/s001")],
    ids=["form", "student"],
)
def test_seed_derivation_is_documented_sha256(labels: tuple[int, str, str], text: bytes) -> None:
    """Seeds are sha256 of "base/label/…", first 8 bytes, mod 2**31: stable across machines."""
    expected = int.from_bytes(hashlib.sha256(text).digest()[:8], "big") % 2**31
    assert derive_seed(*labels) == expected


def test_a_template_that_never_works_names_itself(small: Bank) -> None:
    """Bounded redraws, then an AuthorError naming the file, the template and the last reason."""
    with pytest.raises(AuthorError) as caught:
        instantiate(small.by_id["power.never"], 5)
    assert caught.value.path == "power.never"
    assert caught.value.detail.render() == (
        "no acceptable instance in 200 draws from seed 5; the last failed: the function is constant"
    )


def test_count_spreads_over_all_topics(bank: Bank) -> None:
    """With no filter, 20 problems cover the 20 topics, in the chapter's order."""
    manifest = generate(GenerateRequest(count=20, seed=3), bank)
    topics = [p.topic for p in manifest.forms[0].problems]
    assert sorted(set(topics), key=TOPICS.index) == list(TOPICS)
    assert topics == sorted(topics, key=TOPICS.index)
    assert [p.number for p in manifest.forms[0].problems] == list(range(1, 21))


def test_filters_by_topic_and_template(bank: Bank) -> None:
    """--topic and --template select the pool; the two filters add up."""
    chosen = bank.templates[0]
    request = GenerateRequest(count=6, seed=1, topics=("chain",), templates=(chosen.id,))
    problems = generate(request, bank).forms[0].problems
    assert {p.topic for p in problems} <= {"chain", chosen.topic}
    assert len(problems) == 6


def test_versions_share_templates_with_different_numbers(bank: Bank) -> None:
    """Forms A, B, C ask the same kinds of question with their own seeds."""
    manifest = generate(GenerateRequest(count=4, seed=9, versions=3), bank)
    assert [f.form for f in manifest.forms] == ["A", "B", "C"]
    templates = [[p.template for p in f.problems] for f in manifest.forms]
    assert templates[0] == templates[1] == templates[2]
    assert manifest.forms[0].problems != manifest.forms[1].problems
    assert manifest.forms[1].seed == derive_seed(9, "form", "B")


def test_shuffle_changes_the_order_of_some_form(bank: Bank) -> None:
    """--shuffle gives forms their own order of the same problems' templates."""
    manifest = generate(GenerateRequest(count=8, seed=4, versions=4, shuffle=True), bank)
    orders = {tuple(p.template for p in f.problems) for f in manifest.forms}
    assert len(orders) > 1
    assert len({tuple(sorted(order)) for order in orders}) == 1


def test_regenerating_gives_identical_manifests(bank: Bank) -> None:
    """The whole class set is a function of the request."""
    request = GenerateRequest(count=5, seed=2026, versions=2, shuffle=True)
    assert generate(request, bank) == generate(request, bank)


def test_no_two_problems_of_a_form_are_identical(small: Bank) -> None:
    """Three problems from a three-variant template are the three variants."""
    request = GenerateRequest(count=3, seed=0, templates=("power.tiny",))
    problems = generate(request, small).forms[0].problems
    assert sorted(p.function for p in problems) == ["x**2", "x**3", "x**4"]


def test_roster_gives_one_form_per_student(bank: Bank, tmp_path: Path) -> None:
    """Each student gets a form named by id, with the name, and a seed derived from the id."""
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,ID\nAda Lovelace,s001\nAlan Turing,s002\n", encoding="utf-8")
    students = read_roster(roster)
    assert students == (Student("s001", "Ada Lovelace"), Student("s002", "Alan Turing"))
    manifest = generate(GenerateRequest(count=3, seed=5, roster=students), bank)
    assert [(f.form, f.student, f.student_name) for f in manifest.forms] == [
        ("s001", "s001", "Ada Lovelace"),
        ("s002", "s002", "Alan Turing"),
    ]
    assert manifest.forms[0].seed == derive_seed(5, "student", "s001")
    alone = generate(GenerateRequest(count=3, seed=5, roster=students[1:]), bank)
    assert alone.forms[0] == manifest.forms[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name,email\nAda,a@x\n",
            "the roster {file} needs an id column and a name column (found: name, email)",
        ),
        ("id,name\n,Ada\n", "{file}, line 2: the student id is empty"),
        ("id,name\n7,Ada\n7,Bob\n", "{file}, line 3: the student id '7' appears twice"),
    ],
    ids=["no_id_column", "empty_id", "repeated_id"],
)
def test_roster_errors(tmp_path: Path, text: str, message: str) -> None:
    """A roster that cannot be used says which line and why."""
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_roster(roster)
    assert str(caught.value) == message.format(file=roster)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (GenerateRequest(count=0), "--count must be between 1 and 200"),
        (GenerateRequest(versions=27), "--versions must be between 1 and 26"),
        (GenerateRequest(templates=("no.such",)), "no template has the id 'no.such'"),
        (
            GenerateRequest(topics=("integrals",)),
            "unknown topic 'integrals'; the topics are " + ", ".join(TOPICS),
        ),
    ],
    ids=["count", "versions", "template", "topic"],
)
def test_request_errors(bank: Bank, request_: GenerateRequest, message: str) -> None:
    """Impossible requests are usage errors with the option named."""
    with pytest.raises(UsageError) as caught:
        generate(request_, bank)
    assert str(caught.value) == message


def test_manifest_round_trips(bank: Bank, tmp_path: Path) -> None:
    """What generate writes, read_manifest reads back equal; the JSON has DESIGN.md's shape."""
    manifest = generate(GenerateRequest(count=20, seed=2026, title="Quiz 3"), bank)
    path = write_manifest(manifest, tmp_path / "out" / "manifest.json")
    assert read_manifest(path) == manifest
    data = json.loads(path.read_text(encoding="utf-8"))
    problem = data["forms"][0]["problems"][0]
    assert {"number", "template", "topic", "seed", "variables", "function", "parts"} <= set(problem)
    assert {"label", "ask", "kind", "answer", "answer_latex", "points"} <= set(problem["parts"][0])


def test_a_bad_manifest_is_a_usage_error(tmp_path: Path) -> None:
    """A file that is not a manifest says where it is wrong."""
    path = tmp_path / "manifest.json"
    path.write_text('{"derivquiz": "0.1.0", "seed": 1}', encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_manifest(path)
    assert str(caught.value) == f"{path} is not a derivquiz manifest: forms: Field required"


def test_statement_in_chinese(bank: Bank) -> None:
    """lang=zh renders the statement and the prompts in Chinese, same numbers."""
    template = bank.by_id["sum.cubic_polynomial"]
    english, chinese = instantiate(template, 3), instantiate(template, 3, lang="zh")
    assert chinese.statement_latex.startswith("求 ")
    assert chinese.parts[0].prompt_latex == "求 \\( f'(x) \\)。"
    assert english.parts[0].answer == chinese.parts[0].answer


def test_random_state_is_not_used(bank: Bank) -> None:
    """Generation never reads the global random module (only explicit Random(seed))."""
    template = bank.templates[0]
    random.seed(1)
    first = instantiate(template, 8)
    random.seed(2)
    assert instantiate(template, 8) == first


def test_regeneration_is_identical_across_processes(tmp_path: Path) -> None:
    """Two fresh interpreters with different hash seeds write byte-identical manifests."""
    script = (
        "import sys; from generator.bank import GenerateRequest, generate, write_manifest; "
        "write_manifest(generate(GenerateRequest(count=8, seed=2026, versions=2)), sys.argv[1])"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        target = tmp_path / f"manifest-{hash_seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", script, str(target)], check=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("condition", "values", "holds"),
    [
        ("a != b", {"a": 2, "b": 3}, True),
        ("a != b", {"a": 2, "b": 2}, False),
        ("b**2 - 3*a*c > 0", {"a": 1, "b": 3, "c": 2}, True),
        ("b**2 - 3*a*c > 0", {"a": 1, "b": 3, "c": 3}, False),
        ("a <= sqrt(2)", {"a": 1}, True),
        ("g != h", {"g": "sin", "h": "cos"}, True),
        ("g != h", {"g": "sin", "h": "sin"}, False),
    ],
    ids=["ne", "ne_equal", "gt", "gt_zero", "le_radical", "functions_differ", "functions_same"],
)
def test_constraints(condition: str, values: dict[str, object], holds: bool) -> None:
    """Constraints compare exactly; chosen functions of x compare as expressions."""
    x = sympy.Symbol("x")
    parsed = parse_condition(condition, ["a", "b", "c", "g", "h"], file="f", path="p")
    given = {
        sympy.Symbol(name): getattr(sympy, value)(x)
        if isinstance(value, str)
        else sympy.Integer(value)
        for name, value in values.items()
    }
    assert parsed.holds(given) is holds
