"""Links in descriptions: made absolute against the docs site, else kept as plain text.

Descriptions written for a docs site link to its other pages relatively
(`[Responses](/docs/api-reference/responses)`: hundreds in the OpenAI spec); in a docstring or
the package README such a link goes nowhere. With a base (`docs_url` in `[tool.generator]`,
the site `pull` reads) it becomes absolute (`[Responses](https://site/docs/api-reference/responses)`,
joined like a browser would); without one only its text is kept. Absolute links (`https:`,
`mailto:`) stay as written. Runs once over the finished IR, so every docstring agrees.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urljoin

from generator import ir

_Documented = TypeVar("_Documented", ir.Field, ir.Parameter, ir.Response, ir.RequestBody)

_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()<>\s]*)>?\s*\)")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_base(docs_url: str) -> str:
    """What relative links are joined to: the docs site's address (its `llms.txt` is a file in it)."""
    return docs_url if docs_url.endswith("/") or docs_url.endswith(".txt") else docs_url + "/"


def fix_links(text: str, base: str) -> str:
    """`text` with its relative Markdown links made absolute (or plain text without a base)."""

    def one(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if not target or _ABSOLUTE.match(target):
            return match.group(0)
        return f"[{label}]({urljoin(base, target)})" if base else label

    return _LINK.sub(one, text) if "](" in text else text


def absolute_links(spec: ir.ApiSpec, docs_url: str) -> None:
    """Fix the links of every description in the IR (models, fields, operations, parameters)."""
    base = link_base(docs_url) if docs_url else ""

    def fix(text: str) -> str:
        return fix_links(text, base)

    def fixed(part: _Documented) -> _Documented:
        """The part with its doc's links fixed (itself when they need nothing: most do not)."""
        if "](" not in part.doc:  # no link at all (`fix_links` would say so one call deeper)
            return part
        doc = fix(part.doc)
        return part if doc == part.doc else replace(part, doc=doc)

    for definition in spec.definitions:
        definition.doc = fix(definition.doc)
        if isinstance(definition, ir.Model):
            definition.fields = [fixed(f) if "](" in f.doc else f for f in definition.fields]  # most have no link
    for op in (op for group in spec.groups for op in group.operations):
        op.summary, op.doc = fix(op.summary), fix(op.doc)
        op.parameters = [fixed(p) for p in op.parameters]
        op.arguments = tuple(fixed(f) for f in op.arguments)
        op.responses = [fixed(r) for r in op.responses]
        if op.body is not None:
            op.body = fixed(op.body)
