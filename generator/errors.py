"""Exceptions by audience, each carrying data rather than a finished sentence.

- `StudentInputError`: what a student typed cannot be read; it knows where (offset into the text).
- `AuthorError`: a problem template (YAML) is wrong; it knows the file, the path and the value.
- `UsageError`: a teacher's command line or input file is unusable; the CLI exits with its code.

The sentence itself is a `Message`, translated only where the reader's language is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.i18n import N_, Message


class DerivquizError(Exception):
    """Base of every error derivquiz means to show a person."""

    exit_code = 1

    def __init__(self, template: str, /, **params: Any) -> None:
        self.message = Message(template, params)
        super().__init__(self.message.render())

    def render(self, lang: str = "en") -> str:
        return self.message.render(lang)


class StudentInputError(DerivquizError):
    """The student's text cannot be read; `offset`/`length` locate the fault in the original text.

    `code` is a stable identifier for the kind of fault (e.g. `unknown_name`, `unbalanced`,
    `too_long`), so callers and tests can tell faults apart without reading sentences.
    """

    def __init__(
        self,
        code: str,
        template: str,
        /,
        *,
        text: str = "",
        offset: int | None = None,
        length: int = 1,
        **params: Any,
    ) -> None:
        self.code = code
        self.text = text
        self.offset = offset
        self.length = max(1, length)
        super().__init__(template, **params)

    @property
    def column(self) -> int | None:
        """1-based column of the fault, as a student counts characters."""
        return None if self.offset is None else self.offset + 1

    def excerpt(self, width: int = 60) -> str:
        """Two lines: the text around the fault, and a caret under it."""
        if self.offset is None or not self.text:
            return ""
        start = max(0, self.offset - width // 2)
        shown = self.text[start : start + width]
        prefix = "…" if start > 0 else ""
        suffix = "…" if start + width < len(self.text) else ""
        caret = " " * (len(prefix) + self.offset - start) + "^" * min(self.length, width)
        return f"{prefix}{shown}{suffix}\n{caret}"


class AuthorError(DerivquizError):
    """A problem template is wrong: names the file, the path inside it and the offending value."""

    def __init__(self, file: str, path: str, template: str, /, **params: Any) -> None:
        self.file = file
        self.path = path
        self.detail = Message(template, params)
        super().__init__(N_("{file}: {path}: {detail}"), file=file, path=path, detail=self.detail)


class UsageError(DerivquizError):
    """The command line, or a file it names, cannot be used as given."""

    exit_code = 2


@dataclass(frozen=True)
class InputErrorInfo:
    """The part of a verdict that says what in the input could not be read, and where."""

    code: str
    message: str
    column: int | None
    excerpt: str

    @classmethod
    def from_error(cls, error: StudentInputError, lang: str = "en") -> InputErrorInfo:
        return cls(error.code, error.render(lang), error.column, error.excerpt())
