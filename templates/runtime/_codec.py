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

import dataclasses
import datetime as _dt
import enum
import functools
import itertools
import linecache
import re
import reprlib
import sys
import threading
import types
import typing
import warnings
from typing import IO, Any, Callable, Final, Literal, Mapping, TypeVar, Union

T = TypeVar("T")
FileContent = Union[
    bytes, IO[bytes], tuple[Union[str, None], Union[bytes, IO[bytes]], Union[str, None]]
]
"""A file part of a multipart body: bytes, a binary file object, or (filename, content, content_type)."""


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
        self.message = message
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

    __slots__ = ("wire",)
    wire: str

    def __repr__(self) -> str:
        """As a plain datetime shows itself: `datetime.datetime(2024, 5, 1, 0, 0, tzinfo=...)`."""
        plain = _dt.datetime(
            *self.timetuple()[:6], self.microsecond, self.tzinfo, fold=self.fold
        )
        return repr(plain)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (parse_datetime, (self.wire,))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[str]]:
        return self.__reduce__()


_DATETIME = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(?:([Zz])|([+-])(\d\d):?(\d\d)?)?$"
)


_FROM_ISO = sys.version_info >= (
    3,
    11,
)  # where `fromisoformat` reads every RFC 3339 date-time


def parse_datetime(text: str) -> _dt.datetime:
    """Parse an RFC 3339 / ISO 8601 date-time (also on Python 3.10, where `Z` is new)."""
    if _FROM_ISO and (
        (len(text) == 20 and text[4::3] == "--T::Z" and text.isascii())  # the usual one
        or _rfc3339_shaped(text)
    ):
        try:
            parsed = WireDateTime.fromisoformat(text)
        except ValueError:
            pass  # a leap second, say: read below as it always was
        else:
            parsed.wire = text
            return parsed
    match = _DATETIME.match(text.strip())
    if not match:
        raise ValueError(f"not a date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, zulu, sign, tzh, tzm = (
        match.groups()
    )
    tz: _dt.tzinfo | None = None
    if zulu:
        tz = _dt.timezone.utc
    elif sign:
        offset = _dt.timedelta(hours=int(tzh), minutes=int(tzm or 0))
        tz = _dt.timezone(-offset if sign == "-" else offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    value = WireDateTime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        min(int(second or 0), 59),
        micro,
        tz,
    )
    value.wire = text
    return value


def _rfc3339_shaped(text: str) -> bool:
    """`YYYY-MM-DDTHH:MM:SS[.f]` then `Z` or `+HH:MM`: where `fromisoformat` and the pattern
    above agree on the value (what `fromisoformat` refuses is then read by the pattern).
    """
    end = (
        len(text) - 1 if text[-1:] == "Z" else len(text) - 6
    )  # where the offset starts
    return (
        len(text) >= 20
        and text[4] == "-"
        and text[7] == "-"
        and text[10] == "T"
        and text[13] == ":"
        and text[16] == ":"
        and (text[-1] == "Z" or (text[-6] in "+-" and text[-3] == ":"))
        and text.isascii()
        and (
            end == 19
            or (text[19] == "." and 21 <= end <= 26 and text[20:end].isdigit())
        )
    )


M = TypeVar("M", bound="Model")


class Model:
    """Base of every generated model: `from_dict` and `to_dict` over compiled coders.

    Models are dataclasses with `__slots__` (`slots=True`): their fields are the only
    attributes an instance has (a misspelt one is an `AttributeError`), kept in the object
    itself, which makes decoding and encoding faster. A user's subclass may add others.
    """

    __slots__ = ()

    def __post_init__(self) -> None:
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
        decoder = _BY_CLASS[0].get(cls) or _model_coder(cls, 0)
        result: M = decoder(data)
        return result

    def to_dict(self) -> dict[str, Any]:
        """Encode this model as JSON data (absent fields stay absent)."""
        encoder = _ENCODERS.get(self.__class__) or _model_coder(type(self), _ENCODE)
        result: dict[str, Any] = encoder(self)
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


class _Lookup(Mapping[str, Any]):
    """The names a type expression is evaluated with: those of each namespace in turn, then
    what a namespace's lazy `__getattr__` (the `models` index) gives for a name not loaded yet.
    """

    def __init__(self, *namespaces: Mapping[str, Any]) -> None:
        self.namespaces = namespaces

    def __getitem__(self, name: str) -> Any:
        for namespace in self.namespaces:
            if name in namespace:
                return namespace[name]
        for namespace in self.namespaces:
            load = namespace.get("__getattr__")
            if callable(load):
                try:
                    return load(name)
                except AttributeError:
                    pass
        raise KeyError(name)

    def __iter__(self) -> typing.Iterator[str]:
        return iter({name for namespace in self.namespaces for name in namespace})

    def __len__(self) -> int:
        return len({name for namespace in self.namespaces for name in namespace})


@functools.lru_cache(maxsize=None)
def _model_info(cls: type) -> _ModelInfo:
    # the generated class's module names its fields' types, also for a user's subclass of it
    home = next(
        (c for c in cls.__mro__ if c.__module__.startswith(f"{__package__}.")), cls
    )
    own = vars(sys.modules[home.__module__])
    index = sys.modules.get(
        f"{__package__}.models"
    )  # where a model's module names the others
    namespace = _Lookup(own, vars(index)) if index is not None else _Lookup(own)
    hints = typing.get_type_hints(  # globals: each class's own module
        cls, localns=namespace, include_extras=True
    )
    fields: list[_FieldInfo] = []
    extra_field: str | None = None
    extra_type: Any = Any
    for f in dataclasses.fields(cls):
        if f.metadata.get("extra"):
            extra_field = f.name
            extra_type = typing.get_args(hints[f.name])[1]
            continue
        required = (
            f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        )
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
        names = namespace if isinstance(namespace, _Lookup) else _Lookup(namespace)
        return eval(tp.__forward_arg__, {}, names)  # noqa: S307 - names of this package
    return tp


# -- decoding and encoding ---------------------------------------------------------------------


def decode(
    tp: Any,
    data: Any,
    *,
    namespace: Mapping[str, Any] | None = None,
    path: str = "$",
    strict: bool | None = None,
) -> Any:
    """Decode a JSON value into `tp`.

    What does not fit is kept as received, at the deepest place it occurs (one field, one
    item); with `strict=True` a `DecodeError` says where instead (`path` names the value's
    own place). The decoder of a type is compiled on first use and kept (see "Compiled
    coders" below).
    """
    if not strict and tp.__class__ is type:  # a model's tolerant decoder, once made
        made = _BY_CLASS[0].get(tp)
        if made is not None:
            return made(data)
    decoder = _decoder(
        tp, _Names(namespace if namespace is not None else {}), bool(strict)
    )
    if decoder is None:
        return data  # tolerant, and the type keeps every JSON value as it is
    if not strict:
        return decoder(data)
    try:
        return decoder(data)
    except DecodeError as exc:
        if path == "$":
            raise
        raise DecodeError(path + exc.path[1:], exc.message) from None


