"""Limits on what the generator reads: absurd or hostile input is refused in one line.

Every stage is near-linear in the size of its input, but some inputs are still absurd: a
spec of hundreds of megabytes, a `$ref` to `/dev/zero`, a document nested a thousand levels
deep, an enum of 50,000 values (black alone needs about a millisecond per line). Rather than
run for minutes (or forever, reading a FIFO), the generator refuses them with one
`error:` line saying which limit was hit and where.

`Limits` holds the caps (the defaults are several times what the largest real specs need:
OpenAI's spec is 3.3 MB, 21 levels deep, its longest enum has 145 values; Stripe's longest
has 598). `read_spec_file` reads one file under the size cap, and only if it is a regular
file (checked with `os.stat` before opening, and again on the open descriptor, opened
non-blocking so a FIFO cannot hang the run). `check_shape` walks a parsed document once,
iteratively, for nesting depth and enum size; `shape_of` measures a tree the same way, so that
a document put together from cached pieces (`parse_cache`) is checked from their measures
without a walk (`within`), and walked only to say where a limit is passed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.diagnostics import GeneratorError, Location
from generator.nodes import location_of

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The caps on one run's input (see the module docstring for the defaults' reasons)."""

    max_file_bytes: int = 16 * MB  # one page or spec file, also one a `$ref` names
    max_depth: int = 100  # nesting of mappings and sequences in one document
    max_enum_values: int = 10_000  # values of one `enum`


DEFAULT_LIMITS = Limits()


class RefusedFile(Exception):
    """A file that must not be read: `what` is wrong, `hint` says what to do (no location:
    the caller knows whether to point at the file or at the `$ref` naming it)."""

    def __init__(self, what: str, hint: str) -> None:
        self.what = what
        self.hint = hint
        super().__init__(what)


def read_spec_file(path: Path, limits: Limits) -> str:
    """The UTF-8 text of a regular file of at most `limits.max_file_bytes` bytes.

    Raises `RefusedFile` for anything else (a folder, device, FIFO or socket, a file over the
    cap, text that is not UTF-8) and `OSError` when it cannot be read at all (missing, no
    permission): the caller decides what a missing file means.
    """
    info = os.stat(path)
    _check_kind(info.st_mode, limits, info.st_size)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)  # the file opened may not be the one checked: check again
        _check_kind(info.st_mode, limits, info.st_size)
        data = handle.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise _too_big(len(data), limits)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedFile(f"not UTF-8 text ({exc.reason} at byte {exc.start})", "save the file as UTF-8") from None


def _check_kind(mode: int, limits: Limits, size: int) -> None:
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise RefusedFile(f"is {kind}, not a regular file", "name a YAML or JSON file")
    if size > limits.max_file_bytes:
        raise _too_big(size, limits)


def _too_big(size: int, limits: Limits) -> RefusedFile:
    return RefusedFile(
        f"the file is over the size limit of {_size(limits.max_file_bytes)} (at least {_size(size)})",
        "split the spec into smaller files, or raise max_file_mb in [tool.generator]",
    )


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB" if count >= MB else f"{count:,} bytes"


def check_shape(root: Any, limits: Limits) -> None:
    """Refuse a document nested deeper than `max_depth`, or with an enum longer than
    `max_enum_values`. One iterative pass; shared (aliased, even cyclic) nodes are visited once."""
    for node, depth, parent in _walk(root):
        if depth > limits.max_depth:
            raise GeneratorError(
                location_of(node) or location_of(parent),
                f"nested more than {limits.max_depth} levels deep",
                "no real API description nests this deep; flatten it with $refs",
            )
        if isinstance(node, dict) and "enum" in node:
            _check_enum(node, limits)


Shape = tuple[int, int]  # (the deepest level, the longest enum) of a tree


def shape_of(root: Any) -> Shape:
    """The deepest level below `root` (itself 0) and the longest `enum` list in it, as
    `check_shape` sees them (the same walk)."""
    deepest = longest = 0
    for node, depth, _ in _walk(root):
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            values = node.get("enum")
            if isinstance(values, list):
                longest = max(longest, len(values))
    return deepest, longest


def within(shape: Shape, limits: Limits) -> bool:
    """Whether a tree of this shape passes `check_shape`."""
    return shape[0] <= limits.max_depth and shape[1] <= limits.max_enum_values


def _walk(root: Any) -> Iterator[tuple[Any, int, Any]]:
    """Every mapping and list of a tree once, depth first, with its depth (the root's is 0)
    and its parent (the root's is itself)."""
    seen: set[int] = set()
    stack: list[tuple[Any, int, Any]] = [(root, 0, root)]
    while stack:
        entry = stack.pop()
        node = entry[0]
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield entry
        children = node.values() if isinstance(node, dict) else node
        depth = entry[1] + 1
        stack += [(child, depth, node) for child in children if isinstance(child, (dict, list))]


def _check_enum(node: dict[str, Any], limits: Limits) -> None:
    values = node.get("enum")
    if isinstance(values, list) and len(values) > limits.max_enum_values:
        where = location_of(values) or location_of(node)
        raise GeneratorError(
            where,
            f"an enum of {len(values):,} values is over the limit of {limits.max_enum_values:,}",
            "type it as a plain string instead (drop `enum`)",
        )


def refused(location: Location, error: RefusedFile) -> GeneratorError:
    """The one-line error for a refused file, at `location`."""
    return GeneratorError(location, error.what, error.hint)
