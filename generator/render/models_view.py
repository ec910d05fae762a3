"""The models package's view: one module per definition under `_models/`, and the index.

`models.py` is an index: it names every definition (`__all__`), imports them all for type
checkers and IDEs (under `TYPE_CHECKING`), and at run time imports a definition's module
when the name is first used (`__getattr__`), so importing a client of a large API loads only
the models it uses. A model or enum module imports the other definitions it mentions for type
checkers only (annotations are strings); an alias module imports them at run time (its type
expression is evaluated), except aliases of a cycle, which it names as strings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from generator import ir
from generator.naming import NameRegistry, module_name
from generator.render.annotations import annotation, references, runtime, uses
from generator.render.pyliteral import docstring, literal


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    default: str  # "" when required
    wire_literal: str
    metadata: str = ""  # more field metadata entries (`, "read_only": True`), already rendered


@dataclass(frozen=True)
class ClassView:
    """A model, an enum, or an alias, ready to print."""

    name: str
    docstring: str
    is_model: bool = False
    is_enum: bool = False
    base: str = ""
    fields: list[FieldView] = field(default_factory=list)
    extra_annotation: str = ""
    members: list[tuple[str, str]] = field(default_factory=list)
    alias_expr: str = ""


def _field_annotation(f: ir.Field) -> str:
    text = annotation(f.type)
    return text if f.required else f"{text} | Unset"


def field_doc(f: ir.Field) -> str:
    """A field's description plus its documented default, direction and deprecation."""
    notes = [" ".join(f.doc.split())] if f.doc else []
    if not isinstance(f.default, ir.Unsupplied):
        notes.append(f"Default (applied by the server when absent): {literal(f.default)}.")
    if f.read_only:
        notes.append("Read-only: set by the server, never sent in requests.")
    if f.write_only:
        notes.append("Write-only: sent in requests, never returned.")
    if f.deprecated:
        notes.append("Deprecated: setting it warns (DeprecationWarning).")
    return " ".join(notes)


def _model_doc(model: ir.Model) -> str:
    text = model.doc or f"The {model.schema_name or model.name} object."
    lines = [f"{f.name}: {doc}" for f in model.fields if (doc := field_doc(f))]
    if lines:
        text += "\n\nAttributes:\n" + "\n".join("    " + line for line in lines)
    return text


def _field_metadata(f: ir.Field) -> str:
    flags = [("read_only", f.read_only), ("write_only", f.write_only), ("deprecated", f.deprecated)]
    return "".join(f', "{name}": True' for name, on in flags if on)


def _model_view(model: ir.Model) -> ClassView:
    fields = [
        FieldView(f.name, _field_annotation(f), "" if f.required else "UNSET", literal(f.wire), _field_metadata(f))
        for f in model.fields
    ]
    return ClassView(
        name=model.name,
        docstring=docstring(_model_doc(model)),
        is_model=True,
        fields=fields,
        extra_annotation=f"dict[str, {annotation(model.extra)}]",
    )


def _enum_view(enum: ir.Enum) -> ClassView:
    doc = enum.doc or f"Values of {enum.schema_name or enum.name}."
    return ClassView(
        name=enum.name,
        docstring=docstring(doc),
        is_enum=True,
        base="_codec.OpenStrEnum" if enum.base == "str" else "_codec.OpenIntEnum",
        members=[(m.name, literal(m.value)) for m in enum.members],
    )


def _alias_view(alias: ir.Alias, forward: set[str]) -> ClassView:
    expr = runtime(alias.target, "", forward)
    if alias.discriminator is not None and isinstance(alias.target, ir.UnionOf):
        pairs = "".join(f"({literal(wire)}, {literal(name)}), " for wire, name in alias.discriminator.mapping)
        expr = f"Annotated[{expr}, _codec.Discriminator({literal(alias.discriminator.property)}, ({pairs}))]"
    return ClassView(name=alias.name, docstring=docstring(alias.doc) if alias.doc else "", alias_expr=expr)


def _alias_order(aliases: list[ir.Alias]) -> list[ir.Alias]:
    """Aliases after the aliases they mention (stable; cycles keep document order)."""
    by_name: dict[str, ir.Alias] = {a.name: a for a in aliases}
    done: set[str] = set()
    visiting: set[str] = set()
    ordered: list[ir.Alias] = []

    def visit(alias: ir.Alias) -> None:
        if alias.name in done or alias.name in visiting:
            return
        visiting.add(alias.name)
        for name in sorted(references(alias.target)):
            if name in by_name:
                visit(by_name[name])
        visiting.discard(alias.name)
        done.add(alias.name)
        ordered.append(alias)

    for alias in aliases:
        visit(alias)
    return ordered


@dataclass(frozen=True)
class DefinitionModule:
    """One module of `_models/`: its file stem, its definition and its import lines."""

    module: str
    definition: ClassView
    imports: list[str]  # run-time import lines ("" between the standard library's and the package's)
    checking_imports: list[str]  # lines under `if TYPE_CHECKING:`


