"""Decoding a JSON value into its generated type and encoding it back, compared with the value.

The generated type comes from the package's `_index.json`: component schemas by pointer,
request bodies and responses by operation, status and media type (types are expressions
over the models module). Nested examples are reached by stepping through model fields
(by wire name), list items, map values and tuple positions; where several variants of a union
have the property, into the union of their types. The comparison treats
date-times as instants and `1 == 1.0`.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import typing
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal, Optional, Union

from corpus.examples import Example, Step, Target


class NoType(Exception):
    """The example's location has no generated type to decode into (reported as skipped):
    binary content, a value below a free-form (`Any`) type, no operation to tie it to."""


class NotGenerated(NoType):
    """The spec documents a type there but the client lacks it: a generator loss (a failure)."""


@dataclass
class Package:
    """An imported generated package and its index."""

    module: ModuleType
    index: dict[str, Any]
    _names: dict[str, Any] = dataclasses.field(default_factory=dict)

    def _namespace(self) -> dict[str, Any]:
        if not self._names:
            models = importlib.import_module(f"{self.module.__name__}.models")
            extras = {"Union": Union, "Optional": Optional, "Literal": Literal, "Any": Any, "datetime": datetime}
            defined = {name: getattr(models, name) for name in models.__all__}  # loads each module
            self._names.update({**extras, **vars(models), **defined})
        return self._names

    def evaluate(self, expression: str) -> Any:
        """A type expression of the index, evaluated over the models module."""
        return eval(expression, self._namespace())  # noqa: S307 - our own generated names

    def dotted(self, path: str) -> Any:
        """The object a dotted path of the index names."""
        module, _, name = path.rpartition(".")
        return getattr(importlib.import_module(module), name)

    def operation(self, method: str, path: str) -> dict[str, Any]:
        for op in self.index["operations"]:
            if op["method"] == method and op["path"] == path:
                return dict(op)
        raise NotGenerated(f"operation {method} {path} was not generated")

    def target_type(self, target: Target) -> Any:
        """The generated type of a component schema, request body or response."""
        if target[0] == "schema":
            dotted = self.index.get("component_schemas", {}).get(target[1])
            if dotted is None:
                raise NotGenerated(f"schema {target[1]} was not generated")
            return self.dotted(dotted)
        if target[0] == "request":
            _, method, path, media = target  # type: ignore[misc]
            op = self.operation(method, path)
            body = op.get("request")
            if body is None:
                raise NotGenerated(f"{method} {path} has no generated request body")
            options = op.get("requests") or {body["content_type"]: body["type"]}
            chosen = next((c for c in options if media is not None and _same_media(c, media)), next(iter(options)))
            return self._media(options[chosen], chosen, media)
        if target[0] == "response":
            _, method, path, status, media = target  # type: ignore[misc]
            types = self.operation(method, path).get("response_types", {}).get(status)
            if not types:
                raise NotGenerated(f"{method} {path} has no generated response {status}")
            chosen = next((c for c in types if media is not None and _same_media(c, media)), next(iter(types)))
            return self._media(types[chosen], chosen, media)
        raise NoType(f"no operation to tie the example to ({target[1]})")

    def _media(self, expression: str, generated: str, documented: str | None) -> Any:
        if documented is not None and not _same_media(documented, generated):
            raise NotGenerated(f"media type {documented} is not generated (the client uses {generated})")
        tp = self.evaluate(expression)
        if tp is bytes:
            raise NoType(f"{generated} is binary, not a JSON value")
        if tp is type(None) or tp is None:
            raise NotGenerated(f"{generated} has no generated body type")
        return tp

    def step(self, tp: Any, step: Step) -> Any:
        """The type one schema step below `tp` (a property, an item, ...)."""
        if step[0] == "same":
            return tp
        found: list[Any] = []
        for option in _options(tp):
            below = self._step_one(option, step)
            if below is not None and below not in found:
                found.append(below)
        if not found and any(option is Any for option in _options(tp)):
            raise NoType(f"cannot step {step} into {tp!r}")  # below a free-form value: no type
        if not found:
            raise NotGenerated(f"cannot step {step} into {tp!r}")
        # Several union variants have this property (the walk does not know which variant the
        # example's schema is): the value must decode into one of their types.
        return found[0] if len(found) == 1 else Union[tuple(found)]

    def _step_one(self, tp: Any, step: Step) -> Any:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if dataclasses.is_dataclass(tp):
            info = self.module._codec._model_info(tp)
            if step[0] == "properties":
                field = info.by_wire.get(step[1])
                return field.type if field is not None else None
            if step[0] == "additionalProperties" and info.extra_field is not None:
                return info.extra_type
            return None
        if step[0] == "items" and origin is list:
            return args[0]
        if step[0] == "items" and origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        if step[0] == "prefixItems" and origin is tuple and int(step[1]) < len(args):
            return args[int(step[1])]
        if step[0] == "additionalProperties" and origin is dict:
            return args[1]
        return None

    def type_of(self, example: Example) -> Any:
        """The generated type an example must decode into."""
        tp = self.target_type(example.target)
        for step in example.steps:
            tp = self.step(tp, step)
        return tp

    def round_trip(self, tp: Any, value: Any, strict: bool = True) -> str | None:
        """None when `value` decodes into `tp` and encodes back to the same JSON; else what failed.

        Strict by default: the value must fit its type. `strict=False` is the client's own
        tolerant decoding (what does not fit is kept as received).
        """
        if value is None and not _accepts_none(tp):
            tp = Optional[tp]
        try:
            decoded = self.module.decode(tp, value, strict=strict)
        except Exception as exc:  # noqa: BLE001 - reported, the harness goes on
            return f"decode failed: {type(exc).__name__}: {exc}"
        try:
            encoded = self.module.encode(decoded)
        except Exception as exc:  # noqa: BLE001
            return f"encode failed: {type(exc).__name__}: {exc}"
        difference = first_difference(value, encoded)
        return None if difference is None else f"round trip differs at {difference}"


def _same_media(a: str, b: str) -> bool:
    return a.split(";")[0].strip().lower() == b.split(";")[0].strip().lower()


def _options(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _options(typing.get_args(tp)[0])
    if origin is Union or type(tp).__name__ == "UnionType":
        return [o for arg in typing.get_args(tp) for o in _options(arg)]
    return [tp]


def _accepts_none(tp: Any) -> bool:
    return tp is Any or any(o is type(None) or o is None or o is Any for o in _options(tp))


def _instant(text: str) -> datetime.datetime | None:
    if len(text) < 16 or not text[:4].isdigit() or text[4] != "-" or text[10] not in "Tt ":
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def first_difference(expected: Any, actual: Any, path: str = "$") -> str | None:
    """Where two JSON values differ (None if equal; date-times as instants, 1 == 1.0)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        if set(expected) != set(actual):
            missing = sorted(set(expected) - set(actual))
            added = sorted(set(actual) - set(expected))
            return f"{path}: keys missing {missing}, added {added}"
        for key in expected:
            found = first_difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, (list, tuple)):
        if len(expected) != len(actual):
            return f"{path}: {len(expected)} items became {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = first_difference(e, a, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        e, a = _instant(expected), _instant(actual)
        if e is not None and a is not None and (e.tzinfo is None) == (a.tzinfo is None) and e == a:
            return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = type(expected) is type(actual) and expected == actual
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        same = expected == actual
    else:
        same = type(expected) is type(actual) and expected == actual
    return None if same else f"{path}: {expected!r} became {actual!r}"
