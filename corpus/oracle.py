"""The oracle: datamodel-code-generator's models of the same document, by wire names.

datamodel-code-generator (a dev dependency) turns the input's OpenAPI document into
pydantic v2 models, where `Field(alias=...)` carries a property's wire name. For every class
it makes that matches a component schema by name (compared case- and punctuation-blind),
with inherited fields (its allOf spelling) included, the wire names must equal those of our
model for that schema. Enums and root models (`RootModel`) count as having no properties,
except a root model wrapping one model (a one-variant `oneOf`, or one model plus the root
model itself), which has that model's.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def oracle_source(document: Any, path: Path, work: Path) -> dict[str, str]:
    """datamodel-code-generator's output modules for a document (file path used for `$ref`s)."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import Formatter

    if path.suffix.lower() in {".yaml", ".yml", ".json"}:
        source: Any = path
    else:  # a page: the extracted document
        source = work / "oracle-input.json"
        source.write_text(json.dumps(document), encoding="utf-8")
    output = generate(
        source,
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        formatters=[Formatter.BUILTIN],  # only its classes are read; black would warn (FutureWarning)
    )
    if output is None:
        return {}
    if isinstance(output, str):
        return {"": output}
    return {".".join(k): v for k, v in output.items()}


def _class_fields(modules: dict[str, str]) -> dict[str, set[str] | None]:
    """Wire names of each class (inherited ones included; None for enums and root models)."""
    classes: dict[str, ast.ClassDef] = {}
    for module, text in modules.items():
        for node in ast.parse(text).body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
                prefix = module.rsplit(".", 1)[-1].removesuffix("py")
                if prefix and prefix != "__init__":
                    classes.setdefault(prefix + node.name, node)

    def of(name: str, seen: tuple[str, ...]) -> set[str] | None:
        node = classes.get(name)
        if node is None or name in seen:
            return set()
        bases = [b.id if isinstance(b, ast.Name) else ast.unparse(b) for b in node.bases]
        wrapped = _wrapped_model(bases[0], name, classes) if bases else None
        if wrapped is not None:
            return of(wrapped, (*seen, name))  # a one-model wrapper: that model's properties
        if any("Enum" in b or "RootModel" in b for b in bases):
            return None
        names: set[str] = set()
        for base in bases:
            names |= of(base, (*seen, name)) or set()
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                if item.target.id == "model_config" or "ClassVar" in ast.unparse(item.annotation):
                    continue
                names.add(_wire(item))
        return names

    return {name: of(name, ()) for name in classes}


def _wrapped_model(base: str, name: str, classes: dict[str, ast.ClassDef]) -> str | None:
    """The one model a `RootModel[...]` base wraps, else None.

    A variant that is the root model itself (`X = oneOf [X, Y]`) adds no values, so
    `RootModel[Union["X", Y]]` wraps just `Y`.
    """
    match = re.fullmatch(r"RootModel\[(.*)\]", base)
    if match is None:
        return None
    inner = match.group(1)
    union = re.fullmatch(r"Union\[(.*)\]", inner)
    parts = [p.strip().strip("'\"") for p in re.split(r"[,|]", union.group(1) if union else inner)]
    others = [p for p in parts if p != name]
    if len(others) == 1 and others[0] in classes and (len(parts) == 1 or name in parts):
        return others[0]
    return None


def _wire(item: ast.AnnAssign) -> str:
    assert isinstance(item.target, ast.Name)
    calls = [n for n in ast.walk(item) if isinstance(n, ast.Call)]
    for call in calls:
        for keyword in call.keywords:
            if keyword.arg in {"alias", "validation_alias", "serialization_alias"}:
                if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                    return keyword.value.value
    return item.target.id


def oracle_candidates(modules: dict[str, str], schema_names: list[str]) -> dict[str, list[set[str]]]:
    """For each component schema name the oracle models, the property sets of its candidates.

    The oracle renames on collisions (`Team`, `Team1`, `TeamModel`), so every class whose
    name is the schema's, up to case, punctuation and such a suffix, is a candidate; enums
    and root models count as having no properties. A number the oracle adds may follow
    one the name has (`Error-2` is `Error21` when an inline `Error2` came first), so every
    split of a class name's trailing digits counts.
    """
    by_key: dict[str, list[set[str]]] = {}
    for name, wires in _class_fields(modules).items():
        key = _key(name)
        by_key.setdefault(key, []).append(wires or set())
        digits = re.search(r"\d+$", key)
        stems = {key.removesuffix("model")} if key.endswith("model") else set()
        if digits:
            stems |= {key[:i] for i in range(digits.start(), len(key))}
        for stem in stems - {key}:
            by_key.setdefault(stem + "*", []).append(wires or set())
    found: dict[str, list[set[str]]] = {}
    for name in schema_names:
        key = _key(name)
        if key in by_key:
            found[name] = by_key[key] + by_key.get(key + "*", [])
    return found


def oracle_properties(modules: dict[str, str], schema_names: list[str]) -> dict[str, set[str]]:
    """For each component schema name the oracle models as a class, its properties' wire names."""
    return {name: sets[0] for name, sets in oracle_candidates(modules, schema_names).items()}
