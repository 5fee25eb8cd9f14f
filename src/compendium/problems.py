"""Problems found in the data, reported to editors as `path:line:column: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at the exact place an editor must look."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"

    def github(self) -> str:
        """The same problem as a GitHub Actions annotation on the pull request's diff."""
        text = f"{self.field}: {self.message}"
        # GitHub's workflow-command syntax reserves these characters.
        for raw, escaped in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A")):
            text = text.replace(raw, escaped)
        return f"::error file={self.path},line={self.line},col={self.column}::{text}"


class CompendiumError(Exception):
    """Raised when the data holds problems; carries every one of them, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, fmt: str = "text") -> str:
        lines = [p.github() if fmt == "github" else str(p) for p in self.problems]
        if fmt == "text":
            count = len(self.problems)
            lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was published.")
        return "\n".join(lines)
