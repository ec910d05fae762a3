"""Item 4, names: public names never collide and read well.

Flags (1) a public model name ending in digits when no word of the spec (a key, a title, an
operationId, a `$ref`'s file name) ends that way, i.e. a number the generator made up
instead of deriving a name from a path or a title; (2) two public names equal up to case
(`Pet` and `PET`), which collide on case-insensitive file systems and read as the same;
(3) an endpoint function named twice in one module.
"""

from __future__ import annotations

import ast
import re
from typing import Any

_TRAILING_DIGITS = re.compile(r"(\d+)$")


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


def _derived(word: str, digits: str) -> bool:
    """A spec word ending in these digits: a name with a number, or a status code."""
    return word.endswith(digits) and (word != digits or len(digits) == 3)


def naming_problems(names: list[str], functions: list[str], document: Any) -> list[str]:
    """What reads badly or collides, one line each (empty: all good)."""
    problems: list[str] = []
    numbered = [w for w in spec_words(document) if _TRAILING_DIGITS.search(w)]
    for name in names:
        match = _TRAILING_DIGITS.search(name)
        if match is None:
            continue
        lowered = name.lower()
        digits = match.group(1)
        if not any(lowered.endswith(w) and _derived(w, digits) for w in numbered):
            problems.append(f"numbered name {name} (the spec has no name ending in {match.group(1)})")
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.lower(), name)
        if other != name:
            problems.append(f"names collide up to case: {other} and {name}")
    duplicates = sorted({f for f in functions if functions.count(f) > 1})
    problems.extend(f"endpoint function {f} defined twice" for f in duplicates)
    return problems
