"""Help layout for Chinese: wrap by display columns, and break between characters, not at spaces.

Click wraps help with `textwrap`, which counts characters and breaks only at whitespace: a Chinese
sentence (no spaces, each character two columns wide) runs far past the terminal's edge. Text
without wide characters is left to click unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import click

# A run of narrow characters is one unit, a wide character another, each with the closing
# punctuation after it, so no line starts with "，" or "）".
_CLOSING = "，。；：、）」』》！？"
_UNIT = re.compile(rf"(\s*)((?:[^\s\u2e80-\uffef]+|[\u2e80-\uffef])[{_CLOSING}]*)")


def display_width(text: str) -> int:
    """Terminal columns of text: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def has_wide(text: str) -> bool:
    """Whether text needs the wide-character layout (else click's own is used unchanged)."""
    return display_width(text) != len(text)


def wrap_wide(text: str, width: int, indent: str = "") -> list[str]:
    """Greedy wrap of text into lines of at most `width` columns (a longer unit overflows)."""
    lines: list[str] = []
    line, used = indent, display_width(indent)
    for space, unit in _UNIT.findall(text):
        gap = " " if space and line.strip() else ""
        if line.strip() and used + len(gap) + display_width(unit) > width:
            lines.append(line)
            line, used, gap = indent, display_width(indent), ""
        line += gap + unit
        used += len(gap) + display_width(unit)
    lines.append(line)
    return lines


class WideHelpFormatter(click.HelpFormatter):
    """Click's formatter, with text containing wide characters wrapped by `wrap_wide`."""

    def write_heading(self, heading: str) -> None:
        colon = "：" if has_wide(heading) else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        if not has_wide(text):
            super().write_text(text)
            return
        lines = wrap_wide(text, self.width, " " * self.current_indent)
        self.write("\n".join(lines) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        if not any(has_wide(text) for _, text in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(len(term) for term, _ in rows), col_max) + col_spacing
        margin = " " * (self.current_indent + first_col)
        text_width = max(self.width - first_col - 2, 10)  # as click's own write_dl
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if len(term) <= first_col - col_spacing:
                self.write(" " * (first_col - len(term)))
            else:
                self.write("\n" + margin)
            lines = wrap_wide(text, len(margin) + text_width, margin)
            # The first line continues the term's line, which already holds the margin.
            self.write("\n".join([lines[0][len(margin) :], *lines[1:]]) + "\n")
