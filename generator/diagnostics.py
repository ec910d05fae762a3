"""Diagnostics: locations in the input, warnings, and the one error that stops a run.

Every message names a place as `file:line` plus a JSON pointer, so a user can find the node
that caused it. Warnings are collected in a `Diagnostics` sink (part of the run context) and
printed once, one line per file and message (`lines`: the first place, and how many there
are); an error is raised as `GeneratorError` and printed as one line by the CLI.
A strict sink (`--strict`, `strict = true`) turns the first warning into that error instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a node came from: the source file, its 1-based line, and its JSON pointer."""

    file: str
    line: int
    pointer: str = ""

    def at(self, pointer: str) -> Location:
        """The same place, with another JSON pointer."""
        return Location(self.file, self.line, pointer)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.pointer or '#'}".rstrip()


class GeneratorError(Exception):
    """Bad input: stops the run. Printed as one line: location, problem, what to do."""

    def __init__(self, location: Location | None, message: str, hint: str = "") -> None:
        self.location = location
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"error: {where}{self.message}{hint}"


class NotOpenAPIError(GeneratorError):
    """The input holds no OpenAPI 3.x document at all (prose, AsyncAPI, Swagger 2.0).

    A subclass so that callers sorting pages (e.g. `pull`) can tell "not an API page" from
    "an API page whose document is broken" without reading the message.
    """


@dataclass(frozen=True)
class Diagnostic:
    """A tolerated problem: something skipped or interpreted, with where and why."""

    location: Location | None
    message: str

    def one_line(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"warning: {where}{self.message}"


@dataclass
class Diagnostics:
    """Collects warnings during a run; the CLI prints them once at the end.

    When `strict`, a warning is not tolerated: `warn` raises it as a `GeneratorError` (the
    same text, as an `error:` line), so the run stops before anything is written.
    """

    warnings: list[Diagnostic] = field(default_factory=list)
    strict: bool = False

    def warn(self, location: Location | None, message: str) -> None:
        if self.strict:
            raise GeneratorError(location, message, "--strict makes every warning an error")
        self.warnings.append(Diagnostic(location, message))

    def lines(self) -> list[str]:
        """The warnings as printed: one line per file and message, at its first place, with
        the count when the same warning was raised in several places of that file."""
        places: dict[tuple[str | None, str], list[Diagnostic]] = {}
        for warning in self.warnings:
            key = (warning.location.file if warning.location else None, warning.message)
            places.setdefault(key, []).append(warning)
        counts = [len({warning.location for warning in found}) for found in places.values()]
        return [
            found[0].one_line() + (f" (in {count} places)" if count > 1 else "")
            for found, count in zip(places.values(), counts)
        ]


SHAPE_ERRORS = (AttributeError, TypeError, KeyError, ValueError, IndexError)


def malformed(location: Location | None, what: str, exc: Exception) -> GeneratorError:
    """A located error for a node whose structure is not what OpenAPI allows."""
    return GeneratorError(
        location,
        f"malformed {what} ({type(exc).__name__}: {exc})",
        "check its structure against the OpenAPI specification",
    )
