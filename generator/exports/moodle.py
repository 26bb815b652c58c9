"""Moodle XML: numerical, multichoice and STACK questions, one category per template.

Every variant of a template lands in the same category, so a quiz's "random question from category"
gives each student a different variant. Multi-part problems get a sub-category per part. Math stays
as `\\( … \\)` LaTeX, which Moodle's MathJax filter renders.
"""

from __future__ import annotations

import html
from pathlib import Path
from xml.etree import ElementTree as ET

from generator.exports.questions import (
    MultipleChoice,
    Numerical,
    Question,
    QuestionSet,
    Stack,
    build_questions,
)
from generator.i18n import N_, translate
from generator.model import Manifest

CATEGORY_ROOT = "$course$/top/derivquiz"
STACK_VERSION = "2024072400"


def export_moodle(
    manifest: Manifest, path: Path, *, stack: bool = True, lang: str | None = None
) -> QuestionSet:
    """Write the manifest's questions as Moodle XML to `path`; returns what was (not) exported."""
    lang = lang or manifest.lang
    questions = build_questions(manifest, stack=stack, lang=lang)
    tree = ET.ElementTree(moodle_quiz(questions, lang))
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    return questions


def moodle_quiz(questions: QuestionSet, lang: str) -> ET.Element:
    quiz = ET.Element("quiz")
    category = None
    for question in sorted(questions.questions, key=lambda q: q.category):
        if question.category != category:
            category = question.category
            _category(quiz, category)
        if isinstance(question.body, Numerical):
            _numerical(quiz, question, question.body, lang)
        elif isinstance(question.body, MultipleChoice):
            _multichoice(quiz, question, question.body)
        else:
            _stack(quiz, question, question.body, lang)
    return quiz


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def _leaf(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _category(quiz: ET.Element, name: str) -> None:
    question = ET.SubElement(quiz, "question", type="category")
    _text(question, "category", f"{CATEGORY_ROOT}/{name}")


def _head(quiz: ET.Element, question: Question, qtype: str) -> ET.Element:
    element = ET.SubElement(quiz, "question", type=qtype)
    _text(element, "name", question.name)
    _text(element, "questiontext", question.text_html, format="html")
    _text(element, "generalfeedback", f"<p>{question.key_html}</p>", format="html")
    _leaf(element, "defaultgrade", f"{question.points:g}")
    _leaf(element, "penalty", "0.1")
    _leaf(element, "hidden", "0")
    _leaf(element, "idnumber", question.ident)
    return element


def _numerical(quiz: ET.Element, question: Question, body: Numerical, lang: str) -> None:
    element = _head(quiz, question, "numerical")
    answer = _text(element, "answer", repr(body.value), fraction="100", format="moodle_auto_format")
    _leaf(answer, "tolerance", repr(body.tolerance))
    _text(answer, "feedback", translate(N_("Correct."), lang), format="html")
    _leaf(element, "unitgradingtype", "0")
    _leaf(element, "unitpenalty", "0.1")
    _leaf(element, "showunits", "3")
    _leaf(element, "unitsleft", "0")


def _multichoice(quiz: ET.Element, question: Question, body: MultipleChoice) -> None:
    element = _head(quiz, question, "multichoice")
    _leaf(element, "single", "true")
    _leaf(element, "shuffleanswers", "true")
    _leaf(element, "answernumbering", "abc")
    for option in body.options:
        answer = _text(
            element, "answer", option.html, fraction="100" if option.correct else "0", format="html"
        )
        _text(answer, "feedback", html.escape(option.feedback, quote=False), format="html")


def _stack(quiz: ET.Element, question: Question, body: Stack, lang: str) -> None:
    element = _head(quiz, question, "stack")
    text = element.find("questiontext/text")
    assert text is not None
    text.text = f"{question.text_html}<p>[[input:ans1]] [[validation:ans1]]</p>"
    _text(element, "stackversion", STACK_VERSION)
    variables = [f"ta1: {body.teacher_answer};"]
    variables += [f"mal{i}: {mal.maxima};" for i, mal in enumerate(body.misconceptions, 1)]
    _text(element, "questionvariables", "\n".join(variables))
    _text(element, "specificfeedback", "[[feedback:prt1]]", format="html")
    _text(element, "questionnote", "{@ta1@}")
    _leaf(element, "questionsimplify", "1")
    _leaf(element, "assumepositive", "0")
    _leaf(element, "assumereal", "0")
    _text(element, "prtcorrect", translate(N_("Correct."), lang), format="html")
    _text(element, "prtpartiallycorrect", translate(N_("Partly correct."), lang), format="html")
    _text(element, "prtincorrect", translate(N_("Not correct."), lang), format="html")
    _leaf(element, "multiplicationsign", "dot")
    _leaf(element, "sqrtsign", "1")
    _leaf(element, "complexno", "i")
    _leaf(element, "inversetrig", "cos-1")
    _leaf(element, "logicsymbol", "lang")
    _leaf(element, "matrixparens", "[")
    _leaf(element, "variantsselectionseed", "")
    _input(element)
    _prt(element, body)


def _input(question: ET.Element) -> None:
    element = ET.SubElement(question, "input")
    for tag, value in (
        ("name", "ans1"),
        ("type", "algebraic"),
        ("tans", "ta1"),
        ("boxsize", "30"),
        ("strictsyntax", "1"),
        ("insertstars", "1"),
        ("syntaxhint", ""),
        ("syntaxattribute", "0"),
        ("forbidwords", "diff,int,integrate,limit,subst"),
        ("allowwords", ""),
        ("forbidfloat", "0"),
        ("requirelowestterms", "0"),
        ("checkanswertype", "1"),
        ("mustverify", "1"),
        ("showvalidation", "1"),
        ("options", ""),
    ):
        _leaf(element, tag, value)


def _prt(question: ET.Element, body: Stack) -> None:
    """Node 0 tests the key; node i tests misconception i and gives its feedback."""
    prt = ET.SubElement(question, "prt")
    _leaf(prt, "name", "prt1")
    _leaf(prt, "value", "1.0000000")
    _leaf(prt, "autosimplify", "1")
    _leaf(prt, "feedbackstyle", "1")
    _text(prt, "feedbackvariables", "")
    targets = [("ta1", "", "1.0000000")]
    targets += [
        (f"mal{i}", mal.feedback, "0.0000000") for i, mal in enumerate(body.misconceptions, 1)
    ]
    names = ["key", *(mal.id for mal in body.misconceptions)]
    for index, ((tans, feedback, score), note) in enumerate(zip(targets, names, strict=True)):
        node = ET.SubElement(prt, "node")
        last = index == len(targets) - 1
        for tag, value in (
            ("name", str(index)),
            ("description", note),
            ("answertest", "AlgEquiv"),
            ("sans", "ans1"),
            ("tans", tans),
            ("testoptions", ""),
            ("quiet", "0"),
            ("truescoremode", "="),
            ("truescore", score),
            ("truepenalty", ""),
            ("truenextnode", "-1"),
            ("trueanswernote", f"prt1-{index + 1}-T-{note}"),
        ):
            _leaf(node, tag, value)
        _text(
            node,
            "truefeedback",
            f"<p>{html.escape(feedback, quote=False)}</p>" if feedback else "",
            format="html",
        )
        for tag, value in (
            ("falsescoremode", "="),
            ("falsescore", "0.0000000"),
            ("falsepenalty", ""),
            ("falsenextnode", "-1" if last else str(index + 1)),
            ("falseanswernote", f"prt1-{index + 1}-F"),
        ):
            _leaf(node, tag, value)
        _text(node, "falsefeedback", "", format="html")