def encode(value: Any) -> Any:
    """Encode a value of any generated type back into JSON data."""
    encoder = _ENCODERS.get(value.__class__)  # a model's, once made
    if encoder is not None:
        return encoder(value)
    return _encode(value, False)


def encode_request(value: Any) -> Any:
    """Like `encode`, for a request body: read-only fields (the server's to set) are left out."""
    return _encode(value, True)


def _encode(value: Any, request: bool) -> Any:
    cls = value.__class__
    if cls is str or cls is int or cls is float or cls is bool or value is None:
        return value
    coder = _BY_CLASS[_ENCODE + request].get(cls)
    if coder is not None:
        return coder(value)
    if cls is list:
        return [v if v.__class__ in _SCALARS else _encode(v, request) for v in value]
    return _encode_other(value, request)


def _encode_other(value: Any, request: bool) -> Any:
    if isinstance(value, (bool, str, int, float)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, enum.Enum):
        return value._value_
    if isinstance(value, WireDateTime) and hasattr(value, "wire"):
        return value.wire
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _model_coder(type(value), _ENCODE + request)(value)
    if isinstance(value, (list, tuple)):
        return [_encode(v, request) for v in value]
    if isinstance(value, bytes) or hasattr(
        value, "read"
    ):  # file contents go to multipart bodies as they are
        return value
    if isinstance(value, dict):
        return {
            str(k): _encode(v, request)
            for k, v in value.items()
            if not isinstance(v, Unset)
        }
    if isinstance(value, Unset):
        raise TypeError("UNSET has no JSON value")
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


# -- compiled coders ---------------------------------------------------------------------------
#
# A decoder turns the JSON value of one type into its Python value: `decoder(data) -> value`.
# Tolerant decoders never raise `DecodeError`: what does not fit is returned as received
# (`None` stands for a tolerant decoder that returns every value as it is: primitives,
# literals, `Any`). Strict ones raise `DecodeError` with a path relative to the value ("$.x").
# Models get Python source written per class and compiled once (registered with `linecache`,
# so tracebacks show it), kept on the class in `_codec_coders_`: tolerant decoder, strict
# decoder, encoder, request encoder. A union is decided by the JSON kind of the value first,
# then by its discriminator or a constant (`Literal`) property; a variant picked so is decoded
# strictly, and only when that fails, or when several variants remain, are the variants
# scored (`_fit`), so the result is always the one the rules in this module's docstring give.
#
# A model's source decodes the usual values of its fields in place, exactly as the field
# type's decoder would (`_ModelSource.shortcut`): a known enum value, a date-time of the usual
# shape, a model or a list of models (strictly, and so also `X | None`), a list of primitives
# checked item by item; a value the shortcut refuses goes to the field type's decoder. An
# object with exactly the properties the model knows is read by subscripts. A list of
# primitives (`list[int]`) whose items are of their declared class (any items, tolerantly)
# is not copied: the value shares it with the JSON data, as openapi-python-client's
# `from_dict` does, and as encoding shares it back (below). Other lists are new lists.
#
# An encoder reads the model's leading required fields at once and, when each has its
# declared class, builds the dict with them in one display; it puts the other fields one by
# one, in the order of the model (`_ModelSource.model_lines`). A field holding a model, a
# union of a few models, or a list of either has the models' statements written in (a list
# by a `for` loop, a union's variants told apart by their exact classes), not calls of their
# encoders: for models not already being written (so never a recursive one), a few levels
# deep, up to a number of fields per encoder (`_ModelSource.inlines`); a value of another
# class than those models takes the general way, as below. A primitive of the
# declared class stays as it is, and so does a list of primitives: the JSON data shares it
# with the model, as openapi-python-client's `to_dict` does (copy it before changing it in
# place), and its items are not looked at (a value decoded or built as typed has them of
# their class). Models, enums, date-times, lists of them and unions of models (through a
# table of classes) are encoded directly; a map of primitives (`dict[str, str]`) is copied
# by one comprehension that checks each entry's class; anything else, whatever its class,
# goes through `_encode`. The coders are also kept by exact class in `_BY_CLASS`, so that
# `decode`, `encode`, `from_dict` and `to_dict` find a model's coder with one lookup.

Decoder = Callable[[Any], Any]
_ENCODE: Final = (
    2  # slots of `_codec_coders_`: 0 tolerant, 1 strict, 2 encode, 3 encode_request
)
_LOCK = (
    threading.RLock()
)  # compiling is rare; it happens under this lock, in one `_Build`
_NONE_TYPE: Final = type(None)
_BY_CLASS: Final[tuple[dict[type, Decoder], ...]] = (
    {},
    {},
    {},
    {},
)  # slot -> class -> coder
_ENCODERS: Final = _BY_CLASS[_ENCODE]
# an encoder writes in the statements of the models it holds, at most this deep, and
# of at most this many fields in all (see `_ModelSource.inlines`)
_INLINE_DEPTH: Final = 4
_INLINE_FIELDS: Final = 80
_INLINE_VARIANTS: Final = 3
_EVERY_KIND: Final = frozenset((_NONE_TYPE, bool, int, float, str, list, dict))
_NUMBERS: Final = frozenset((bool, int, float))
_SCALARS: Final = frozenset((str, int, float, bool, _NONE_TYPE))
# the classes of the JSON values a primitive type decodes to themselves, strictly too
_EXACT: Final[Mapping[Any, frozenset[type]]] = types.MappingProxyType(
    {
        bool: frozenset((bool,)),
        int: frozenset((int,)),
        str: frozenset((str,)),
        float: frozenset((float, int)),
    }
)


class _Absent:
    """A property missing from the JSON object (never a JSON value)."""


_ABSENT: Final = _Absent()


class _Names:
    """The namespace a package's type names resolve in; hashable by identity (a cache key)."""

    __slots__ = ("names",)

    def __init__(self, names: Mapping[str, Any]) -> None:
        self.names = names

    def __hash__(self) -> int:
        return id(self.names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Names) and other.names is self.names


def _model_coder(cls: type, slot: int) -> Decoder:
    """The compiled decoder (slot 0 tolerant, 1 strict) or encoder (2, 3 for requests) of a model."""
    coders = cls.__dict__.get("_codec_coders_")
    if coders is not None:
        coder: Decoder | None = coders[slot]
        if coder is not None:
            return coder
    with _LOCK:
        build = _Build()
        made = build.model(cls, slot)
        build.publish()
    return made


def _decoder(tp: Any, ns: _Names, strict: bool) -> Decoder | None:
    if isinstance(tp, type):
        coders = tp.__dict__.get("_codec_coders_")
        if coders is not None and coders[strict] is not None:
            return coders[strict]  # type: ignore[no-any-return]
        if dataclasses.is_dataclass(tp):
            return _model_coder(tp, int(strict))
    try:
        key = _TypeKey(tp)
    except TypeError:
        return _build_decoder(tp, ns, strict)
    return _expr_decoder(key, ns, strict)


