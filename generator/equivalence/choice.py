"""Choice answers: one label from a fixed list, matched without regard to case, spacing or synonyms.

Labels are language-neutral: a student may answer "local maximum", "Max" or "极大值" for the label
`max`. Labels without synonyms are compared after the same normalisation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from generator.equivalence.expressions import Outcome

SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "max": (
        "max",
        "maximum",
        "maxima",
        "local max",
        "local maximum",
        "relative max",
        "relative maximum",
        "rel max",
        "maximum point",
        "local maximum point",
        "极大值",
        "极大",
        "极大值点",
        "局部极大值",
        "局部最大值",
    ),
    "min": (
        "min",
        "minimum",
        "minima",
        "local min",
        "local minimum",
        "relative min",
        "relative minimum",
        "rel min",
        "minimum point",
        "local minimum point",
        "极小值",
        "极小",
        "极小值点",
        "局部极小值",
        "局部最小值",
    ),
    "neither": (
        "neither",
        "none",
        "saddle",
        "saddle point",
        "inflection",
        "inflection point",
        "point of inflection",
        "neither max nor min",
        "neither maximum nor minimum",
        "no extremum",
        "not an extremum",
        "都不是",
        "既不是",
        "既不是极大值也不是极小值",
        "不是极值",
        "非极值",
        "不是极值点",
        "鞍点",
        "拐点",
    ),
}

_ARTICLES = re.compile(r"^(?:an?|the)\s+")
_PUNCTUATION = re.compile(r"[\s\-_.,;:!?'\"()。，；：！？、]+")


def normalize_label(text: str) -> str:
    """Width- and case-folded, without punctuation or a leading article, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    spaced = _PUNCTUATION.sub(" ", folded).strip()
    return _ARTICLES.sub("", spaced)


_CANONICAL: Mapping[str, str] = {
    normalize_label(synonym): label for label, synonyms in SYNONYMS.items() for synonym in synonyms
}


def canonical_label(text: str) -> str:
    """The label a student's text stands for (`"Local Maximum"` → `max`), else it normalised."""
    normalized = normalize_label(text)
    return _CANONICAL.get(normalized, normalized)


def compare_choices(expected: str, answer: str) -> Outcome:
    """Whether the student's label is the expected one (choices are always decidable)."""
    same = canonical_label(expected) == canonical_label(answer)
    return Outcome.EQUIVALENT if same else Outcome.DIFFERENT
