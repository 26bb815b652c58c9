"""The item-analysis report of a class: an HTML page (histogram inline) and a JSON summary."""

from __future__ import annotations

import json
from collections.abc import Sequence

from markupsafe import Markup

from generator.grading.analysis import ItemAnalysis, histogram_svg
from generator.grading.records import Issue
from generator.grading.templating import html_environment


def item_analysis_files(
    analysis: ItemAnalysis, issues: Sequence[Issue], *, title: str, lang: str
) -> dict[str, bytes]:
    """`item_analysis.html` and `item_analysis.json`, by name."""
    page = html_environment(lang).get_template("grading/item_analysis.html")
    html = page.render(
        analysis=analysis, svg=Markup(histogram_svg(analysis)), issues=issues, title=title
    )
    summary = json.dumps(analysis.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
    return {"item_analysis.html": html.encode(), "item_analysis.json": (summary + "\n").encode()}