class _TypeKey:
    """A type as a cache key: equal only to the same type written the same way (`typing`
    finds `Union[a, b]` equal to `Union[b, a]`, but the order decides ties between variants).
    """

    __slots__ = ("tp", "hash")

    def __init__(self, tp: Any) -> None:
        self.tp, self.hash = tp, hash(tp)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _TypeKey):
            return False
        return other.tp is self.tp or (
            other.tp == self.tp and repr(other.tp) == repr(self.tp)
        )


@functools.lru_cache(maxsize=512)
def _expr_decoder(key: _TypeKey, ns: _Names, strict: bool) -> Decoder | None:
    return _build_decoder(key.tp, ns, strict)


def _build_decoder(tp: Any, ns: _Names, strict: bool) -> Decoder | None:
    with _LOCK:
        build = _Build()
        made = build.decoder(tp, ns, strict)
        build.publish()
    return made


class _Build:
    """One compilation: the model coders made so far, published on the classes once complete."""

    def __init__(self) -> None:
        self.made: dict[tuple[type, int], Decoder] = {}

    def publish(self) -> None:
        for (cls, slot), coder in self.made.items():
            coders = cls.__dict__.get("_codec_coders_")
            if coders is None:
                coders = [None, None, None, None]
                setattr(cls, "_codec_coders_", coders)
            coders[slot] = coder
            _BY_CLASS[slot][cls] = coder

    def decoder(self, tp: Any, ns: _Names, strict: bool) -> Decoder | None:
        """The decoder of a type; tolerant ones are None when every value stays as it is."""
        tp = _resolve(tp, ns.names)
        if not strict and _keeps(tp, ns.names):
            return None
        if tp is Any or tp is object:
            return _identity
        if tp is None or tp is _NONE_TYPE:
            return _check_null
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *extras = typing.get_args(tp)
            disc = next((e for e in extras if isinstance(e, Discriminator)), None)
            return (
                self.union(base, ns, strict, disc)
                if disc
                else self.decoder(base, ns, strict)
            )
        if _union_args(tp) is not None:
            return self.union(tp, ns, strict, None)
        if origin is Literal:
            return _literal_checker(typing.get_args(tp))
        if origin in (list, tuple, dict):
            return self.container(tp, origin, ns, strict)
        if isinstance(tp, type):
            if dataclasses.is_dataclass(tp):
                return self.model(tp, int(strict))
            return _scalar_decoder(tp, strict)
        return _cannot(tp)

    def container(self, tp: Any, origin: Any, ns: _Names, strict: bool) -> Decoder:
        args = typing.get_args(tp)
        if origin is dict:
            return _dict_decoder(
                self.decoder(args[1] if len(args) == 2 else Any, ns, strict), strict
            )
        if origin is list:
            item = _resolve(args[0], ns.names) if args else Any
            return _list_decoder(
                self.decoder(item, ns, strict), strict, list, _EXACT.get(item)
            )
        if len(args) == 2 and args[1] is Ellipsis:
            return _list_decoder(self.decoder(args[0], ns, strict), strict, tuple)
        return _tuple_decoder(
            [self.decoder(a, ns, strict) or _identity for a in args], strict
        )

    def union(
        self, tp: Any, ns: _Names, strict: bool, disc: Discriminator | None
    ) -> Decoder | None:
        variants = [
            _resolve(v, ns.names) for v in (_union_args(tp) or (tp,)) if v is not Unset
        ]
        if len(variants) == 1 and disc is None:
            return self.decoder(variants[0], ns, strict)
        strict_decoders = [self.decoder(v, ns, True) or _identity for v in variants]
        decoders = (
            strict_decoders
            if strict
            else [self.decoder(v, ns, False) or _identity for v in variants]
        )
        by_tag: dict[str, Decoder] = {}
        for wire, name in disc.mapping if disc else ():
            by_tag.setdefault(
                wire, self.decoder(_resolve(name, ns.names), ns, strict) or _identity
            )
        choice = _Choice(tp, variants, ns.names, strict_decoders, decoders, strict)
        return _union_decoder(choice, disc.property if disc else "", by_tag)

    def model(self, cls: type, slot: int) -> Decoder:
        coders = cls.__dict__.get("_codec_coders_")
        if coders is not None and coders[slot] is not None:
            return coders[slot]  # type: ignore[no-any-return]
        made = self.made.get((cls, slot))
        if made is not None:
            return made
        info = _model_info(cls)
        source = _ModelSource(cls, info, _Names(info.namespace), slot)
        made = source.compile()
        self.made[(cls, slot)] = (
            made  # before the fields' coders: a model may contain itself
        )
        for key, (tp, field_slot) in source.later.items():
            source.globals[key] = (
                self.model(tp, field_slot)
                if field_slot >= _ENCODE
                else self.decoder(tp, source.ns, bool(field_slot))
            )
        for table, model in source.tables:
            table[model] = self.model(model, slot)
        return made


def _identity(data: Any) -> Any:
    return data


def _at(decoder: Decoder, data: Any, place: str) -> Any:
    """Decode a value with its place (`.name`) in the error when it does not fit."""
    try:
        return decoder(data)
    except DecodeError as exc:
        raise _within(exc, place) from None


def _encode_value(value: Any) -> Any:
    return _encode(value, False)


def _encode_request_value(value: Any) -> Any:
    return _encode(value, True)


def _enum_value(value: enum.Enum) -> Any:
    return value._value_


def _is_class(tp: Any) -> bool:
    """A plain class (not `list[int]` nor `Any`)."""
    return isinstance(tp, type) and typing.get_origin(tp) is None and tp is not Any


def _variants(tp: Any) -> tuple[Any, ...]:
    """The variants of a union (of `Annotated`'s base), or the type alone; `Unset` left out."""
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tuple(v for v in (_union_args(tp) or (tp,)) if v is not Unset)


def _within(exc: DecodeError, place: str) -> DecodeError:
    """The same error, seen from the value one step up (`place` is `.name` or `[index]`)."""
    return DecodeError("$" + place + exc.path[1:], exc.message)


def _keeps(tp: Any, names: Mapping[str, Any]) -> bool:
    """True when decoding `tp` tolerantly gives back every JSON value as it is."""
    tp = _resolve(tp, names)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(tp)
        return not any(isinstance(e, Discriminator) for e in extras) and _keeps(
            base, names
        )
    if (inner := _union_args(tp)) is not None:
        return all(_loose(v, names) for v in inner if v is not Unset)
    # a list of primitives is kept, not copied (see "Compiled coders")
    if origin is list:
        args = typing.get_args(tp)
        item = _resolve(args[0], names) if len(args) == 1 else None
        return isinstance(item, type) and item in _EXACT
    if origin in (tuple, dict):
        return False
    if isinstance(tp, type):
        return not (
            dataclasses.is_dataclass(tp) or issubclass(tp, (enum.Enum, _dt.date))
        )
    return True


