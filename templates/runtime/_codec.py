"""Converting between JSON values and this package's types.

`decode(tp, data)` and `encode(value)` work for every generated type: models (dataclasses
with wire names in their field metadata), open enums, unions, lists, maps, tuples, literals,
date-times and primitives. Rules that make examples round-trip exactly:

- an absent field decodes to `UNSET` and stays absent; a null stays null;
- a date-time re-encodes with its original spelling (`...Z` stays `...Z`);
- properties the spec does not know are kept in `additional_properties` and re-encoded;
- an enum value the spec does not know decodes to a pseudo-member with `is_known == False`;
- what does not fit its type is kept as received (a field's value, a list item, a whole
  body), and a required field that is absent is `UNSET`: servers and their documented
  examples do not always follow their schemas, and a call should not fail for that.
  `decode(..., strict=True)` (and the clients' `strict_responses=True`) raises
  `DecodeError` instead, naming the place.

Unions are decided by the data, never by "the first variant that does not fail": a
discriminator property picks the variant when the spec names one; otherwise the variant
whose JSON kind matches, and among models the one whose required properties are all present,
whose constant (`Literal`) properties hold the given values, whose given properties' values
fit their types (checked the same way, recursively), and that knows the most of the given
properties (ties go to the earlier variant).

Field metadata carries what the spec says about direction and deprecation: `read_only`
fields are never required and are left out when a model is sent as a request body
(`encode_request`); `write_only` fields are never required; setting a `deprecated` field
when building a model warns with `DeprecationWarning` (decoding a response does not).
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as _dt
import enum
import functools
import re
import reprlib
import sys
import types
import typing
import warnings
from typing import IO, Any, Final, Literal, Mapping, TypeVar, Union

T = TypeVar("T")
FileContent = Union[bytes, IO[bytes], tuple[Union[str, None], Union[bytes, IO[bytes]], Union[str, None]]]
"""A file part of a multipart body: bytes, a binary file object, or (filename, content, content_type)."""
_DECODING: contextvars.ContextVar[bool] = contextvars.ContextVar("_DECODING", default=False)
_FOR_REQUEST: contextvars.ContextVar[bool] = contextvars.ContextVar("_FOR_REQUEST", default=False)
_STRICT: contextvars.ContextVar[bool] = contextvars.ContextVar("_STRICT", default=False)


class Unset:
    """The type of `UNSET`: a field or argument that was not given (absent on the wire)."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: object) -> Unset:
        return self


UNSET: Final = Unset()


