"""What `errors.py` prints: the error classes whose `body` is typed, and the shared schema."""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.normalize.errors import ERROR_CLASSES
from generator.render.annotations import annotation
from generator.render.pyliteral import docstring, literal

# Every exception of the runtime (`templates/runtime/_errors.py`) the package exports.
RUNTIME_ERRORS = (
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "ClientClosedError",
    "InsecureCredentialsWarning",
    "InvalidRequestError",
    "MissingCredentialsError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
)


@dataclass(frozen=True)
class ErrorClassView:
    name: str
    docstring: str
    body: str  # its annotation: the documented types, then `Any`


@dataclass(frozen=True)
class ErrorsView:
    classes: list[ErrorClassView]
    reexports: list[str]  # from `._errors`: the base classes and the untyped status classes
    exported: list[str]  # `__all__`
    shared: str  # the shared error model's name as a literal, or `None`
    docstring: str  # the module's


def _alternatives(error: ir.ErrorClass) -> str:
    return " or ".join(f"`{annotation(t, 'models.')}`" for t in error.body)


def errors_view(spec: ir.ApiSpec) -> ErrorsView:
    typed = {c.name: c for c in spec.errors}
    classes = [
        ErrorClassView(
            name=c.name,
            docstring=docstring(f"{c.statuses}: `body` is {_alternatives(c)} when the response fits, else its plain JSON or text."),
            body=" | ".join([*(annotation(t, "models.") for t in c.body), "Any"]),
        )
        for c in spec.errors
    ]
    untyped = [name for name, _, _ in ERROR_CLASSES if name not in typed]
    shared = spec.shared_error
    return ErrorsView(
        classes=classes,
        reexports=sorted([*RUNTIME_ERRORS, *untyped]),
        exported=sorted([*RUNTIME_ERRORS, *(name for name, _, _ in ERROR_CLASSES)]),
        shared=literal(shared.name) if isinstance(shared, ir.Ref) else "None",
        docstring=docstring(_module_doc(shared)),
    )


def _module_doc(shared: ir.TypeExpr | None) -> str:
    how = (
        f"`models.{shared.name}`, the schema most of its errors use, when the body fits it"
        if isinstance(shared, ir.Ref)
        else "no schema (the spec shares none among its errors): its body is the plain JSON or text"
    )
    return (
        "The exceptions of this client, `body` typed by the error schemas the spec documents.\n\n"
        "A class below is raised instead of the runtime's class of the same name (`_errors`), which "
        "it extends: its `body` is one of the documented types when the response fits one, else the "
        f"plain JSON or text. A status no operation documents is decoded with {how}."
    )