def _loose(tp: Any, names: Mapping[str, Any]) -> bool:
    """True when decoding `tp` tolerantly gives back a value equal to every JSON value (a map
    of such types is copied). A union of such variants keeps the value as it is.
    """
    tp = _resolve(tp, names)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list or origin is dict:
        return not args or _loose(args[-1], names)
    return _keeps(tp, names)


def _accepts(tp: Any, names: Mapping[str, Any]) -> frozenset[type]:
    """The JSON kinds (Python classes) of the values `_fit` can find fitting `tp`: a superset."""
    tp = _resolve(tp, names)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _accepts(typing.get_args(tp)[0], names)
    if (inner := _union_args(tp)) is not None:
        return frozenset().union(*(_accepts(v, names) for v in inner))
    if tp is None or tp is _NONE_TYPE:
        return frozenset((_NONE_TYPE,))
    if origin is Literal:
        kinds: set[type] = set()
        for arg in typing.get_args(tp):
            if type(arg) not in (str, bool, int, float, _NONE_TYPE):
                return _EVERY_KIND
            kinds |= _NUMBERS if type(arg) in _NUMBERS else {type(arg)}
        return frozenset(kinds)
    if origin is dict:
        return frozenset((dict,))
    if origin in (list, tuple):
        return frozenset((list,))
    if isinstance(tp, type) and tp is not object:
        if dataclasses.is_dataclass(tp):
            return frozenset((dict,))
        if issubclass(tp, enum.Enum):
            return frozenset((str, bool, int, float))
        if issubclass(tp, _dt.date):
            return frozenset((str,))
        return {
            bool: _NUMBERS - {int, float},
            int: frozenset((int,)),
            float: _NUMBERS - {bool},
        }.get(tp, frozenset((str,)) if tp is str else frozenset())
    return _EVERY_KIND


# -- decoders of scalars, containers and unions -------------------------------------------------


def _check_null(data: Any) -> None:
    if data is not None:
        raise DecodeError("$", f"expected null, got {_kind(data)}")


def _check_bool(data: Any) -> Any:
    return data if isinstance(data, bool) else _fail("$", "boolean", data)


def _check_int(data: Any) -> Any:
    return (
        data
        if isinstance(data, int) and not isinstance(data, bool)
        else _fail("$", "integer", data)
    )


def _check_float(data: Any) -> Any:
    return (
        data
        if isinstance(data, (int, float)) and not isinstance(data, bool)
        else _fail("$", "number", data)
    )


def _check_str(data: Any) -> Any:
    return data if isinstance(data, str) else _fail("$", "string", data)


def _check_bytes(data: Any) -> Any:
    return data if isinstance(data, bytes) else _fail("$", "bytes", data)


_CHECKS: Final[Mapping[type, Decoder]] = types.MappingProxyType(
    {
        bool: _check_bool,
        int: _check_int,
        float: _check_float,
        str: _check_str,
        bytes: _check_bytes,
    }
)


def _cannot(tp: Any) -> Decoder:
    def cannot_decode(data: Any) -> Any:
        raise DecodeError("$", f"cannot decode into {tp!r}")

    return cannot_decode


def _literal_checker(allowed: tuple[Any, ...]) -> Decoder:
    def check_literal(data: Any) -> Any:
        for value in allowed:
            if data == value and type(data) is type(value):
                return data
        raise DecodeError("$", f"expected one of {allowed!r}, got {data!r}")

    return check_literal


def _scalar_decoder(tp: type, strict: bool) -> Decoder:
    """Enums, date-times, dates and primitives (strict: tolerant primitives need no decoder)."""
    if issubclass(tp, enum.Enum):
        return _enum_decoder(tp, strict)
    if issubclass(tp, _dt.datetime):
        return _date_decoder(parse_datetime, "a date-time string", strict)
    if issubclass(tp, _dt.date):
        return _date_decoder(_dt.date.fromisoformat, "date", strict)
    return _CHECKS.get(tp) or _cannot(tp)


def _enum_decoder(cls: type[enum.Enum], strict: bool) -> Decoder:
    members = cls._value2member_map_

    def decode_enum(data: Any) -> Any:
        try:
            return members[data]
        except (KeyError, TypeError):
            pass
        try:
            return cls(
                data
            )  # an open enum makes a pseudo-member for a value added later
        except ValueError:
            if strict:
                raise DecodeError(
                    "$", f"{data!r} is not a valid {cls.__name__}"
                ) from None
            return data

    return decode_enum


def _date_decoder(parse: Callable[[str], Any], expected: str, strict: bool) -> Decoder:
    def decode_date(data: Any) -> Any:
        if isinstance(data, str):
            try:
                return parse(data)
            except ValueError as exc:
                message = str(exc)
        else:
            message = f"expected {expected}, got {_kind(data)}"
        if strict:
            raise DecodeError("$", message)
        return data

    return decode_date


def _list_decoder(
    item: Decoder | None,
    strict: bool,
    make: type,
    exact: frozenset[type] | None = None,
) -> Decoder:
    """Lists and `tuple[X, ...]`; `exact` holds the classes of items that decode to themselves
    when the items are primitives: a list of those only is kept (shared with the data).
    """

    def decode_list(data: Any) -> Any:
        if data.__class__ is not list and not isinstance(data, list):
            if strict:
                raise DecodeError("$", f"expected an array, got {_kind(data)}")
            return data
        if item is None:
            return make(data)
        if exact is not None and all(x.__class__ in exact for x in data):
            return data if make is list else make(data)
        if not strict:
            return (
                make([item(x) for x in data])
                if make is tuple
                else [item(x) for x in data]
            )
        try:
            return (
                make([item(x) for x in data])
                if make is tuple
                else [item(x) for x in data]
            )
        except DecodeError:
            raise _item_error(item, enumerate(data), "[{}]") from None

    return decode_list


def _item_error(item: Decoder, entries: Any, place: str) -> DecodeError:
    """The error of the first entry (index or key, value) that does not decode."""
    for key, value in entries:
        try:
            item(value)
        except DecodeError as exc:
            return _within(exc, place.format(key))
    return DecodeError("$", "an item changed while it was decoded")


def _tuple_decoder(items: list[Decoder], strict: bool) -> Decoder:
    def decode_tuple(data: Any) -> Any:
        if not isinstance(data, list) or len(items) != len(data):
            if not strict:
                return data
            if not isinstance(data, list):
                raise DecodeError("$", f"expected an array, got {_kind(data)}")
            raise DecodeError("$", f"expected {len(items)} items, got {len(data)}")
        if not strict:
            return tuple(item(x) for item, x in zip(items, data))
        values = []
        for index, (item, x) in enumerate(zip(items, data)):
            try:
                values.append(item(x))
            except DecodeError as exc:
                raise _within(exc, f"[{index}]") from None
        return tuple(values)

    return decode_tuple


def _dict_decoder(value: Decoder | None, strict: bool) -> Decoder:
    def decode_dict(data: Any) -> Any:
        if not isinstance(data, dict):
            if strict:
                raise DecodeError("$", f"expected an object, got {_kind(data)}")
            return data
        if value is None:
            return dict(data)
        if not strict:
            return {k: value(v) for k, v in data.items()}
        try:
            return {k: value(v) for k, v in data.items()}
        except DecodeError:
            raise _item_error(value, data.items(), ".{}") from None

    return decode_dict


