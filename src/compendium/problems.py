"""Problems found in the data, reported to editors as `path:line:column: field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Values quoted in messages come from the records: control characters (a line break, an
# escape sequence) are shown as codes, so a record cannot write lines of its own into a
# terminal or a CI log, such as a forged `::warning::` annotation.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at the exact place an editor must look."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return _visible(f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}")

    def github(self) -> str:
        """The same problem as a GitHub Actions annotation on the pull request's diff."""
        # GitHub's workflow-command syntax reserves these characters; a property (the file
        # name) also reserves `:` and `,`.
        text = _visible(f"{self.field}: {self.message}").replace("%", "%25")
        path = _visible(self.path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={self.line},col={self.column}::{text}"


class CompendiumError(Exception):
    """Raised when the data holds problems; carries every one of them, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, fmt: str = "text", *, building: bool = True) -> str:
        """Every problem, one a line; in text, a last line that counts them (and, for a
        build, says that nothing was published)."""
        lines = [p.github() if fmt == "github" else str(p) for p in self.problems]
        if fmt == "text":
            count = len(self.problems)
            found = f"{count} problem{'s' if count != 1 else ''} found"
            lines.append(
                f"{found}; nothing was published."
                if building
                else f"{found}; fix {'it' if count == 1 else 'them'} and check again."
            )
        return "\n".join(lines)