class DecodeError(ValueError):
    """Data that does not fit the type it should decode to; `path` says where."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path or "$"
        super().__init__(f"{self.path}: {message}")


@dataclasses.dataclass(frozen=True)
class Discriminator:
    """Union metadata: the property whose value names the variant (wire value -> class name)."""

    property: str
    mapping: tuple[tuple[str, str], ...]

    def variant(self, value: object) -> str | None:
        """The class name for a discriminator value, if mapped."""
        return next((name for wire, name in self.mapping if wire == str(value)), None)


class OpenStrEnum(str, enum.Enum):
    """A string enum that accepts values added to the API after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this client was generated."""
        return any(member is self for member in type(self).__members__.values())

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, enum.Enum):
    """An integer enum that accepts values added to the API after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"VALUE_{value}"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this client was generated."""
        return any(member is self for member in type(self).__members__.values())


class WireDateTime(_dt.datetime):
    """A datetime that remembers its wire spelling, so that it re-encodes unchanged."""

    wire: str

    def __repr__(self) -> str:
        """As a plain datetime shows itself: `datetime.datetime(2024, 5, 1, 0, 0, tzinfo=...)`."""
        plain = _dt.datetime(*self.timetuple()[:6], self.microsecond, self.tzinfo, fold=self.fold)
        return repr(plain)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (parse_datetime, (self.wire,))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[str]]:
        return self.__reduce__()


_DATETIME = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(?:([Zz])|([+-])(\d\d):?(\d\d)?)?$"
)


def parse_datetime(text: str) -> _dt.datetime:
    """Parse an RFC 3339 / ISO 8601 date-time (also on Python 3.10, where `Z` is new)."""
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
    value = WireDateTime(
        int(year), int(month), int(day), int(hour), int(minute), min(int(second or 0), 59), micro, tz
    )
    value.wire = text
    return value


M = TypeVar("M", bound="Model")


class Model:
    """Base of every generated model: `from_dict` and `to_dict` over `decode`/`encode`."""

    def __post_init__(self) -> None:
        if _DECODING.get():
            return
        cls: type = type(self)
        for f in _model_info(cls).fields:
            if f.deprecated and not isinstance(getattr(self, f.name), Unset):
                message = f"{type(self).__name__}.{f.name} is deprecated by the API"
                warnings.warn(message, DeprecationWarning, stacklevel=3)

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        """A dataclass's repr of what was received: no `UNSET` fields, no empty extras.

        Models are generated with `repr=False`, so that this one is used.
        """
        shown: list[str] = []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, Unset) or (f.metadata.get("extra") and not value):
                continue
            shown.append(f"{f.name}={value!r}")
        return f"{type(self).__qualname__}({', '.join(shown)})"

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:
        """Decode this model from JSON data (unknown properties are kept)."""
        result: M = decode(cls, data)
        return result

    def to_dict(self) -> dict[str, Any]:
        """Encode this model as JSON data (absent fields stay absent)."""
        result: dict[str, Any] = encode(self)
        return result


# -- type inspection -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _FieldInfo:
    name: str
    wire: str
    type: Any
    required: bool
    read_only: bool = False
    deprecated: bool = False


@dataclasses.dataclass(frozen=True)
class _ModelInfo:
    fields: tuple[_FieldInfo, ...]
    extra_field: str | None
    extra_type: Any
    namespace: Mapping[str, Any]

    @functools.cached_property
    def by_wire(self) -> Mapping[str, _FieldInfo]:
        return {f.wire: f for f in self.fields}


@functools.lru_cache(maxsize=None)
def _model_info(cls: type) -> _ModelInfo:
    namespace = vars(sys.modules[cls.__module__])
    hints = typing.get_type_hints(cls, globalns=dict(namespace), include_extras=True)
    fields: list[_FieldInfo] = []
    extra_field: str | None = None
    extra_type: Any = Any
    for f in dataclasses.fields(cls):
        if f.metadata.get("extra"):
            extra_field = f.name
            extra_type = typing.get_args(hints[f.name])[1]
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        wire = f.metadata.get("wire", f.name)
        flags = bool(f.metadata.get("read_only")), bool(f.metadata.get("deprecated"))
        fields.append(_FieldInfo(f.name, wire, hints[f.name], required, *flags))
    return _ModelInfo(tuple(fields), extra_field, extra_type, namespace)


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return typing.get_args(tp)
    return None


def _resolve(tp: Any, namespace: Mapping[str, Any]) -> Any:
    if isinstance(tp, str):
        tp = typing.ForwardRef(tp)
    if isinstance(tp, typing.ForwardRef):
        return eval(tp.__forward_arg__, dict(namespace))  # noqa: S307 - names of this package
    return tp


# -- decoding ----------------------------------------------------------------------------------


def decode(
    tp: Any, data: Any, *, namespace: Mapping[str, Any] | None = None, path: str = "$", strict: bool | None = None
) -> Any:
    """Decode a JSON value into `tp`.

    What does not fit is kept as received, at the deepest place it occurs (one field, one
    item); with `strict=True` a `DecodeError` says where instead. `strict=None` keeps the
    mode of the decode this one is part of (tolerant at the top).
    """
    if strict is not None:
        token = _STRICT.set(strict)
        try:
            return decode(tp, data, namespace=namespace, path=path)
        finally:
            _STRICT.reset(token)
    try:
        return _decode(tp, data, namespace if namespace is not None else {}, path)
    except DecodeError:
        if _STRICT.get():
            raise
        return data


def _decode(tp: Any, data: Any, ns: Mapping[str, Any], path: str) -> Any:
    tp = _resolve(tp, ns)
    if tp is Any or tp is object:
        return data
    if tp is None or tp is type(None):
        if data is not None:
            raise DecodeError(path, f"expected null, got {_kind(data)}")
        return None
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(tp)
        disc = next((e for e in extras if isinstance(e, Discriminator)), None)
        return _decode_union(base, data, ns, path, disc) if disc else decode(base, data, namespace=ns, path=path)
    if _union_args(tp) is not None:
        return _decode_union(tp, data, ns, path, None)
    if origin is Literal:
        if not any(data == a and type(data) is type(a) for a in typing.get_args(tp)):
            raise DecodeError(path, f"expected one of {typing.get_args(tp)!r}, got {data!r}")
        return data
    if origin in (list, tuple, dict):
        return _decode_container(tp, origin, data, ns, path)
    if isinstance(tp, type):
        return _decode_class(tp, data, ns, path)
    raise DecodeError(path, f"cannot decode into {tp!r}")


def _decode_container(tp: Any, origin: Any, data: Any, ns: Mapping[str, Any], path: str) -> Any:
    args = typing.get_args(tp)
    if origin is dict:
        if not isinstance(data, dict):
            raise DecodeError(path, f"expected an object, got {_kind(data)}")
        value_tp = args[1] if len(args) == 2 else Any
        return {k: decode(value_tp, v, namespace=ns, path=f"{path}.{k}") for k, v in data.items()}
    if not isinstance(data, list):
        raise DecodeError(path, f"expected an array, got {_kind(data)}")
    if origin is list:
        item = args[0] if args else Any
        return [decode(item, v, namespace=ns, path=f"{path}[{i}]") for i, v in enumerate(data)]
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(decode(args[0], v, namespace=ns, path=f"{path}[{i}]") for i, v in enumerate(data))
    if len(args) != len(data):
        raise DecodeError(path, f"expected {len(args)} items, got {len(data)}")
    return tuple(decode(a, v, namespace=ns, path=f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, data)))


def _decode_class(tp: type, data: Any, ns: Mapping[str, Any], path: str) -> Any:
    if dataclasses.is_dataclass(tp):
        return _decode_model(tp, data, path)
    if issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise DecodeError(path, f"{data!r} is not a valid {tp.__name__}") from None
    if issubclass(tp, _dt.datetime):
        if not isinstance(data, str):
            raise DecodeError(path, f"expected a date-time string, got {_kind(data)}")
        try:
            return parse_datetime(data)
        except ValueError as exc:
            raise DecodeError(path, str(exc)) from None
    if issubclass(tp, _dt.date):
        try:
            return _dt.date.fromisoformat(data) if isinstance(data, str) else _fail(path, "date", data)
        except ValueError as exc:
            raise DecodeError(path, str(exc)) from None
    if tp is bool:
        return data if isinstance(data, bool) else _fail(path, "boolean", data)
    if tp is int:
        return data if isinstance(data, int) and not isinstance(data, bool) else _fail(path, "integer", data)
    if tp is float:
        ok = isinstance(data, (int, float)) and not isinstance(data, bool)
        return data if ok else _fail(path, "number", data)
    if tp is str:
        return data if isinstance(data, str) else _fail(path, "string", data)
    if tp is bytes:
        return data if isinstance(data, bytes) else _fail(path, "bytes", data)
    raise DecodeError(path, f"cannot decode into {tp!r}")


def _fail(path: str, expected: str, data: Any) -> Any:
    raise DecodeError(path, f"expected {expected}, got {_kind(data)}")


def _kind(data: Any) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "boolean"
    if isinstance(data, (int, float)):
        return "number"
    if isinstance(data, str):
        return "string"
    if isinstance(data, list):
        return "array"
    if isinstance(data, dict):
        return "object"
    return type(data).__name__


def _decode_model(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise DecodeError(path, f"expected an object for {cls.__name__}, got {_kind(data)}")
    info = _model_info(cls)
    values: dict[str, Any] = {}
    for f in info.fields:
        if f.wire in data:
            values[f.name] = decode(f.type, data[f.wire], namespace=info.namespace, path=f"{path}.{f.wire}")
        elif f.required:
            if _STRICT.get():
                raise DecodeError(path, f"{cls.__name__} requires {f.wire!r}")
            values[f.name] = UNSET  # absent on the wire, so it stays absent when re-encoded
    if info.extra_field is not None:
        values[info.extra_field] = {
            k: decode(info.extra_type, v, namespace=info.namespace, path=f"{path}.{k}")
            for k, v in data.items()
            if k not in info.by_wire
        }
    token = _DECODING.set(True)
    try:
        return cls(**values)
    finally:
        _DECODING.reset(token)


def _decode_union(tp: Any, data: Any, ns: Mapping[str, Any], path: str, disc: Discriminator | None) -> Any:
    variants = [_resolve(v, ns) for v in (_union_args(tp) or (tp,)) if v is not Unset]
    if len(variants) == 1 and disc is None:
        return decode(variants[0], data, namespace=ns, path=path)
    if data is None and (type(None) in variants or None in variants):
        return None
    if disc is not None and isinstance(data, dict) and disc.property in data:
        name = disc.variant(data[disc.property])
        if name is not None:
            return decode(_resolve(name, ns), data, namespace=ns, path=path)
    ranked = sorted(
        ((score, index, v) for index, v in enumerate(variants) if (score := _fit(v, data, ns)) > 0),
        key=lambda item: (-item[0], item[1]),
    )
    if not ranked:
        raise DecodeError(path, f"{_kind(data)} matches none of the variants of {tp!r}")
    return decode(ranked[0][2], data, namespace=ns, path=path)


def _literal_values(tp: Any) -> tuple[Any, ...] | None:
    """The values a `Literal[...]` field allows (ignoring `Unset`/`None`), else None."""
    options = [a for a in (_union_args(tp) or (tp,)) if a is not Unset and a is not type(None)]
    if len(options) == 1 and typing.get_origin(options[0]) is Literal:
        return typing.get_args(options[0])
    return None


def _fit(tp: Any, data: Any, ns: Mapping[str, Any]) -> int:
    """How well data fits a variant: 0 is not at all; higher is more specific."""
    tp = _resolve(tp, ns)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _fit(typing.get_args(tp)[0], data, ns)
    if (inner := _union_args(tp)) is not None:
        return max((_fit(v, data, ns) for v in inner), default=0)
    if tp is Any or tp is object:
        return 1
    if tp is None or tp is type(None):
        return 1 if data is None else 0
    if origin is Literal:
        return 1000 if data in typing.get_args(tp) else 0
    if origin is dict:
        args = typing.get_args(tp)
        values = args[1] if len(args) == 2 else Any
        return 2 if isinstance(data, dict) and all(_fit(values, v, ns) for v in data.values()) else 0
    if origin is list:
        item = (typing.get_args(tp) or (Any,))[0]
        return 2 if isinstance(data, list) and all(_fit(item, v, ns) for v in data) else 0
    if origin is tuple:
        return 2 if isinstance(data, list) else 0
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            return 0
        info = _model_info(tp)
        if any(f.required and f.wire not in data for f in info.fields):
            return 0
        score = 3 + sum(1 for k in data if k in info.by_wire)
        for f in info.fields:
            allowed = _literal_values(f.type)
            if allowed is not None and data.get(f.wire) is None and _fit(f.type, None, info.namespace):
                allowed = None  # null, which a nullable `Literal` field allows
            if allowed is not None and f.wire in data:
                if data[f.wire] not in allowed:
                    return 0
                score += 100
            elif f.wire in data and _fit(f.type, data[f.wire], info.namespace) == 0:
                return 0  # a given property whose value does not fit rules the variant out
        return score
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        # only scalars can be enum values (an object or list would not even be hashable)
        known = isinstance(data, (str, int, float)) and data in {m.value for m in tp}
        return 10 if known else (2 if isinstance(data, (str, int)) and not isinstance(data, bool) else 0)
    try:
        _decode_class(tp, data, ns, "") if isinstance(tp, type) else None
    except DecodeError:
        return 0
    return 5 if tp is not float or not isinstance(data, int) else 4


# -- encoding -----------------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """Encode a value of any generated type back into JSON data."""
    if value is None or isinstance(value, (bool, str, int, float)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, WireDateTime) and hasattr(value, "wire"):
        return value.wire
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encode_model(value)
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, bytes) or hasattr(value, "read"):  # file contents go to multipart bodies as they are
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items() if not isinstance(v, Unset)}
    if isinstance(value, Unset):
        raise TypeError("UNSET has no JSON value")
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def encode_request(value: Any) -> Any:
    """Like `encode`, for a request body: read-only fields (the server's to set) are left out."""
    token = _FOR_REQUEST.set(True)
    try:
        return encode(value)
    finally:
        _FOR_REQUEST.reset(token)


def _encode_model(value: Any) -> dict[str, Any]:
    info = _model_info(value.__class__)
    out: dict[str, Any] = {}
    skip_read_only = _FOR_REQUEST.get()
    for f in info.fields:
        if skip_read_only and f.read_only:
            continue
        item = getattr(value, f.name)
        if not isinstance(item, Unset):
            out[f.wire] = encode(item)
    if info.extra_field is not None:
        for key, item in getattr(value, info.extra_field).items():
            if key not in out:
                out[key] = encode(item)
    return out