class _Choice:
    """How a union picks its variant for one value, the way the scoring rules say."""

    def __init__(
        self,
        tp: Any,
        variants: list[Any],
        names: Mapping[str, Any],
        strict_decoders: list[Decoder],
        decoders: list[Decoder],
        strict: bool,
    ) -> None:
        self.tp, self.variants, self.names, self.strict = tp, variants, names, strict
        self.strict_decoders, self.decoders = strict_decoders, decoders
        self.has_none = any(v is None or v is _NONE_TYPE for v in variants)
        self.by_kind = {
            kind: tuple(i for i, v in enumerate(variants) if kind in _accepts(v, names))
            for kind in _EVERY_KIND
        }
        self.tag = _tag_table(variants, self.by_kind[dict])

    def only(self, index: int, data: Any) -> Any:
        """Decode with the one variant the value's kind (or tag) leaves, if it fits."""
        try:
            return self.strict_decoders[index](data)
        except DecodeError:
            return self.settle(index, data)

    def settle(self, index: int, data: Any) -> Any:
        """After the only variant left failed to decode strictly: decode it the way of this
        union's mode if it still fits by the scoring rules, else nothing fits."""
        if _fit(self.variants[index], data, self.names) > 0:
            if self.strict:
                return self.strict_decoders[index](
                    data
                )  # raises the variant's own error
            return self.decoders[index](data)
        return self.none_fits(data)

    def ranked(self, data: Any) -> Any:
        """Score every variant (see the module docstring) and decode with the best."""
        scores = [
            (-s, i)
            for i, v in enumerate(self.variants)
            if (s := _fit(v, data, self.names)) > 0
        ]
        return self.decoders[min(scores)[1]](data) if scores else self.none_fits(data)

    def none_fits(self, data: Any) -> Any:
        if self.strict:
            raise DecodeError(
                "$", f"{_kind(data)} matches none of the variants of {self.tp!r}"
            ) from None
        return data


def _tag_table(
    variants: list[Any], candidates: tuple[int, ...]
) -> tuple[str, dict[str, int]] | None:
    """A constant property whose string values tell the models of a union apart, if any:
    (wire name, value -> variant index). A value that names one variant rules out the others.
    """
    if len(candidates) < 2 or not all(
        dataclasses.is_dataclass(variants[i]) for i in candidates
    ):
        return None
    constants = [
        {f.wire: _literal_values(f.type) for f in _model_info(variants[i]).fields}
        for i in candidates
    ]
    for wire in constants[0]:
        table: dict[str, int] = {}
        for index, known in zip(candidates, constants):
            values = known.get(wire)
            if not values or not all(
                isinstance(v, str) and table.setdefault(v, index) == index
                for v in values
            ):
                break
        else:
            return wire, table
    return None


def _union_decoder(
    choice: _Choice, tag_property: str, by_tag: Mapping[str, Decoder]
) -> Decoder:
    has_none, by_kind, only, ranked = (
        choice.has_none,
        choice.by_kind,
        choice.only,
        choice.ranked,
    )
    wire, by_constant = choice.tag or ("", {})

    others = [
        i
        for i, v in enumerate(choice.variants)
        if v is not None and v is not _NONE_TYPE
    ]
    if not by_tag and has_none and len(others) == 1:  # `X | None`
        index, decode, settle = (
            others[0],
            choice.strict_decoders[others[0]],
            choice.settle,
        )

        def decode_optional(data: Any) -> Any:
            if data is None:
                return None
            try:
                return decode(data)
            except DecodeError:
                return settle(index, data)

        return decode_optional

    def decode_union(data: Any) -> Any:
        if data is None and has_none:
            return None
        if by_tag and isinstance(data, dict) and tag_property in data:
            tag = data[tag_property]
            decoder = by_tag.get(tag if tag.__class__ is str else str(tag))
            if decoder is not None:
                return decoder(data)
        candidates = by_kind.get(data.__class__)
        if candidates is not None and len(candidates) == 1:
            return only(candidates[0], data)
        if by_constant and data.__class__ is dict:
            constant = data.get(wire)
            index = by_constant.get(constant) if constant.__class__ is str else None
            if index is not None:
                return only(index, data)
        return ranked(data)

    return decode_union


# -- the source of model decoders and encoders --------------------------------------------------

_FAST: Final[Mapping[Any, str]] = types.MappingProxyType(
    {
        bool: "x.__class__ is bool",
        int: "x.__class__ is int",
        str: "x.__class__ is str",
        float: "x.__class__ is float or x.__class__ is int",
    }
)


def _fast_check(tp: Any, names: Mapping[str, Any]) -> str | None:
    """A condition on `x` under which decoding `tp` gives `x` back (both modes), if any."""
    tp = _resolve(tp, names)
    variants = [
        _resolve(v, names) for v in (_union_args(tp) or (tp,)) if v is not Unset
    ]
    if len(variants) == 1 and (variants[0] is Any or variants[0] is object):
        return "True"
    has_none = any(v is None or v is _NONE_TYPE for v in variants)
    conditions = ["x is None"] if has_none else []
    for v in variants:
        if v is not None and v is not _NONE_TYPE:
            if not isinstance(v, type) or v not in _FAST:
                return "x is None" if has_none else None
            conditions.append(_FAST[v])
    return " or ".join(conditions) or None


