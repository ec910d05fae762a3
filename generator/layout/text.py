"""black's normalization of single tokens: string quotes and prefixes, numbers, docstrings.

Ported from black 26.10.1 (`black/strings.py`, `black/numerics.py` and the docstring part of
`LineGenerator.visit_STRING`) so that the layouter needs no black import. Only what black
does in its default (non-preview) style with string normalization on.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

LINE_LENGTH = 88
_PREFIX_CHARS = "fturbFTURB"
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_BACKSLASH_NEWLINE = re.compile(r"\\\s*\n")
_UNICODE_ESCAPE = re.compile(
    r"(?P<backslashes>\\+)(?P<body>"
    r"(u(?P<u>[a-fA-F0-9]{4}))"
    r"|(U(?P<U>[a-fA-F0-9]{8}))"
    r"|(x(?P<x>[a-fA-F0-9]{2}))"
    r"|(N\{(?P<N>[a-zA-Z0-9 \-]{2,})\})"
    r")?",
    re.VERBOSE,
)


@lru_cache(maxsize=16)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _sub_twice(regex: re.Pattern[str], replacement: str, original: str) -> str:
    return regex.sub(replacement, regex.sub(replacement, original))


def _ends_with_unescaped_quote(body: str) -> bool:
    if body[-1:] != '"':
        return False
    preceding = body[:-1]
    return (len(preceding) - len(preceding.rstrip("\\"))) % 2 == 0


def normalize_quotes(s: str) -> str:
    """Prefer double quotes unless that needs more escapes (black's `normalize_string_quotes`)."""
    first = s[0]
    if first == '"' and "\\" not in s:
        if s[:3] != '""' or s[:3] == '"""' or len(s) == 2:
            return s  # already double-quoted, nothing escaped
    elif first == "'" and s[:3] != "''" and not any(c in s[1:-1] for c in "'\"\\"):
        return f'"{s[1:-1]}"'  # a plain single-quoted string
    value = s.lstrip(_PREFIX_CHARS)
    if value[:3] == '"""':
        return s
    if value[:3] == "'''":
        orig_quote, new_quote = "'''", '"""'
    elif value[0] == '"':
        orig_quote, new_quote = '"', "'"
    else:
        orig_quote, new_quote = "'", '"'
    first_quote_pos = s.find(orig_quote)
    prefix = s[:first_quote_pos]
    unescaped_new_quote = _compile(rf"(([^\\]|^)(\\\\)*){new_quote}")
    escaped_new_quote = _compile(rf"([^\\]|^)\\((?:\\\\)*){new_quote}")
    escaped_orig_quote = _compile(rf"([^\\]|^)\\((?:\\\\)*){orig_quote}")
    body = s[first_quote_pos + len(orig_quote) : -len(orig_quote)]
    if "r" in prefix.casefold():
        if unescaped_new_quote.search(body):
            return s
        new_body = body
    else:
        new_body = _sub_twice(escaped_new_quote, rf"\1\2{new_quote}", body)
        if body != new_body:
            body = new_body
            s = f"{prefix}{orig_quote}{body}{orig_quote}"
        new_body = _sub_twice(escaped_orig_quote, rf"\1\2{orig_quote}", new_body)
        new_body = _sub_twice(unescaped_new_quote, rf"\1\\{new_quote}", new_body)
    if new_quote == '"""' and _ends_with_unescaped_quote(new_body):
        new_body = new_body[:-1] + '\\"'
    orig_escape_count = body.count("\\")
    new_escape_count = new_body.count("\\")
    if new_escape_count > orig_escape_count:
        return s
    if new_escape_count == orig_escape_count and orig_quote == '"':
        return s
    return f"{prefix}{new_quote}{new_body}{new_quote}"


def _escape_case(match: re.Match[str]) -> str:
    groups = match.groupdict()
    backslashes = groups["backslashes"]
    if groups["body"] is None or len(backslashes) % 2 == 0:
        return match.group(0)
    if groups["u"]:
        return backslashes + "u" + groups["u"].lower()
    if groups["U"]:
        return backslashes + "U" + groups["U"].lower()
    if groups["x"]:
        return backslashes + "x" + groups["x"].lower()
    return backslashes + "N{" + groups["N"].upper() + "}"


def normalize_string(value: str) -> str:
    """A (prefix-free) string literal as black writes it: escapes' hex digits, then quotes."""
    if "\\" in value:
        value = _UNICODE_ESCAPE.sub(_escape_case, value)
    return normalize_quotes(value)


def normalize_number(text: str) -> str:
    """black's `normalize_numeric_literal`."""
    text = text.lower()
    if text.startswith(("0o", "0b")):
        return text
    if text.startswith("0x"):
        return text[:2] + text[2:].upper()
    if "e" in text:
        before, after = text.split("e")
        sign = ""
        if after.startswith("-"):
            after, sign = after[1:], "-"
        elif after.startswith("+"):
            after = after[1:]
        return f"{_float_or_int(before)}e{sign}{after}"
    if text.endswith("j"):
        return f"{_float_or_int(text[:-1])}j"
    return _float_or_int(text)


def _float_or_int(text: str) -> str:
    if "." not in text:
        return text
    before, after = text.split(".")
    return f"{before or 0}.{after or 0}"


def _lines_with_leading_tabs_expanded(s: str) -> list[str]:
    lines = []
    for line in _LINE_BREAK.split(s):
        stripped = line.lstrip()
        if not stripped or stripped == line:
            lines.append(line)
        else:
            width = len(line) - len(stripped)
            lines.append(line[:width].expandtabs(4) + stripped)
    return lines


def _fix_multiline_docstring(docstring: str, prefix: str) -> str:
    lines = _lines_with_leading_tabs_expanded(docstring)
    indent = sys.maxsize
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            indent = min(indent, len(line) - len(stripped))
    trimmed = [lines[0].strip()]
    if indent < sys.maxsize:
        last_line_idx = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            stripped_line = line[indent:].rstrip()
            if stripped_line or i == last_line_idx:
                trimmed.append(prefix + stripped_line)
            else:
                trimmed.append("")
    return "\n".join(trimmed)


def docstring(value: str, depth: int) -> str | None:
    """A docstring (a prefix-free string literal) as black writes it at `depth`.

    None when black would leave it to a path not ported here (backslash-newline escapes).
    """
    if "\\" in value and _BACKSLASH_NEWLINE.search(value):
        return None
    value = normalize_string(value)
    quote_char = value[0]
    quote_len = 1 if value[1] != quote_char else 3
    text = value[quote_len:-quote_len]
    started_empty = not text
    indent = " " * 4 * depth
    if "\n" in value:  # black's is_multiline_string: a triple-quoted string with a newline
        text = _fix_multiline_docstring(text, indent)
    else:
        text = text.strip()
    has_trailing_backslash = False
    if text:
        if text[0] == quote_char:
            text = " " + text
        if text[-1] == quote_char:
            text += " "
        if text[-1] == "\\":
            backslashes = len(text) - len(text.rstrip("\\"))
            if backslashes % 2:
                text += " "
                has_trailing_backslash = True
    elif not started_empty:
        text = " "
    quote = quote_char * quote_len
    if quote_len == 3:
        lines = text.splitlines()
        last_line_length = len(lines[-1]) if text and not text.endswith("\n") else 0
        if (
            len(lines) > 1
            and last_line_length + quote_len > LINE_LENGTH
            and len(indent) + quote_len <= LINE_LENGTH
            and not has_trailing_backslash
        ):
            if value[-1 - quote_len] == "\n":
                return quote + text + quote
            return quote + text + "\n" + indent + quote
    return quote + text + quote
