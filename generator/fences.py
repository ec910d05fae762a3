"""Find fenced code blocks in a Markdown page, following the CommonMark rules.

A fence opens with three or more backticks or tildes, indented at most three spaces; its
info string may carry several words (` ````yaml openapi.json post /v1/audio/speech `); a
backtick fence's info string holds no backtick. It closes with the same character, at least
as many of it, indented at most three spaces and followed only by spaces. Lines inside keep
their text minus the opening fence's indentation; a fence left open runs to the end of the
page. Deeper-indented fences inside a block (say, in a YAML description) are content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")
_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Fence:
    """One fenced block: its info string words, its text, and the page line of its text."""

    info: tuple[str, ...]
    text: str
    first_line: int  # 1-based page line of the first content line
    open_line: int  # 1-based page line of the opening fence

    @property
    def language(self) -> str:
        return self.info[0].lower() if self.info else ""


def _closes(line: str, char: str, length: int) -> bool:
    stripped = line.rstrip(" \t\r\n")
    body = stripped.lstrip(" ")
    if len(stripped) - len(body) > 3:
        return False
    return len(body) >= length and set(body) == {char}


def _strip_indent(line: str, indent: int) -> str:
    removable = len(line) - len(line.lstrip(" "))
    return line[min(indent, removable) :]


def page_lines(page: str) -> list[str]:
    """A page's lines, split only where CommonMark ends a line (LF, CRLF, CR)."""
    lines = _LINE_END.split(page)
    return lines[:-1] if lines and lines[-1] == "" else lines


def find_fences(page: str) -> list[Fence]:
    """All fenced code blocks of a page, in order."""
    lines = page_lines(page)
    fences: list[Fence] = []
    index = 0
    while index < len(lines):
        match = _OPEN.match(lines[index])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            index += 1
            continue
        char, length, indent = match["fence"][0], len(match["fence"]), len(match["indent"])
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not _closes(lines[end], char, length):
            body.append(_strip_indent(lines[end], indent))
            end += 1
        text = "\n".join(body) + ("\n" if body else "")
        fences.append(Fence(tuple(match["info"].split()), text, index + 2, index + 1))
        index = end + 1
    return fences
