"""Types in request positions: what a caller may pass where the API reads a value.

Beside the model classes, a request position accepts plain data: an enum takes its values as
`Literal[...]` strings (`models.FilePurpose | Literal["fine-tune", ...]`), a model takes a dict
typed by a `TypedDict` of its wire properties (`params.MessageParam`, required keys
`Required[...]`, read-only ones left out), so mypy catches a wrong key or value in either.
Lists become `Sequence[...]` and maps `Mapping[str, ...]` when their items accept more than
the model type (both are read-only, so a `list[MessageParam]` fits). `ParamTypes` renders
these annotations and collects the TypedDicts and aliases the `params` module must define.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from keyword import iskeyword

from generator import ir
from generator.render.annotations import annotation
from generator.render.pyliteral import docstring, literal


@dataclass(frozen=True)
class TypedDictView:
    """One `TypedDict` of `params.py`: class syntax when every key is an identifier."""

    name: str
    docstring: str
    keys: list[tuple[str, str]]  # (key literal or identifier, annotation)
    functional: bool


@dataclass(frozen=True)
class ParamsView:
    typed_dicts: list[TypedDictView]
    aliases: list[tuple[str, str]]  # (name, quoted annotation)

    @property
    def needs_datetime(self) -> bool:
        texts = [text for t in self.typed_dicts for _, text in t.keys] + [text for _, text in self.aliases]
        return any("datetime." in text for text in texts)


@dataclass
class ParamTypes:
    """Annotations for request positions over one API's definitions."""

    definitions: dict[str, ir.Definition]
    needed: dict[str, None] = field(default_factory=dict)  # definitions with a `params` form, in order

    @classmethod
    def of(cls, spec: ir.ApiSpec) -> ParamTypes:
        return cls({d.name: d for d in spec.definitions})

    def annotation(self, expr: ir.TypeExpr, inside: bool = False) -> str:
        """The annotation of `expr` in a request position (`inside`: written in `params.py`)."""
        params = "" if inside else "params."
        if isinstance(expr, ir.Ref):
            found = self.definitions.get(expr.name)
            plain = f"models.{expr.name}"
            if isinstance(found, ir.Enum):
                return f"{plain} | Literal[{', '.join(literal(m.value) for m in found.members)}]"
            if isinstance(found, ir.Model) or (isinstance(found, ir.Alias) and self._widens(found.target, set())):
                self.needed.setdefault(expr.name)
                return f"{plain} | {params}{expr.name}Param" if isinstance(found, ir.Model) else f"{params}{expr.name}Param"
            return plain
        if isinstance(expr, ir.ListOf):
            item = self.annotation(expr.item, inside)
            return f"Sequence[{item}]" if item != annotation(expr.item, "models.") else f"list[{item}]"
        if isinstance(expr, ir.MapOf):
            value = self.annotation(expr.value, inside)
            return f"Mapping[str, {value}]" if value != annotation(expr.value, "models.") else f"dict[str, {value}]"
        if isinstance(expr, ir.UnionOf):
            texts = [self.annotation(v, inside) for v in expr.variants if v != ir.NONE]
            return " | ".join(texts + (["None"] if ir.NONE in expr.variants else []))
        if isinstance(expr, ir.TupleOf):
            return "tuple[" + ", ".join(self.annotation(i, inside) for i in expr.items) + "]"
        return annotation(expr, "models.")

    def _widens(self, expr: ir.TypeExpr, seen: set[str]) -> bool:
        """The request form of `expr` accepts more than its model type (it mentions a model or enum)."""
        if isinstance(expr, ir.Ref):
            found = self.definitions.get(expr.name)
            if isinstance(found, (ir.Model, ir.Enum)):
                return True
            if isinstance(found, ir.Alias) and expr.name not in seen:
                return self._widens(found.target, seen | {expr.name})
            return False
        if isinstance(expr, (ir.ListOf, ir.MapOf)):
            return self._widens(expr.item if isinstance(expr, ir.ListOf) else expr.value, seen)
        if isinstance(expr, (ir.UnionOf, ir.TupleOf)):
            children = expr.variants if isinstance(expr, ir.UnionOf) else expr.items
            return any(self._widens(c, seen) for c in children)
        return False

    def module_view(self) -> ParamsView:
        """Every TypedDict and alias the annotations so far mention, and those they mention."""
        typed_dicts: list[TypedDictView] = []
        aliases: list[tuple[str, str]] = []
        done: set[str] = set()
        while pending := [n for n in self.needed if n not in done]:
            for name in pending:
                done.add(name)
                found = self.definitions[name]
                if isinstance(found, ir.Model):
                    typed_dicts.append(self._typed_dict(found))
                elif isinstance(found, ir.Alias):
                    aliases.append((f"{name}Param", literal(self.annotation(found.target, inside=True))))
        return ParamsView(typed_dicts, aliases)

    def _typed_dict(self, model: ir.Model) -> TypedDictView:
        fields = [f for f in model.fields if not f.read_only]
        keys = []
        for f in fields:
            text = self.annotation(f.type, inside=True)
            keys.append((f.wire, f"Required[{text}]" if f.required else text))
        functional = not all(wire.isidentifier() and not iskeyword(wire) for wire, _ in keys)
        shown = [(literal(wire), literal(text)) if functional else (wire, text) for wire, text in keys]
        doc = f"`models.{model.name}` as a plain dict (its wire names as keys)."
        return TypedDictView(f"{model.name}Param", docstring(doc), shown, functional)