@dataclass(frozen=True)
class ModulePlan:
    """What one module of `_models/` is rendered from: its definition, the module names of
    the definitions (`modules`: name -> module, shared by all plans), and for an alias the
    aliases it must name as strings (`forward`: not defined yet where it is imported).
    `renamed`: a digest of the names whose module is not `module_name` of the name (a clash
    took it), the same for all plans."""

    module: str
    definition: ir.Definition
    modules: dict[str, str]
    renamed: bytes
    forward: frozenset[str] = frozenset()

    def inputs(self, digest: bytes) -> tuple[object, ...]:
        """What `definition_module` reads, for a cache key (`render_cache`): the definition
        (`digest`: the key of its `definition_state`; the names it mentions are in it),
        `forward`, and the module names of itself and the names it mentions, which are
        `module_name` of the name unless `renamed` says otherwise."""
        return (digest, self.module, tuple(sorted(self.forward)), self.renamed)


def definition_state(d: ir.Definition) -> tuple[object, ...]:
    """A definition as a cache key reads it: its kind and content but its location (never
    printed). Its digest stands for it in the keys of its module and of the endpoint modules
    that look it up (`render.cached`)."""
    return (type(d).__name__, tuple((k, v) for k, v in vars(d).items() if k != "location"))


def model_plans(spec: ir.ApiSpec) -> list[ModulePlan]:
    """A plan per definition: classes first, then aliases in dependency order (the index
    lists them so). Cheap: no view is built."""
    classes = [d for d in spec.definitions if not isinstance(d, ir.Alias)]
    aliases = _alias_order([d for d in spec.definitions if isinstance(d, ir.Alias)])
    registry = NameRegistry()
    wanted: dict[str, str] = {d.name: module_name(d.name, "model") for d in [*classes, *aliases]}
    modules: dict[str, str] = {name: registry.claim(module) for name, module in wanted.items()}
    clashes = sorted((name, module) for name, module in modules.items() if module != wanted[name])
    renamed = hashlib.blake2b(repr(clashes).encode(), digest_size=16).digest()
    plans = [ModulePlan(modules[c.name], c, modules, renamed) for c in classes]
    defined, alias_names = {c.name for c in classes}, {a.name for a in aliases}
    for alias in aliases:
        forward = (references(alias.target) & alias_names) - defined
        plans.append(ModulePlan(modules[alias.name], alias, modules, renamed, frozenset(forward)))
        defined.add(alias.name)
    return plans


def definition_module(plan: ModulePlan) -> DefinitionModule:
    """The view of one module of `_models/` (reads only what `ModulePlan.inputs` names)."""
    d = plan.definition
    if isinstance(d, ir.Alias):
        return _alias_module(d, set(plan.forward), plan.modules)
    return _class_module(d, plan.modules)


def models_modules(spec: ir.ApiSpec) -> list[DefinitionModule]:
    """A module per definition, in the index's order (`model_plans`)."""
    return [definition_module(plan) for plan in model_plans(spec)]


def _class_module(definition: ir.Model | ir.Enum, modules: dict[str, str]) -> DefinitionModule:
    if isinstance(definition, ir.Enum):
        return DefinitionModule(modules[definition.name], _enum_view(definition), ["from .. import _codec"], [])
    exprs = [f.type for f in definition.fields] + [definition.extra]
    typing_names = ["Any", *(["Literal"] if any(uses(e, "literal") for e in exprs) else [])]
    mentioned = sorted(set().union(*(references(e) for e in exprs)) - {definition.name})
    imports = _datetime_import(exprs) + ["from dataclasses import dataclass, field"]
    imports.append(f"from typing import {', '.join((['TYPE_CHECKING'] if mentioned else []) + typing_names)}")
    imports += ["", "from .. import _codec"]
    if not all(f.required for f in definition.fields):
        imports.append("from .._codec import UNSET, Unset")
    checking = [f"from .{modules[name]} import {name}" for name in mentioned]
    return DefinitionModule(modules[definition.name], _model_view(definition), imports, checking)


def _alias_module(alias: ir.Alias, forward: set[str], modules: dict[str, str]) -> DefinitionModule:
    view = _alias_view(alias, forward)
    names = ["TypeAlias"]
    names += ["Annotated"] if "Annotated[" in view.alias_expr else []
    names += ["Any"] if uses(alias.target, "any") else []
    names += ["Literal"] if uses(alias.target, "literal") else []
    names += ["Union"] if uses(alias.target, "union") else []
    mentioned = sorted(references(alias.target) - {alias.name})
    checking = [f"from .{modules[name]} import {name}" for name in mentioned if name in forward]
    imports = _datetime_import([alias.target])
    imports.append(f"from typing import {', '.join((['TYPE_CHECKING'] if checking else []) + names)}")
    local = ["from .. import _codec"] if "_codec." in view.alias_expr else []
    local += [f"from .{modules[name]} import {name}" for name in mentioned if name not in forward]
    imports += ["", *local] if local else []
    return DefinitionModule(modules[alias.name], view, imports, checking)


def _datetime_import(exprs: list[ir.TypeExpr]) -> list[str]:
    return ["import datetime"] if any(uses(e, "datetime") or uses(e, "date") for e in exprs) else []
