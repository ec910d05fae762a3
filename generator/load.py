"""Stage 1, load: read pages and spec files into located OpenAPI documents.

Inputs are Markdown pages (`.md`, `.mdx`, `.markdown`, `.txt`) that embed OpenAPI documents
in fenced blocks, or OpenAPI files (`.yaml`, `.yml`, `.json`), or folders of them. A page may
hold many fences (SDK snippets, JSON examples); every one whose content is a mapping with an
`openapi` key is a document (GitBook exports put one document per operation on a page; the
merge stage unites them like pages). The `**Request**` / `**Response**` JSON blocks that doc
exporters put below a document are kept as its examples. Every node keeps file, line and
pointer.

A spec file (not a page) with a top-level `components` mapping and no `openapi`, `swagger`,
`asyncapi`, `paths` or `webhooks` key is a components-only fragment: it is read as an
OpenAPI 3.0 document without paths (a models-only client), with a warning. Pages must hold
a real document.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, GeneratorError, Location, NotOpenAPIError
from generator.fences import Fence, find_fences, page_lines
from generator.json_loader import parse_json
from generator.limits import DEFAULT_LIMITS, Limits, RefusedFile, Shape, check_shape, read_spec_file, refused, within
from generator.nodes import YDict, assign_pointers
from generator.yaml_loader import parse_yaml

PAGE_SUFFIXES = {".md", ".mdx", ".markdown", ".txt"}
SPEC_SUFFIXES = {".yaml", ".yml", ".json"}
_DOC_KEY = re.compile(r"""(?:^|[{,])\s*["']?(openapi|swagger|asyncapi)["']?\s*:""", re.MULTILINE)
_EXAMPLE_LABEL = re.compile(r"^\s*\*\*(Request|Response)\*\*\s*$")


@dataclass(frozen=True)
class PageExample:
    """A JSON example shown on a page under a `**Request**` or `**Response**` label."""

    kind: str  # "request" or "response"
    value: Any
    location: Location


@dataclass
class LoadedDocument:
    """One OpenAPI document and where it came from."""

    source: Path
    root: YDict
    examples: list[PageExample] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # tolerated quirks, for the context
    line: int = 0  # the fence's line, when its page holds several documents

    @property
    def name(self) -> str:
        """How messages name the document: its file, and its line on a page of several."""
        return f"{self.source}:{self.line}" if self.line else str(self.source)


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    return _display_path(os.fspath(path), os.getcwd())


@functools.lru_cache(maxsize=8192)
def _display_path(path: str, cwd: str) -> str:
    """`display_path`, once per path and working directory: resolving costs a system call per
    component, and a multi-file spec names each file thousands of times."""
    try:
        return str(Path(path).resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return os.path.normpath(path)  # `a/b/../c` and `a/c` are one file


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Expand folders into their page and spec files, sorted; refuse what is not there."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES | SPEC_SUFFIXES
            )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise GeneratorError(
                Location(str(path), 0), "no such file or folder", "check the spec path"
            )
    return files


def load_documents(path: Path, limits: Limits = DEFAULT_LIMITS, cache: ParseCaching | None = None) -> list[LoadedDocument]:
    """Every OpenAPI document of a page or spec file (a spec file holds one; a regular file
    within the size and shape `limits`). `cache`: where a big YAML spec file's parsed pieces
    are kept (`generator.parse_cache`), and whether they may be read."""
    try:
        text = read_spec_file(path, limits)
    except RefusedFile as exc:
        raise refused(Location(display_path(path), 0), exc) from None
    except OSError as exc:
        raise GeneratorError(
            Location(display_path(path), 0), f"cannot read file: {exc}", "check the file"
        ) from None
    documents, shape = _load_text(text, path, cache)
    for document in documents:
        if shape is None or not within(shape, limits):  # walked to find what passes a limit
            check_shape(document.root, limits)
    return documents


def _load_text(text: str, path: Path, cache: ParseCaching | None = None) -> tuple[list[LoadedDocument], Shape | None]:
    """The documents of a file, and their shape when the parse cache measured it."""
    if path.suffix.lower() in SPEC_SUFFIXES:
        shown = display_path(path)
        with _collector_paused():
            data, shape = _parse_spec_text(text, path, shown, 0, cache)
        if _is_fragment(data):
            return [_fragment_document(data, path)], shape
        return [LoadedDocument(path, _document(data, path, 1))], shape
    return page_documents(text, path), None


def load_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadedDocument:
    """The document of a page or spec file that holds one; a page of several is refused
    (read those with `load_documents`)."""
    return _only(load_documents(path, limits), path)


def _only(documents: list[LoadedDocument], path: Path) -> LoadedDocument:
    if len(documents) > 1:
        raise GeneratorError(
            Location(display_path(path), documents[1].line),
            f"the page holds {len(documents)} OpenAPI documents",
            "read it with load_documents",
        )
    return documents[0]


FRAGMENT_VERSION = "3.0.3"


def _is_fragment(data: Any) -> bool:
    """A components-only file: a `components` mapping at the top, and no document key, no
    `paths`, no `webhooks` (a whole document without its `openapi` key stays refused)."""
    return (
        isinstance(data, YDict)
        and not any(key in data for key in ("openapi", "swagger", "asyncapi", "paths", "webhooks"))
        and isinstance(data.get("components"), dict)
    )


def _fragment_document(data: YDict, path: Path) -> LoadedDocument:
    """A components-only fragment read as an OpenAPI 3.0 document without paths."""
    data["openapi"] = FRAGMENT_VERSION
    warning = Diagnostic(
        data.loc,
        "no `openapi` key, only `components`: read as an OpenAPI 3.0 document without paths "
        "(a models-only client; add `openapi`, `info` and `paths` to make it a full document)",
    )
    return LoadedDocument(path, data, warnings=[warning])


@dataclass(frozen=True)
class ParseCaching:
    """Where parsed pieces of big YAML spec files are cached; `read=False` (`--no-cache`)
    parses everything but still leaves the pieces for the next run."""

    cache_dir: Path
    read: bool = True


def parse_spec_text(text: str, path: Path, line_offset: int = 0, cache: ParseCaching | None = None) -> Any:
    """Parse a whole YAML or JSON spec file into located nodes; a big block-style YAML text
    piece by piece through `cache` when there is one (the same nodes, see `parse_cache`)."""
    shown = display_path(path)
    with _collector_paused():
        return _parse_spec_text(text, path, shown, line_offset, cache)[0]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a document is built: parsing allocates
    hundreds of thousands of nodes that all stay alive, and the collector would scan the
    growing heap again and again for nothing (GitHub's 3 MB spec: 1.1 of its 1.5 s of
    parsing). What a parse drops is freed by reference counting; cycles it leaves (shared
    YAML anchors are not cycles) wait for the next collection after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _parse_spec_text(
    text: str, path: Path, shown: str, line_offset: int, cache: ParseCaching | None
) -> tuple[Any, Shape | None]:
    """The located nodes of a spec text, and their shape when cached pieces gave it."""
    if path.suffix.lower() == ".json":
        data = parse_json(text, shown, line_offset)  # what the YAML way gives, at `json`'s speed
        if data is not None:
            return data, None
    try:
        if cache is not None:
            from generator.parse_cache import MIN_CHUNKED_BYTES, ChunkCache  # not on the no-op path
        if cache is not None and len(text) >= MIN_CHUNKED_BYTES:
            pieces = ChunkCache(cache.cache_dir, shown, cache.read, path)
            data = pieces.parse(text, line_offset, lambda piece, offset, pointer: parse_yaml(piece, shown, offset, pointer))
            if data is not None:
                return data, pieces.shape
        return parse_yaml(text, shown, line_offset), None  # located already, pointers too
    except GeneratorError:
        if path.suffix.lower() != ".json":
            raise
        data = _parse_json(text, shown)
    assign_pointers(data, shown)
    return data, None


def _parse_json(text: str, shown: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=YDict)
    except json.JSONDecodeError as exc:
        raise GeneratorError(
            Location(shown, exc.lineno), f"invalid JSON: {exc.msg}", "fix the JSON syntax"
        ) from None
    except RecursionError:
        raise GeneratorError(Location(shown, 0), "invalid JSON: nested too deeply", "flatten it with $refs") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise GeneratorError(Location(shown, 0), f"invalid JSON: {exc}", "write such a number as a string") from None


def _document(data: Any, path: Path, line: int) -> YDict:
    shown = display_path(path)
    if not isinstance(data, YDict):
        raise GeneratorError(
            Location(shown, line), "the document is not a mapping", "expected an OpenAPI object"
        )
    if "openapi" not in data:
        kind = "an AsyncAPI" if "asyncapi" in data else "a Swagger 2.0" if "swagger" in data else ""
        what = f"is {kind} document, not OpenAPI 3.x" if kind else "has no `openapi` key"
        raise NotOpenAPIError(
            data.loc, f"this {what}", "only OpenAPI 3.0 and 3.1 documents are supported"
        )
    for key in ("components", "webhooks", "paths"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise GeneratorError(
                data.loc.at(f"/{key}"),
                f"`{key}` must be a mapping, not {type(data[key]).__name__}",
                "check the document's structure against the OpenAPI specification",
            )
    version = str(data["openapi"])
    if not version.startswith("3."):
        raise GeneratorError(
            data.loc.at("/openapi"),
            f"unsupported OpenAPI version {version!r}",
            "only OpenAPI 3.0 and 3.1 are supported",
        )
    return data


def load_page_text(text: str, path: Path) -> LoadedDocument:
    """The OpenAPI document (and the JSON examples) of a Markdown page that holds one."""
    return _only(page_documents(text, path), path)


def page_documents(text: str, path: Path) -> list[LoadedDocument]:
    """Every OpenAPI document of a Markdown page, in page order, each with the JSON examples
    that follow it (up to the next document)."""
    shown = display_path(path)
    fences = find_fences(text)
    documents = [f for f in fences if _holds_document(f)]
    if not documents:
        raise NotOpenAPIError(
            Location(shown, 0),
            "no OpenAPI document found in the page",
            "the page needs a ```yaml or ```json fence holding a document with an `openapi` key",
        )
    openapi = [f for f in documents if any(m.group(1) == "openapi" for m in _DOC_KEY.finditer(f.text))]
    chosen = openapi or documents[:1]  # no `openapi` fence: the first refuses it as what it is
    several = len(chosen) > 1
    loaded: list[LoadedDocument] = []
    for fence in chosen:
        data = parse_spec_text(fence.text, Path(path), fence.first_line - 1)
        root = _document(data, path, fence.open_line)
        loaded.append(LoadedDocument(path, root, line=fence.open_line if several else 0))
    for example in _page_examples(text, fences, shown):
        above = [doc for doc, fence in zip(loaded, chosen) if fence.open_line < example.location.line]
        (above[-1] if above else loaded[0]).examples.append(example)
    return loaded


def _holds_document(fence: Fence) -> bool:
    """A YAML or JSON fence (or one without a language) with an OpenAPI/Swagger/AsyncAPI key."""
    return fence.language in {"yaml", "yml", "json", ""} and _DOC_KEY.search(fence.text) is not None


def client_bytes(path: Path) -> bytes:
    """What of an input file can change the client: a spec file whole; of a page, only the
    fences that may hold its document. Prose, code samples and the `**Request**` /
    `**Response**` examples never reach the client, so editing them changes no fingerprint."""
    data = path.read_bytes()
    if path.suffix.lower() not in PAGE_SUFFIXES:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # loading will refuse it; the fingerprint just must not hide the change
    fences = [f for f in find_fences(text) if _holds_document(f)]
    return "".join(f"{' '.join(f.info)}\n{len(f.text)}\n{f.text}" for f in fences).encode("utf-8")


def _page_examples(text: str, fences: list[Fence], shown: str) -> list[PageExample]:
    """JSON fences that directly follow a `**Request**` or `**Response**` label."""
    lines = page_lines(text)
    examples: list[PageExample] = []
    for fence in fences:
        if fence.language != "json":
            continue
        label = _label_before(lines, fence.open_line - 1)
        if label is None:
            continue
        try:
            value = json.loads(fence.text)
        except (ValueError, RecursionError):  # not JSON, or JSON no example can be
            continue
        examples.append(PageExample(label, value, Location(shown, fence.first_line)))
    return examples


def _label_before(lines: list[str], fence_index: int) -> str | None:
    index = fence_index - 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    if index < 0:
        return None
    match = _EXAMPLE_LABEL.match(lines[index])
    return match.group(1).lower() if match else None