class _ModelSource:
    """The Python source of one model's decoder (slot 0 tolerant, 1 strict) or encoder (2, 3
    for request bodies), the names it uses, and the coders it still needs (`later`)."""

    def __init__(
        self,
        cls: type,
        info: _ModelInfo,
        ns: _Names,
        slot: int,
        parent: _ModelSource | None = None,
    ) -> None:
        self.cls, self.info, self.ns, self.slot = cls, info, ns, slot
        # the models whose encoders this one's is written in (see `inlines`), and this
        self.within: tuple[type, ...] = (*parent.within, cls) if parent else (cls,)
        self.budget: list[int] = parent.budget if parent else [_INLINE_FIELDS]
        # global name -> (type, slot) of a coder; class tables to fill with model encoders
        # (an inlined model's go in the source it is written in)
        self.globals: dict[str, Any] = (
            parent.globals
            if parent
            else {
                "DecodeError": DecodeError,
                "_kind": _kind,
                "_within": _within,
                "_at": _at,
                "_new": object.__new__,
                "_cls": cls,
                "_ABSENT": _ABSENT,
                "_UNSET": UNSET,
                "_encode": _encode,
            }
        )
        self.later: dict[str, tuple[Any, int]] = parent.later if parent else {}
        self.tables: list[tuple[dict[type, Decoder], Any]] = (
            parent.tables if parent else []
        )

    def compile(self) -> Decoder:
        kind = ("decode", "decode_strict", "encode", "encode_request")[self.slot]
        name = f"{kind}_{self.cls.__name__}"
        if self.slot < _ENCODE:
            lines = [f"def {name}(data):", *self.decoder_lines()]
        else:
            lines = [f"def {name}(value):", *self.encoder_lines()]
        source = "\n".join(lines) + "\n"
        filename = f"<{kind} {self.cls.__module__}.{self.cls.__qualname__}>"
        linecache.cache[filename] = (
            len(source),
            None,
            source.splitlines(True),
            filename,
        )
        exec(
            compile(source, filename, "exec"), self.globals
        )  # noqa: S102 - source written above
        made: Decoder = self.globals[name]
        return made

    def decoder_lines(self) -> list[str]:
        strict = self.slot == 1
        message = f"expected an object for {self.cls.__name__}, got "
        lines = [
            "    if data.__class__ is not dict and not isinstance(data, dict):",
            (
                f"        raise DecodeError('$', {message!r} + _kind(data))"
                if strict
                else "        return data"
            ),
            "    o = _new(_cls)",
        ]
        self.globals["_known"] = frozenset(f.wire for f in self.info.fields)
        specs = {f.name: f for f in dataclasses.fields(self.cls)}
        extra = self.info.extra_field
        # the usual object has every property the model knows and no other: read directly
        lines.append("    if data.keys() == _known:")
        for index, f in enumerate(self.info.fields):
            lines += [
                f"    {line}"
                for line in self.field_lines(index, f, specs[f.name], strict, True)
            ]
        lines += [f"        o.{extra} = {{}}"] if extra is not None else []
        lines += ["        return o", "    get = data.get"]
        for index, f in enumerate(self.info.fields):
            lines += self.field_lines(index, f, specs[f.name], strict, False)
        if extra is not None:
            lines += self.extra_lines(extra, strict)
        return [*lines, "    return o"]

    def field_lines(
        self,
        i: int,
        f: _FieldInfo,
        spec: dataclasses.Field[Any],
        strict: bool,
        present: bool,
    ) -> list[str]:
        """Decoding one field into `o`; `present` when the object surely has its property."""
        keeps = not strict and _keeps(f.type, self.ns.names)
        factory = spec.default_factory is not dataclasses.MISSING
        self.globals[f"_d{i}"] = (
            spec.default_factory if factory else (UNSET if f.required else spec.default)
        )
        read = f"data[{f.wire!r}]" if present else f"get({f.wire!r}, _ABSENT)"
        if keeps and (present or not factory):
            return [
                f"    o.{f.name} = {read if present else f'get({f.wire!r}, _d{i})'}"
            ]
        lines = [f"    x = {read}"]
        branches: list[tuple[str, list[str]]] = []  # (condition, statements)
        if not present:
            if f.required and strict:
                requires = f"{self.cls.__name__} requires {f.wire!r}"
                branches.append(
                    ("x is _ABSENT", [f"raise DecodeError('$', {requires!r})"])
                )
            else:
                branches.append(
                    ("x is _ABSENT", [f"x = _d{i}()" if factory else f"x = _d{i}"])
                )
        fast = None if keeps else _fast_check(f.type, self.ns.names)
        if not keeps and fast != "True":
            self.later[f"_f{i}"] = (f.type, int(strict))
            slow = f"_at(_f{i}, x, {'.' + f.wire!r})" if strict else f"_f{i}(x)"
            if fast:
                branches.append((fast, ["pass"]))
            shortcut = self.shortcut(i, f.type, strict, slow)
            if shortcut is not None:
                condition, body, raises = shortcut
                if raises:  # a value the shortcut refuses takes the way of its decoder
                    body = ["try:", *(f"    {s}" for s in body)]
                    body += ["except ValueError:", f"    x = {slow}"]
                branches.append((condition, body))
            branches.append(("", [f"x = {slow}"]))
        for number, (condition, body) in enumerate(branches):
            if not condition:
                head = "else:" if number else ""
            else:
                head = f"{'elif' if number else 'if'} {condition}:"
            indent = "        " if head else "    "
            lines += [f"    {head}"] if head else []
            lines += [f"{indent}{s}" for s in body]
        return [*lines, f"    o.{f.name} = x"]

    def shortcut(
        self, i: int, tp: Any, strict: bool, slow: str
    ) -> tuple[str, list[str], bool] | None:
        """(condition on `x`, statements, whether they may raise `ValueError`) decoding the
        usual values of a field without calling its decoder (`slow`), exactly as it would:
        a known enum value, a date-time string, a model, a list of models or of primitives,
        and those or null; else None. Statements that raise leave the value to `slow`.
        """
        names = self.ns.names
        resolved = _resolve(tp, names)
        if typing.get_origin(resolved) is typing.Annotated:
            return None  # a discriminated union: its decoder picks the variant
        every = [_resolve(v, names) for v in _variants(resolved)]
        variants = [v for v in every if v is not None and v is not _NONE_TYPE]
        if len(variants) != 1:
            return None
        v, nullable = variants[0], len(every) > 1
        args = typing.get_args(v)
        if _is_class(v) and issubclass(v, enum.Enum) and issubclass(v, (str, int)):
            self.globals[f"_m{i}"] = v._value2member_map_
            kind = "str" if issubclass(v, str) else "int"
            return f"x.__class__ is {kind} and x in _m{i}", [f"x = _m{i}[x]"], False
        if _is_class(v) and issubclass(v, _dt.datetime):
            # the usual shape (`...:SSZ`) read as `parse_datetime` reads it, without its call
            self.globals["_from_iso"] = WireDateTime.fromisoformat
            usual = 'len(x) == 20 and x[4::3] == "--T::Z" and x.isascii()'
            body = ["y = _from_iso(x)", "y.wire = x", "x = y"]
            return f"x.__class__ is str and {usual}", body, True
        if _is_class(v) and dataclasses.is_dataclass(v) and (strict or nullable):
            # `M | None` decodes a value strictly first (see `_union_decoder`)
            self.later[f"_g{i}"] = (v, 1)
            return "x.__class__ is dict", [f"x = _g{i}(x)"], True
        if typing.get_origin(v) is not list or not args:
            return None
        item = _resolve(args[0], names)
        if _is_class(item) and dataclasses.is_dataclass(item):
            self.later[f"_g{i}"] = (item, int(strict or nullable))
            body = [f"x = [_g{i}(y) for y in x]"]
            return "x.__class__ is list", body, strict or nullable
        if not (_is_class(item) and item in _FAST):
            return None
        # (tolerantly the field keeps any value: see `_keeps`) kept when each item is of
        # its class, as `_list_decoder` keeps it, else decoded by it
        check = _FAST[item].replace("x.", "y.").replace(" is ", " is not ")
        loop = ["for y in x:", f"    if {check.replace(' or ', ' and ')}:"]
        loop += [f"        x = {slow}", "        break"]
        return "x.__class__ is list", loop, False

    def extra_lines(self, name: str, strict: bool) -> list[str]:
        extra = _resolve(self.info.extra_type, self.ns.names)
        lines = [
            "    if _known.issuperset(data):",
            f"        o.{name} = {{}}",
            "    else:",
        ]
        if (
            extra is Any
            or extra is object
            or (not strict and _keeps(extra, self.ns.names))
        ):
            return [
                *lines,
                f"        o.{name} = {{k: v for k, v in data.items() if k not in _known}}",
            ]
        self.later["_fx"] = (extra, int(strict))
        if not strict:
            return [
                *lines,
                f"        o.{name} = {{k: _fx(v) for k, v in data.items() if k not in _known}}",
            ]
        return [
            *lines,
            "        extra = {}",
            "        for k, v in data.items():",
            "            if k not in _known:",
            "                try:",
            "                    extra[k] = _fx(v)",
            "                except DecodeError as e:",
            "                    raise _within(e, '.' + k) from None",
            f"        o.{name} = extra",
        ]

    def encoder_lines(self) -> list[str]:
        """The encoder's body (see `model_lines`)."""
        request = self.slot == _ENCODE + 1
        self.globals["_g"] = _encode_request_value if request else _encode_value
        return [
            *(f"    {s}" for s in self.model_lines("value", "out", "")),
            "    return out",
        ]

    def model_lines(self, value: str, out: str, tag: str) -> list[str]:
        """Statements putting the JSON object of `value`, of exactly this model's class, in
        `out`: the leading required fields read at once and, when each has its declared
        class, put in one dict display; the other fields one by one, a model or a list of
        models as `inlined` writes it. `tag` tells an inlined model's names apart."""
        request = self.slot == _ENCODE + 1
        fields = [
            (f"{tag}_{i}" if tag else str(i), f)
            for i, f in enumerate(self.info.fields)
            if not (request and f.read_only)
        ]
        lead = list(
            itertools.takewhile(
                lambda field: field[1].required and not self.inlines(field[1].type),
                fields,
            )
        )
        lines: list[str] = []
        if lead:
            forms = [self.encode_form(t, f.type, f"x{t}") for t, f in lead]
            lines += [f"x{t} = {value}.{f.name}" for t, f in lead]
            condition = " and ".join(f"({c})" if " or " in c else c for c, _ in forms)
            pairs = ", ".join(f"{f.wire!r}: {e}" for (_, f), (_, e) in zip(lead, forms))
            lines += [f"if {condition}:", f"    {out} = {{{pairs}}}", "else:"]
            lines.append(f"    {out} = {{}}")
            for (t, f), form in zip(lead, forms):
                lines += [f"    {s}" for s in self.store_lines(f"x{t}", out, f, form)]
        else:
            lines.append(f"{out} = {{}}")
        var = f"x{tag}_" if tag else "x"
        for t, f in fields[len(lead) :]:
            lines.append(f"{var} = {value}.{f.name}")
            inlined = self.inlined(t, f, var, out)
            if inlined is None:
                form = self.encode_form(t, f.type, var)
                inlined = self.store_lines(var, out, f, form)
            lines += inlined
        if self.info.extra_field is not None:
            extra = f"{value}.{self.info.extra_field}"
            lines += [f"if {extra}:", f"    for k, v in {extra}.items():"]
            lines += [f"        if k not in {out}:", f"            {out}[k] = _g(v)"]
        return lines

    def inlines(self, tp: Any) -> tuple[tuple[type, ...], bool, bool] | None:
        """(model classes, whether in a list, whether nullable) when a field of type `tp`
        holds a model, a union of at most `_INLINE_VARIANTS` models, or a list of either,
        whose encoders `inlined` writes in this one's: not a model it is written in (so no
        recursion), at most `_INLINE_DEPTH` deep and `_INLINE_FIELDS` fields in all in one
        encoder; else None."""
        names = self.ns.names
        every = [_resolve(v, names) for v in _variants(_resolve(tp, names))]
        variants = [v for v in every if v is not None and v is not _NONE_TYPE]
        if len(self.within) > _INLINE_DEPTH:
            return None
        nullable = len(every) > len(variants)
        listed = len(variants) == 1 and typing.get_origin(variants[0]) is list
        if listed:
            args = typing.get_args(variants[0])
            items = [_resolve(v, names) for v in _variants(args[0])] if args else []
            variants = [v for v in items if v is not None and v is not _NONE_TYPE]
        models = tuple(dict.fromkeys(variants))
        if not 0 < len(models) <= _INLINE_VARIANTS or not all(
            _is_class(v) and dataclasses.is_dataclass(v) and v not in self.within
            for v in models
        ):
            return None
        if sum(len(_model_info(v).fields) for v in models) > self.budget[0]:
            return None
        return models, listed, nullable

    def inlined(self, t: str, f: _FieldInfo, var: str, out: str) -> list[str] | None:
        """Putting a field's model (or list of models) `var` in `out` with the statements
        of the models' own encoders (`model_lines`) instead of calls, as `store_lines`
        would put it; None when the field's type is not one `inlines` allows. A union's
        variants are told apart by their exact classes, in the order of the union."""
        inlines = self.inlines(f.type)
        if inlines is None:
            return None
        models, listed, nullable = inlines
        put = f"{out}[{f.wire!r}]"
        value = f"y{t}" if listed else var
        chain: list[str] = []
        for k, cls in enumerate(models):
            tag = t if len(models) == 1 else f"{t}v{k}"
            info = _model_info(cls)
            self.budget[0] -= len(info.fields)
            self.globals[f"_c{tag}"] = cls
            inner = _ModelSource(cls, info, _Names(info.namespace), self.slot, self)
            chain.append(f"{'elif' if k else 'if'} {value}.__class__ is _c{tag}:")
            chain += [f"    {s}" for s in inner.model_lines(value, f"o{tag}", tag)]
            chain.append(
                f"    l{t}.append(o{tag})" if listed else f"    {put} = o{tag}"
            )
        if listed:
            lines = [f"if {var}.__class__ is list:", f"    l{t} = []"]
            lines += [f"    for y{t} in {var}:", *(f"        {s}" for s in chain)]
            lines += ["        else:", f"            l{t}.append(_g(y{t}))"]
            lines.append(f"    {put} = l{t}")
        else:
            lines = chain
        if nullable:
            lines += [f"elif {var} is None:", f"    {put} = None"]
        return [*lines, f"elif {var} is not _UNSET:", f"    {put} = _g({var})"]

    @staticmethod
    def store_lines(
        var: str, out: str, f: _FieldInfo, form: tuple[str, str]
    ) -> list[str]:
        """Putting a field's value `var` in `out`: the declared type's way (`form`) when
        its condition holds, else the encoding of any value; nothing when it is `UNSET`.
        """
        condition, expr = form
        if condition == f"{var} is not _UNSET":
            return [f"if {condition}:", f"    {out}[{f.wire!r}] = {expr}"]
        return [
            f"if {condition}:",
            f"    {out}[{f.wire!r}] = {expr}",
            f"elif {var} is not _UNSET:",
            f"    {out}[{f.wire!r}] = _g({var})",
        ]

    def encode_form(self, i: str, tp: Any, var: str) -> tuple[str, str]:
        """(condition on `var`, expression encoding it): the condition holds for a value of
        the field's declared type (and for null when the field is nullable), never for
        `UNSET`, unless it is `var is not _UNSET` itself; the expression encodes such a
        value. Primitives and lists of primitives stay as they are; maps of them are
        copied."""
        names = self.ns.names
        every = [_resolve(v, names) for v in _variants(_resolve(tp, names))]
        nullable = any(v is None or v is _NONE_TYPE for v in every)
        variants = [v for v in every if v is not None and v is not _NONE_TYPE]
        form = self.exact_form(i, variants[0], var) if len(variants) == 1 else None
        if form is None:
            table = self.dispatch(variants) if len(variants) > 1 else None
            if table is None:
                return f"{var} is not _UNSET", f"_g({var})"
            self.globals[f"_t{i}"] = table
            return f"{var} is not _UNSET", f"_t{i}.get({var}.__class__, _g)({var})"
        condition, expr = form
        if not nullable:
            return form
        if expr != var:
            expr = f"None if {var} is None else {expr}"
        return f"{condition} or {var} is None", expr

    def exact_form(self, i: str, v: Any, var: str) -> tuple[str, str] | None:
        """(condition, expression) for a value of exactly the class `v` declares, if any."""
        if isinstance(v, type) and v in _FAST:
            return _FAST[v].replace("x.", f"{var}."), var
        if typing.get_origin(v) is Literal and all(
            type(a) is str for a in typing.get_args(v)
        ):
            return f"{var}.__class__ is str", var
        if _is_class(v) and dataclasses.is_dataclass(v):
            self.globals[f"_c{i}"], self.later[f"_e{i}"] = v, (v, self.slot)
            return f"{var}.__class__ is _c{i}", f"_e{i}({var})"
        if _is_class(v) and issubclass(v, enum.Enum):
            self.globals[f"_c{i}"] = v
            return f"{var}.__class__ is _c{i}", f"{var}._value_"
        if _is_class(v) and issubclass(v, _dt.datetime):
            self.globals["_WireDateTime"] = WireDateTime
            expr = f"getattr({var}, 'wire', None) or _g({var})"
            return f"{var}.__class__ is _WireDateTime", expr
        args = typing.get_args(v)
        if typing.get_origin(v) is dict and len(args) == 2:
            value = _resolve(args[1], self.ns.names)
            if not (isinstance(value, type) and value in _FAST):
                return None
            # a new dict, as `_encode` makes it, without a call per entry
            check = _FAST[value].replace("x.", "v.")
            entry = f"k if k.__class__ is str else str(k): v if {check} else _g(v)"
            items = f"for k, v in {var}.items() if v is not _UNSET"
            return f"{var}.__class__ is dict", f"{{{entry} {items}}}"
        if typing.get_origin(v) is not list or not args:
            return None
        item = _resolve(args[0], self.ns.names)
        if isinstance(item, type) and item in _FAST:
            return f"{var}.__class__ is list", var  # shared: see "Compiled coders"
        each = self.encode_expr(i, item, "y")
        if each is None:
            return None
        return f"{var}.__class__ is list", f"[{each} for y in {var}]"

    def encode_expr(self, i: str, tp: Any, var: str) -> str | None:
        """An expression encoding `var` when the declared type `tp` is a model, an enum, a
        union of those (and of primitives), or a `Literal` of strings; else None."""
        names = self.ns.names
        if isinstance(tp, type) and tp in _FAST:
            return f"{var} if {_FAST[tp].replace('x.', var + '.')} else _g({var})"
        if typing.get_origin(tp) is Literal and all(
            type(a) is str for a in typing.get_args(tp)
        ):
            return f"{var} if {var}.__class__ is str else _g({var})"
        if _is_class(tp) and dataclasses.is_dataclass(tp):
            self.globals[f"_c{i}"], self.later[f"_e{i}"] = tp, (tp, self.slot)
            return f"_e{i}({var}) if {var}.__class__ is _c{i} else _g({var})"
        if _is_class(tp) and issubclass(tp, enum.Enum):
            self.globals[f"_c{i}"] = tp
            return f"{var}._value_ if {var}.__class__ is _c{i} else _g({var})"
        variants = [_resolve(v, names) for v in _variants(tp)]
        table = self.dispatch([v for v in variants if v is not _NONE_TYPE])
        if table is None or len(variants) < 2:
            return None
        self.globals[f"_t{i}"] = table
        return f"_t{i}.get({var}.__class__, _g)({var})"

    def dispatch(self, variants: list[Any]) -> dict[type, Decoder] | None:
        """Class -> encoder for the variants of a union of models, enums and primitives (the
        table `encode_lines` looks a value's class up in), or None for other unions."""
        table: dict[type, Decoder] = {_NONE_TYPE: _identity}
        for v in variants:
            if _is_class(v) and dataclasses.is_dataclass(v):
                self.tables.append(
                    (table, v)
                )  # filled once the model's encoder is made
            elif _is_class(v) and issubclass(v, enum.Enum):
                table[v] = _enum_value
            elif v in (str, int, bool):
                table[v] = _identity
            elif v is float:
                table[float] = table[int] = _identity
            elif typing.get_origin(v) is Literal and all(
                type(a) is str for a in typing.get_args(v)
            ):
                table[str] = _identity
            else:
                return None
        return table if any(dataclasses.is_dataclass(v) for v in variants) else None


