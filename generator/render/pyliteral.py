"""Spec text as Python source: string literals, docstrings and comments that cannot inject.

Everything from the spec that reaches a generated file goes through here (or through the
checked names of `generator.naming`). `literal` is `repr`, which always gives a valid
literal; `docstring` escapes backslashes (one that ends a line as `\\x5c`, which black
formats like any other text), triple quotes, control characters and lone surrogates;
`comment` keeps a value on its one comment line.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any


def literal(value: Any) -> str:
    """A Python literal for a JSON scalar, list or object."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(str(value))


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\t":
        return ch
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    if ch in "\u2028\u2029\x85":
        return f"\\u{code:04x}"
    return ch


_UNSAFE = re.compile('"+|[\\\\\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]')


def docstring_body(text: str) -> str:
    """Text made safe to sit between triple double quotes.

    Backslashes are doubled; a quote is escaped when it would be the third of a run or the
    last character (either could close the docstring); control characters become escapes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _UNSAFE.search(text):
        return text  # the common case: nothing to escape
    body = _UNSAFE.sub(lambda m: _escaped(m.group(), m.end() == len(text)), text)
    # a backslash ending a line is spelled `\x5c`: black leaves a docstring holding a
    # backslash before a line break unformatted, and the generator's layout refuses it
    return _BACKSLASH_AT_LINE_END.sub(r"\\x5c", body)


_BACKSLASH_AT_LINE_END = re.compile(r"\\\\(?=[^\S\n]*\n)")


def _escaped(found: str, at_end: bool) -> str:
    """A run of quotes with every third one escaped (and the last one when it ends the
    text), or one unsafe character's escape."""
    if found[0] != '"':
        return "\\\\" if found == "\\" else _escape_char(found)
    out: list[str] = []
    run = 0
    for index in range(len(found)):
        if run == 2 or (at_end and index == len(found) - 1):
            out.append('\\"')
            run = 0
        else:
            out.append('"')
            run += 1
    return "".join(out)


_ITEM = re.compile(r"^(\s*)\S+: ")
_WIDTH = 88


def wrap(text: str, width: int) -> str:
    """Wrap long prose lines; keep fenced code, indentation and `name: text` hanging indents."""
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code or len(line) <= width or line.lstrip().startswith(("```", "~~~", "|")):
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        hanging = lead + "    " if _ITEM.match(line) else lead
        words = line.strip(" ")
        if words and not _NOT_ONE_SPACE.search(words):
            out.extend(wrap_words(words, width, lead, hanging))
            continue
        out.extend(
            textwrap.wrap(words, width, initial_indent=lead, subsequent_indent=hanging,
                          break_long_words=False, break_on_hyphens=False,
                          expand_tabs=False, replace_whitespace=False)
        )  # fmt: skip
    return "\n".join(out)


# Whitespace other than one space between words: a tab, a line break, a run of spaces or a
# Unicode space (textwrap splits at some of those and drops others at a line's start).
_NOT_ONE_SPACE = re.compile(r"[^\S ]|  ")


def wrap_words(text: str, width: int, first: str, rest: str) -> list[str]:
    """`textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
    break_long_words=False, break_on_hyphens=False)` for a non-empty text whose words are
    separated by single spaces (no other whitespace), in one pass over the words: a word
    joins the line if it fits after a space, else starts the next line (alone if it is
    longer than the line). tests/test_docstring_wrap.py compares the two on the big specs."""
    words = text.split(" ")
    lines: list[str] = []
    indent = first
    room = width - len(first)
    line = [words[0]]
    size = len(words[0])
    for word in words[1:]:
        if size + 1 + len(word) <= room:
            line.append(word)
            size += 1 + len(word)
        else:
            lines.append(indent + " ".join(line))
            indent = rest
            room = width - len(rest)
            line = [word]
            size = len(word)
    lines.append(indent + " ".join(line))
    return lines


def docstring(text: str, indent: str = "    ") -> str:
    """A triple-quoted docstring, wrapped to fit; continuation lines indented for a body."""
    lines = docstring_body(wrap(text.strip(), _WIDTH - len(indent))).split("\n")
    body = lines[0] + "".join(("\n" + indent + line) if line.strip() else "\n" for line in lines[1:])
    if len(lines) > 1:
        body += "\n" + indent
    return f'"""{body}"""'


def comment(text: str) -> str:
    """Text for a `#` comment: one line, control characters escaped."""
    return "".join(_escape_char(ch) if ch not in "\n\t" else " " for ch in text)
