"""Item 4, names: public names never collide and read well.

Flags (1) a public model name with a number in it (at its end, `IssuesAddLabelsBodyOption1`,
or inside, `IssuesAddLabelsBodyOption4Item`) that no word of the spec (a key, a title, an
operationId, a `$ref`'s file name, a status code) has at that place, i.e. a number the
generator made up instead of deriving a name from a path or a title; (2) two public names equal up to case
(`Pet` and `PET`), which collide on case-insensitive file systems and read as the same;
(3) an endpoint function named twice in one module.
"""

from __future__ import annotations

import ast
import re
from typing import Any

_DIGITS = re.compile(r"\d+")


def public_model_names(models_source: str) -> list[str]:
    """Names a models module defines at the top level (classes and type aliases)."""
    names: list[str] = []
    for node in ast.parse(models_source).body:
        if isinstance(node, ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif type(node).__name__ == "TypeAlias":
            names.append(node.name.id)  # type: ignore[attr-defined]
    return [n for n in names if not n.startswith("_") and n not in {"T", "__all__"}]


def spec_words(document: Any) -> set[str]:
    """Lower-case alphanumeric spellings of the spec's keys, titles, operationIds and the
    file names and pointer tokens of its `$ref`s (names are derived from all of these)."""
    words: set[str] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                words.add(str(key))
                if key in {"title", "operationId", "x-name"} and isinstance(value, str):
                    words.add(value)
                if key == "$ref" and isinstance(value, str):  # `models/volumes_ext4.yml#/a`
                    words.update(re.split(r"[/#]", re.sub(r"\.(ya?ml|json)\b", "", value)))
                if isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
            words.update(v for v in node if isinstance(v, str))
    return {re.sub(r"[^0-9a-z]", "", w.lower()) for w in words}


def _derived(lowered: str, start: int, end: int, numbered: list[str]) -> bool:
    """The digits at `lowered[start:end]` come from a spec word written around them there (a
    name with a number, `volumesext4`), or are a status code (`response404`)."""
    digits = lowered[start:end]
    for word in numbered:
        for run in _DIGITS.finditer(word):
            if run.group() != digits or (word == digits and len(digits) != 3):
                continue
            at = start - run.start()
            if at >= 0 and lowered.startswith(word, at):
                return True
    return False


def naming_problems(names: list[str], functions: list[str], document: Any) -> list[str]:
    """What reads badly or collides, one line each (empty: all good)."""
    problems: list[str] = []
    numbered = [w for w in spec_words(document) if _DIGITS.search(w)]
    for name in names:
        lowered = re.sub(r"[^0-9a-z]", "", name.lower())
        for match in _DIGITS.finditer(lowered):
            if not _derived(lowered, match.start(), match.end(), numbered):
                where = "ending in" if match.end() == len(lowered) else "with"
                problems.append(f"numbered name {name} (the spec has no name {where} {match.group()})")
                break
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.lower(), name)
        if other != name:
            problems.append(f"names collide up to case: {other} and {name}")
    duplicates = sorted({f for f in functions if functions.count(f) > 1})
    problems.extend(f"endpoint function {f} defined twice" for f in duplicates)
    return problems