# -- scoring union variants (when the JSON kind and constants leave several) --------------------


def _literal_values(tp: Any) -> tuple[Any, ...] | None:
    """The values a `Literal[...]` field allows (ignoring `Unset`/`None`), else None."""
    options = [
        a for a in (_union_args(tp) or (tp,)) if a is not Unset and a is not type(None)
    ]
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
        return (
            2
            if isinstance(data, dict)
            and all(_fit(values, v, ns) for v in data.values())
            else 0
        )
    if origin is list:
        item = (typing.get_args(tp) or (Any,))[0]
        return (
            2 if isinstance(data, list) and all(_fit(item, v, ns) for v in data) else 0
        )
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
            if (
                allowed is not None
                and data.get(f.wire) is None
                and _fit(f.type, None, info.namespace)
            ):
                allowed = None  # null, which a nullable `Literal` field allows
            if allowed is not None and f.wire in data:
                if data[f.wire] not in allowed:
                    return 0
                score += 100
            elif f.wire in data and _fit(f.type, data[f.wire], info.namespace) == 0:
                return (
                    0  # a given property whose value does not fit rules the variant out
                )
        return score
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        # only scalars can be enum values (an object or list would not even be hashable)
        known = isinstance(data, (str, int, float)) and data in {m.value for m in tp}
        return (
            10
            if known
            else (
                2 if isinstance(data, (str, int)) and not isinstance(data, bool) else 0
            )
        )
    try:
        _scalar_decoder(tp, True)(data) if isinstance(tp, type) else None
    except DecodeError:
        return 0
    return 5 if tp is not float or not isinstance(data, int) else 4


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
