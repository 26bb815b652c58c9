"""Moodle XML and Canvas QTI exports, parsed back and checked against what the importers require."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import sympy

from generator.bank import GenerateRequest, generate, write_manifest
from generator.cli import cli
from generator.equivalence import equivalent
from generator.exports import export_moodle, export_qti
from generator.exports.maxima import maxima_code
from generator.exports.questions import Numerical, build_questions, sympy_value, variants
from generator.model import Manifest
from generator.parsing import KEY_LIMITS, parse_answer

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    """Two versions of problems with every kind of part, so each template has two variants."""
    topics = ("chain", "quotient", "extrema", "gradient", "slope", "tangent_line")
    return generate(GenerateRequest(count=12, seed=2026, versions=2, topics=topics))


@pytest.fixture(scope="module")
def moodle(manifest: Manifest, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    path = tmp_path_factory.mktemp("moodle") / "quiz.xml"
    export_moodle(manifest, path)
    return ET.parse(path).getroot()


def _maxima_to_ours(text: str) -> str:
    """The few spellings where Maxima differs from what students type (and our parser reads)."""
    for maxima, ours in (("%e", "e"), ("%pi", "pi"), ("[", "("), ("]", ")")):
        text = text.replace(maxima, ours)
    return text


def _same(a: object, b: object, symbols: list[sympy.Symbol]) -> bool:
    """Equivalence of two sympy values item by item (points are tuples, so this recurses)."""
    if isinstance(a, tuple | sympy.Tuple) and isinstance(b, tuple | sympy.Tuple):
        return len(a) == len(b) and all(_same(x, y, symbols) for x, y in zip(a, b, strict=True))
    if isinstance(a, sympy.FiniteSet) and isinstance(b, sympy.FiniteSet):
        return len(a) == len(b) and all(any(_same(x, y, symbols) for y in b) for x in a)
    if isinstance(a, sympy.Eq) and isinstance(b, sympy.Eq):
        return _same(a.lhs, b.lhs, symbols) and _same(a.rhs, b.rhs, symbols)
    return equivalent(a, b, symbols)


def test_every_key_round_trips_through_maxima(manifest: Manifest) -> None:
    """Each STACK teacher answer, read back into our notation, is equivalent to the key."""
    checked = 0
    for problem in variants(manifest):
        for part in problem.parts:
            if part.kind in {"choice", "number"}:
                continue
            key = sympy_value(parse_answer(part.answer, problem.variables, limits=KEY_LIMITS))
            maxima = maxima_code(key)
            again = sympy_value(parse_answer(_maxima_to_ours(maxima), problem.variables))
            symbols = [sympy.Symbol(name) for name in problem.variables]
            assert _same(key, again, symbols), (part.answer, maxima)
            checked += 1
    assert checked >= 12


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, path
    return found.text or ""


def test_moodle_questions_have_what_the_importer_requires(moodle: ET.Element) -> None:
    """Every question has a name, HTML question text, a grade, and a category before it."""
    assert moodle.tag == "quiz"
    seen_category = False
    for question in moodle.findall("question"):
        if question.get("type") == "category":
            assert _text(question, "category/text").startswith("$course$/top/derivquiz/")
            seen_category = True
            continue
        assert seen_category
        assert question.get("type") in {"numerical", "multichoice", "stack"}
        assert _text(question, "name/text")
        assert question.find("questiontext").get("format") == "html"
        assert _text(question, "questiontext/text")
        assert float(_text(question, "defaultgrade")) > 0


def test_each_template_is_one_category_with_its_variants(
    moodle: ET.Element, manifest: Manifest
) -> None:
    """A template's variants share one category, so a random question picks one per student."""
    categories = Counter()
    current = ""
    for question in moodle.findall("question"):
        if question.get("type") == "category":
            current = _text(question, "category/text").removeprefix("$course$/top/derivquiz/")
        else:
            categories[current] += 1
    templates = {problem.template for problem in variants(manifest)}
    assert {category.split("/")[0] for category in categories} == templates
    assert len(categories) == len(set(categories))
    assert max(categories.values()) >= 2


def test_numerical_questions_carry_value_and_tolerance(moodle: ET.Element) -> None:
    """A numerical question has one full-mark answer, a number, and a positive tolerance."""
    numericals = [q for q in moodle.findall("question") if q.get("type") == "numerical"]
    assert numericals
    for question in numericals:
        answers = question.findall("answer")
        assert [a.get("fraction") for a in answers] == ["100"]
        float(_text(answers[0], "text"))
        assert float(_text(answers[0], "tolerance")) > 0


def test_multichoice_has_one_right_answer_and_feedback_per_choice(moodle: ET.Element) -> None:
    """Exactly one choice scores 100; every choice says something to the student who picks it."""
    choices = [q for q in moodle.findall("question") if q.get("type") == "multichoice"]
    assert choices
    for question in choices:
        fractions = [answer.get("fraction") for answer in question.findall("answer")]
        assert fractions.count("100") == 1 and len(fractions) >= 2
        for answer in question.findall("answer"):
            assert _text(answer, "feedback/text")


