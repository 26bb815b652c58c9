"""Canvas / QTI 1.2: a zip with `imsmanifest.xml` and one assessment of question groups.

Canvas grades numbers and choices natively, so expression parts are asked "at a point" as numerical
items. Each template (or template part) is a section that picks one item, Canvas's question group,
so each student meets one variant of it.
"""

from __future__ import annotations

import hashlib
import html
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from generator.exports.questions import (
    MultipleChoice,
    Numerical,
    Question,
    QuestionSet,
    build_questions,
)
from generator.model import Manifest

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
ASSESSMENT_FILE = "assessment.xml"


def export_qti(manifest: Manifest, path: Path, *, lang: str | None = None) -> QuestionSet:
    """Write the manifest's numerical and multiple-choice items as a QTI 1.2 zip at `path`."""
    questions = build_questions(manifest, stack=False, lang=lang or manifest.lang)
    ident = (
        "g"
        + hashlib.sha256(
            "".join(question.ident for question in questions.questions).encode()
        ).hexdigest()[:24]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _xml(_manifest(ident)))
        archive.writestr(f"{ident}/{ASSESSMENT_FILE}", _xml(_assessment(ident, questions)))
    return questions


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    return bytes(ET.tostring(element, encoding="UTF-8", xml_declaration=True))


def _manifest(ident: str) -> ET.Element:
    manifest = ET.Element("manifest", {"identifier": f"{ident}_manifest", "xmlns": CP_NS})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(
        resources,
        "resource",
        {"identifier": ident, "type": "imsqti_xmlv1p2", "href": f"{ident}/{ASSESSMENT_FILE}"},
    )
    ET.SubElement(resource, "file", href=f"{ident}/{ASSESSMENT_FILE}")
    return manifest


def _assessment(ident: str, questions: QuestionSet) -> ET.Element:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = ET.SubElement(root, "assessment", ident=ident, title=questions.title)
    _metadata(assessment, {"cc_maxattempts": "1"})
    root_section = ET.SubElement(assessment, "section", ident="root_section")
    groups: dict[str, list[Question]] = {}
    for question in questions.questions:
        if isinstance(question.body, Numerical | MultipleChoice):
            groups.setdefault(question.category, []).append(question)
    for number, (category, members) in enumerate(groups.items(), 1):
        section = ET.SubElement(root_section, "section", ident=f"group_{number}", title=category)
        ordering = ET.SubElement(section, "selection_ordering")
        selection = ET.SubElement(ordering, "selection")
        ET.SubElement(selection, "selection_number").text = "1"
        extension = ET.SubElement(selection, "selection_extension")
        ET.SubElement(extension, "points_per_item").text = f"{members[0].points:g}"
        for question in members:
            _item(section, question)
    return root


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    metadata = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, text_html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = text_html


def _item(section: ET.Element, question: Question) -> None:
    body = question.body
    kind = "numerical_question" if isinstance(body, Numerical) else "multiple_choice_question"
    item = ET.SubElement(section, "item", ident=question.ident, title=question.name)
    metadata = ET.SubElement(item, "itemmetadata")
    _metadata(metadata, {"question_type": kind, "points_possible": f"{question.points:g}"})
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, question.text_html)
    processing = ET.Element("resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    if isinstance(body, Numerical):
        _numerical(presentation, processing, body)
        item.append(processing)
    else:
        assert isinstance(body, MultipleChoice)
        _choices(item, presentation, processing, body)
    feedback = ET.SubElement(item, "itemfeedback", ident="general_fb")
    flow = ET.SubElement(feedback, "flow_mat")
    _material(flow, f"<p>{question.key_html}</p>")


def _numerical(presentation: ET.Element, processing: ET.Element, body: Numerical) -> None:
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    render = ET.SubElement(response, "render_fib", fibtype="Decimal")
    ET.SubElement(render, "response_label", ident="answer1")
    condition = ET.SubElement(
        processing, "respcondition", title="correct", attrib={"continue": "No"}
    )
    variables = ET.SubElement(condition, "conditionvar")
    either = ET.SubElement(variables, "or")
    ET.SubElement(either, "varequal", respident="response1").text = repr(body.value)
    within = ET.SubElement(either, "and")
    ET.SubElement(within, "vargte", respident="response1").text = repr(body.value - body.tolerance)
    ET.SubElement(within, "varlte", respident="response1").text = repr(body.value + body.tolerance)
    ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"
    ET.SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")


def _choices(
    item: ET.Element, presentation: ET.Element, processing: ET.Element, body: MultipleChoice
) -> None:
    response = ET.SubElement(presentation, "response_lid", ident="response1", rcardinality="Single")
    render = ET.SubElement(response, "render_choice")
    for number, option in enumerate(body.options, 1):
        label = ET.SubElement(render, "response_label", ident=f"choice{number}")
        _material(label, option.html)
        condition = ET.SubElement(processing, "respcondition", attrib={"continue": "Yes"})
        variables = ET.SubElement(condition, "conditionvar")
        ET.SubElement(variables, "varequal", respident="response1").text = f"choice{number}"
        ET.SubElement(
            condition, "displayfeedback", feedbacktype="Response", linkrefid=f"choice{number}_fb"
        )
    for number, option in enumerate(body.options, 1):
        if option.correct:
            condition = ET.SubElement(processing, "respcondition", attrib={"continue": "No"})
            variables = ET.SubElement(condition, "conditionvar")
            ET.SubElement(variables, "varequal", respident="response1").text = f"choice{number}"
            ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"
    item.append(processing)
    for number, option in enumerate(body.options, 1):
        feedback = ET.SubElement(item, "itemfeedback", ident=f"choice{number}_fb")
        flow = ET.SubElement(feedback, "flow_mat")
        _material(flow, f"<p>{html.escape(option.feedback, quote=False)}</p>")
