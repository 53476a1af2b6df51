"""Errors the tool reports to users as a message and an exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path


class AigovkgError(Exception):
    """Base class: an error with a message meant for the user."""

    exit_code = 2


class InputError(AigovkgError):
    """Bad input: a malformed file, an unknown query or parameter (exit 2)."""


class ParseError(InputError):
    """An RDF file that does not parse; names the file and the line."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: syntax error: {reason}")


class QueryError(AigovkgError):
    """A SPARQL query that does not parse or fails to run (exit 1 for failures)."""

    exit_code = 1