def test_stack_questions_have_a_prt_node_per_misconception(moodle: ET.Element) -> None:
    """STACK: input ans1 → ta1; node 0 tests the key, node i misconception i, chained on false."""
    stacks = [q for q in moodle.findall("question") if q.get("type") == "stack"]
    assert stacks
    with_misconceptions = 0
    for question in stacks:
        variables = _text(question, "questionvariables/text").splitlines()
        assert variables[0].startswith("ta1: ")
        assert "[[input:ans1]]" in _text(question, "questiontext/text")
        assert "[[feedback:prt1]]" in _text(question, "specificfeedback/text")
        assert _text(question, "input/name") == "ans1" and _text(question, "input/tans") == "ta1"
        nodes = question.findall("prt/node")
        assert len(nodes) == len(variables)
        for index, node in enumerate(nodes):
            assert _text(node, "answertest") == "AlgEquiv"
            assert _text(node, "tans") == ("ta1" if index == 0 else f"mal{index}")
            expected_next = "-1" if index == len(nodes) - 1 else str(index + 1)
            assert _text(node, "falsenextnode") == expected_next
            if index:
                assert _text(node, "truefeedback/text")
                assert re.fullmatch(rf"mal{index}: .+;", variables[index])
        with_misconceptions += len(nodes) > 1
    assert with_misconceptions >= 1


def test_no_stack_asks_expressions_at_a_point(manifest: Manifest, tmp_path: Path) -> None:
    """Without STACK, expression parts become numerical questions naming the point."""
    path = tmp_path / "plain.xml"
    written = export_moodle(manifest, path, stack=False)
    root = ET.parse(path).getroot()
    types = {q.get("type") for q in root.findall("question")} - {"category"}
    assert types <= {"numerical", "multichoice"}
    texts = [_text(q, "questiontext/text") for q in root.findall("question[@type='numerical']")]
    assert any("Enter the value of your answer at" in text for text in texts)
    assert len(written.questions) + len(written.skipped) >= 24


def test_qti_zip_is_what_canvas_imports(manifest: Manifest, tmp_path: Path) -> None:
    """A zip whose imsmanifest.xml names the assessment file; items typed, scored and grouped."""
    path = tmp_path / "quiz.zip"
    export_qti(manifest, path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest_xml = ET.fromstring(archive.read("imsmanifest.xml"))
        resources = manifest_xml.findall(f"{CP}resources/{CP}resource")
        assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"]
        href = resources[0].find(f"{CP}file").get("href")
        assert href in names
        assessment = ET.fromstring(archive.read(href))
    items = assessment.findall(f".//{QTI}item")
    assert items
    assert len({item.get("ident") for item in items}) == len(items)
    groups = assessment.findall(f"{QTI}assessment/{QTI}section/{QTI}section")
    assert all(
        g.find(f"{QTI}selection_ordering/{QTI}selection/{QTI}selection_number").text == "1"
        for g in groups
    )
    for item in items:
        fields = {
            f.find(f"{QTI}fieldlabel").text: f.find(f"{QTI}fieldentry").text
            for f in item.findall(f"{QTI}itemmetadata/{QTI}qtimetadata/{QTI}qtimetadatafield")
        }
        assert fields["question_type"] in {"numerical_question", "multiple_choice_question"}
        full_marks = [
            c
            for c in item.findall(f"{QTI}resprocessing/{QTI}respcondition")
            if c.find(f"{QTI}setvar") is not None and c.find(f"{QTI}setvar").text == "100"
        ]
        assert len(full_marks) == 1
        if fields["question_type"] == "numerical_question":
            low = float(full_marks[0].find(f".//{QTI}vargte").text)
            high = float(full_marks[0].find(f".//{QTI}varlte").text)
            exact = float(full_marks[0].find(f".//{QTI}varequal").text)
            assert low < exact < high


@pytest.mark.parametrize(
    ("fmt", "name", "check"),
    [
        ("moodle", "quiz.xml", lambda p: ET.parse(p).getroot().tag == "quiz"),
        ("qti", "quiz.zip", zipfile.is_zipfile),
    ],
    ids=["moodle", "qti"],
)
def test_export_command(
    manifest: Manifest, tmp_path: Path, fmt: str, name: str, check: object
) -> None:
    """`derivquiz export MANIFEST --format F -o FILE` writes the file and counts the questions."""
    from click.testing import CliRunner

    source = write_manifest(manifest, tmp_path / "manifest.json")
    output = tmp_path / name
    result = CliRunner().invoke(cli, ["export", str(source), "--format", fmt, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote ")
    assert check(output)  # type: ignore[operator]


def test_tuples_without_stack_become_one_question_per_component(manifest: Manifest) -> None:
    """A gradient at a point (a tuple) is asked component by component as numbers."""
    written = build_questions(manifest, stack=False)
    tuples = [
        (problem, part)
        for problem in variants(manifest)
        for part in problem.parts
        if part.kind == "tuple"
    ]
    assert tuples
    for problem, part in tuples:
        prefix = f"{problem.template}-{problem.seed}-{part.label}".replace(".", "_")
        components = [q for q in written.questions if q.ident.startswith(prefix + "-")]
        size = len(parse_answer(part.answer, problem.variables, limits=KEY_LIMITS).items)
        assert len(components) == size
        assert all(isinstance(q.body, Numerical) for q in components)
