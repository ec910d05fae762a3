"""The decoder the runtime had before its coders were compiled: a plain interpreter over the
types, kept as the reference the compiled coders must agree with (`test_codec_reference.py`),
and the encoder its compiled encoders must agree with.

It reads a type on every call and scores every union variant (`fit`), exactly as the rules
in the runtime's `_codec` docstring say, with no fast path. It works on one generated
package: its `_codec` module gives the classes (`UNSET`, `DecodeError`, ...) and field info.
Encoding goes by the class of each value, whatever the field declares, with one exception the
runtime documents: a list in a field declared as a list of primitives is the model's own list.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import re
import typing
from types import ModuleType
from typing import Any, Literal, Mapping


class ReferenceCodec:
    """`decode(tp, data, strict=...)` of one generated package, the interpreted way."""

    def __init__(self, codec: ModuleType, namespace: Mapping[str, Any]) -> None:
        self.c = codec
        self.namespace = namespace
        self.strict = False

    def decode(self, tp: Any, data: Any, *, strict: bool = False) -> Any:
        self.strict = strict
        return self._tolerant(tp, data, self.namespace, "$")

    def _tolerant(self, tp: Any, data: Any, ns: Mapping[str, Any], path: str) -> Any:
        try:
            return self._decode(tp, data, ns, path)
        except self.c.DecodeError:
            if self.strict:
                raise
            return data

    def _decode(self, tp: Any, data: Any, ns: Mapping[str, Any], path: str) -> Any:
        c = self.c
        tp = c._resolve(tp, ns)
        if tp is Any or tp is object:
            return data
        if tp is None or tp is type(None):
            if data is not None:
                raise c.DecodeError(path, f"expected null, got {c._kind(data)}")
            return None
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *extras = typing.get_args(tp)
            disc = next((e for e in extras if isinstance(e, c.Discriminator)), None)
            return self._union(base, data, ns, path, disc) if disc else self._tolerant(base, data, ns, path)
        if c._union_args(tp) is not None:
            return self._union(tp, data, ns, path, None)
        if origin is Literal:
            if not any(data == a and type(data) is type(a) for a in typing.get_args(tp)):
                raise c.DecodeError(path, f"expected one of {typing.get_args(tp)!r}, got {data!r}")
            return data
        if origin in (list, tuple, dict):
            return self._container(tp, origin, data, ns, path)
        if isinstance(tp, type):
            return self._class(tp, data, ns, path)
        raise c.DecodeError(path, f"cannot decode into {tp!r}")

    def _container(self, tp: Any, origin: Any, data: Any, ns: Mapping[str, Any], path: str) -> Any:
        c, args = self.c, typing.get_args(tp)
        if origin is dict:
            if not isinstance(data, dict):
                raise c.DecodeError(path, f"expected an object, got {c._kind(data)}")
            value_tp = args[1] if len(args) == 2 else Any
            return {k: self._tolerant(value_tp, v, ns, f"{path}.{k}") for k, v in data.items()}
        if not isinstance(data, list):
            raise c.DecodeError(path, f"expected an array, got {c._kind(data)}")
        if origin is list:
            item = args[0] if args else Any
            return [self._tolerant(item, v, ns, f"{path}[{i}]") for i, v in enumerate(data)]
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(self._tolerant(args[0], v, ns, f"{path}[{i}]") for i, v in enumerate(data))
        if len(args) != len(data):
            raise c.DecodeError(path, f"expected {len(args)} items, got {len(data)}")
        return tuple(self._tolerant(a, v, ns, f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, data)))

    def _class(self, tp: type, data: Any, ns: Mapping[str, Any], path: str) -> Any:
        c = self.c
        if dataclasses.is_dataclass(tp):
            return self._model(tp, data, path)
        if issubclass(tp, enum.Enum):
            try:
                return tp(data)
            except ValueError:
                raise c.DecodeError(path, f"{data!r} is not a valid {tp.__name__}") from None
        if issubclass(tp, _dt.datetime):
            if not isinstance(data, str):
                raise c.DecodeError(path, f"expected a date-time string, got {c._kind(data)}")
            try:
                return c.parse_datetime(data)
            except ValueError as exc:
                raise c.DecodeError(path, str(exc)) from None
        if issubclass(tp, _dt.date):
            try:
                return _dt.date.fromisoformat(data) if isinstance(data, str) else c._fail(path, "date", data)
            except ValueError as exc:
                raise c.DecodeError(path, str(exc)) from None
        checks = {bool: (bool,), int: (int,), float: (int, float), str: (str,), bytes: (bytes,)}
        names = {bool: "boolean", int: "integer", float: "number", str: "string", bytes: "bytes"}
        if tp in checks:
            ok = isinstance(data, checks[tp]) and (tp is bool or not isinstance(data, bool))
            return data if ok else c._fail(path, names[tp], data)
        raise c.DecodeError(path, f"cannot decode into {tp!r}")

    def _model(self, cls: type, data: Any, path: str) -> Any:
        c = self.c
        if not isinstance(data, dict):
            raise c.DecodeError(path, f"expected an object for {cls.__name__}, got {c._kind(data)}")
        info = c._model_info(cls)
        values: dict[str, Any] = {}
        for f in info.fields:
            if f.wire in data:
                values[f.name] = self._tolerant(f.type, data[f.wire], info.namespace, f"{path}.{f.wire}")
            elif f.required:
                if self.strict:
                    raise c.DecodeError(path, f"{cls.__name__} requires {f.wire!r}")
                values[f.name] = c.UNSET
        if info.extra_field is not None:
            values[info.extra_field] = {
                k: self._tolerant(info.extra_type, v, info.namespace, f"{path}.{k}")
                for k, v in data.items()
                if k not in info.by_wire
            }
        made = object.__new__(cls)  # as `cls(**values)`, without the deprecation warnings
        for f in dataclasses.fields(cls):
            if f.name in values:
                value = values[f.name]
            else:
                value = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            setattr(made, f.name, value)
        return made

    def _union(self, tp: Any, data: Any, ns: Mapping[str, Any], path: str, disc: Any) -> Any:
        c = self.c
        variants = [c._resolve(v, ns) for v in (c._union_args(tp) or (tp,)) if v is not c.Unset]
        if len(variants) == 1 and disc is None:
            return self._tolerant(variants[0], data, ns, path)
        if data is None and (type(None) in variants or None in variants):
            return None
        if disc is not None and isinstance(data, dict) and disc.property in data:
            name = disc.variant(data[disc.property])
            if name is not None:
                return self._tolerant(c._resolve(name, ns), data, ns, path)
        ranked = sorted(
            ((score, index, v) for index, v in enumerate(variants) if (score := self.fit(v, data, ns)) > 0),
            key=lambda item: (-item[0], item[1]),
        )
        if not ranked:
            raise c.DecodeError(path, f"{c._kind(data)} matches none of the variants of {tp!r}")
        return self._tolerant(ranked[0][2], data, ns, path)

    def fit(self, tp: Any, data: Any, ns: Mapping[str, Any]) -> int:
        """How well data fits a variant: 0 is not at all; higher is more specific."""
        c = self.c
        tp = c._resolve(tp, ns)
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return self.fit(typing.get_args(tp)[0], data, ns)
        if (inner := c._union_args(tp)) is not None:
            return max((self.fit(v, data, ns) for v in inner), default=0)
        if tp is Any or tp is object:
            return 1
        if tp is None or tp is type(None):
            return 1 if data is None else 0
        if origin is Literal:
            return 1000 if data in typing.get_args(tp) else 0
        if origin is dict:
            args = typing.get_args(tp)
            values = args[1] if len(args) == 2 else Any
            return 2 if isinstance(data, dict) and all(self.fit(values, v, ns) for v in data.values()) else 0
        if origin is list:
            item = (typing.get_args(tp) or (Any,))[0]
            return 2 if isinstance(data, list) and all(self.fit(item, v, ns) for v in data) else 0
        if origin is tuple:
            return 2 if isinstance(data, list) else 0
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self._fit_model(tp, data)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            known = isinstance(data, (str, int, float)) and data in {m.value for m in tp}
            return 10 if known else (2 if isinstance(data, (str, int)) and not isinstance(data, bool) else 0)
        try:
            self._class(tp, data, ns, "") if isinstance(tp, type) else None
        except c.DecodeError:
            return 0
        return 5 if tp is not float or not isinstance(data, int) else 4

    def _fit_model(self, tp: type, data: Any) -> int:
        if not isinstance(data, dict):
            return 0
        info = self.c._model_info(tp)
        if any(f.required and f.wire not in data for f in info.fields):
            return 0
        score = 3 + sum(1 for k in data if k in info.by_wire)
        for f in info.fields:
            allowed = self.c._literal_values(f.type)
            if allowed is not None and data.get(f.wire) is None and self.fit(f.type, None, info.namespace):
                allowed = None  # null, which a nullable `Literal` field allows
            if allowed is not None and f.wire in data:
                if data[f.wire] not in allowed:
                    return 0
                score += 100
            elif f.wire in data and self.fit(f.type, data[f.wire], info.namespace) == 0:
                return 0
        return score

    def encode(self, value: Any, *, request: bool = False) -> Any:
        """`encode(value)` (`encode_request` with `request`), the interpreted way: raises
        `TypeError` for what has no JSON value."""
        c = self.c
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            info = c._model_info(type(value))
            out: dict[str, Any] = {}
            for f in info.fields:
                x = getattr(value, f.name)
                if isinstance(x, c.Unset) or (request and f.read_only):
                    continue
                shared = type(x) is list and self._primitive_list(f.type, info.namespace)
                out[f.wire] = x if shared else self.encode(x, request=request)
            extra = getattr(value, info.extra_field) if info.extra_field else {}
            for k, x in extra.items():
                if k not in out:
                    out[k] = self.encode(x, request=request)
            return out
        if isinstance(value, enum.Enum):
            return value._value_
        if value is None or isinstance(value, (bool, str, int, float, bytes)):
            return value
        if isinstance(value, c.WireDateTime) and hasattr(value, "wire"):
            return value.wire
        if isinstance(value, (_dt.datetime, _dt.date)):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [self.encode(v, request=request) for v in value]
        if isinstance(value, dict):
            return {str(k): self.encode(v, request=request) for k, v in value.items() if not isinstance(v, c.Unset)}
        raise TypeError(f"cannot encode {type(value).__name__}")

    def _primitive_list(self, tp: Any, ns: Mapping[str, Any]) -> bool:
        """A field declared as a list of `str`, `int`, `float` or `bool` (or that or null)."""
        c = self.c
        variants = [c._resolve(v, ns) for v in c._variants(c._resolve(tp, ns))]
        lists = [v for v in variants if v is not None and v is not type(None)]
        if len(lists) != 1 or typing.get_origin(lists[0]) is not list or not typing.get_args(lists[0]):
            return False
        return c._resolve(typing.get_args(lists[0])[0], ns) in (str, int, float, bool)


_DATETIME = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(?:([Zz])|([+-])(\d\d):?(\d\d)?)?$"
)


def reference_datetime(text: str) -> _dt.datetime:
    """The date-time the runtime's pattern reads (the runtime reads most through
    `fromisoformat` now): seconds past 59 are 59, digits past the sixth are dropped."""
    match = _DATETIME.match(text.strip())
    if not match:
        raise ValueError(f"not a date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, zulu, sign, tzh, tzm = match.groups()
    tz: _dt.tzinfo | None = None
    if zulu:
        tz = _dt.timezone.utc
    elif sign:
        offset = _dt.timedelta(hours=int(tzh), minutes=int(tzm or 0))
        tz = _dt.timezone(-offset if sign == "-" else offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    second_ = min(int(second or 0), 59)
    return _dt.datetime(int(year), int(month), int(day), int(hour), int(minute), second_, micro, tz)
