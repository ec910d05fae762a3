"""Parsing a big YAML spec piece by piece, through a cache, so that one edit re-parses one piece.

Parsing the OpenAI spec (2 MB of YAML) takes about a second, most of a regeneration after a
one-schema edit. So a big block-style YAML text is cut into pieces (`split_chunks`): its
top-level keys, the keys of their block mappings (`paths/<path>`, `components/<kind>`) and
the keys below those (`components/schemas/<Name>`). Each piece is parsed on its own (a
mapping of one key, with its true line numbers: it is parsed at its line offset), and what it
gives is cached under the hash of its text; the document is then put together from the pieces
(`ChunkCache.parse`), exactly as the whole parse builds it, each mapping located at its first
key as PyYAML locates it. A cached piece that moved (lines added or removed above it) gets its
line numbers shifted, so diagnostics still cite the right lines.

The splitter is conservative; any doubt means one whole-text parse, the ordinary way (which
also reports any YAML error with its true place):
- document markers or directives (`---`, `...`, `%` at a line start), a tab in indentation,
  a line break other than `\n` (PyYAML counts `\r`, NEL and the Unicode separators as
  lines), or a text that is not a block mapping at column 0 (JSON, flow style);
- a key line that is a merge (`<<`), a complex key (`?`) or a bare `:`;
- a line less indented than its siblings, or content before the first key of a block;
- a piece that does not parse on its own, or does not give a mapping of exactly one key
  (a multi-line quoted or flow scalar cut in two, an alias to an anchor in another piece).
Only a header with a plain name and nothing after its colon (`schemas:`) is opened into
pieces; everything else (sequences, anchors, tags, flow style) stays inside one piece.

The cache is one file per spec file (by its resolved path) under `<cache_dir>/parse/`: marshal data (no code) with a
checksum and a salt (this generator's version, PyYAML's, and the loader's own source); the
pieces are pickles read by an unpickler that builds only located dicts and lists
(`_NodeUnpickler`), each kept with its shape (`limits.shape_of`), so that the document's
depth and enums are checked from the pieces' shapes, without a walk. An unreadable, corrupt or foreign file counts as empty and is rewritten;
deleting the folder is always safe. It is rewritten only when a piece was parsed.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import __version__
from generator.cache_file import read_entries, write_entries
from generator.diagnostics import Location
from generator.limits import Shape, shape_of
from generator.nodes import YDict, YList, pointer_join

MIN_CHUNKED_BYTES = 200_000  # smaller texts parse in well under 0.1 s: not worth a cache
_DEPTH = 3  # pieces at most this deep (`components/schemas/<Name>`)
_NOT_PLAIN_NAMES = frozenset({"true", "false", "null", "y", "n", "yes", "no", "on", "off"})
_FORMAT = b"docs-openapi-generator parse cache 2\n"
_ParsePiece = Callable[[str, int, str], Any]  # (piece's text, its line offset, its pointer) -> its nodes, located


@dataclass
class _Block:
    """A mapping cut into pieces: each child is a piece (its text's `(start, end)` offsets)
    or a block under its key."""

    first_key: int  # offset of its first key: where PyYAML locates the mapping
    children: list[tuple[str, _Block] | tuple[int, int]] = field(default_factory=list)


def split_chunks(text: str) -> _Block | None:
    """The text's pieces, or None when the text is not one the splitter is sure of."""
    if _unsure_text(text):
        return None  # markers, flow style at the top, tabs, or line breaks PyYAML counts and split does not
    unit = re.search(r"^( +)[^ \n#]", text, re.MULTILINE)  # the first indented line's indentation
    deepest = 2 * len(unit.group(1)) if unit else 0  # the keys of pieces are no deeper than this
    content = content_lines(text, deepest)
    if not content or content[0][1] != 0:
        return None
    return _split(text, content, 0, len(content), len(text), 1)


def content_lines(text: str, deepest: int) -> list[tuple[int, int]]:
    """(offset, indent) of the lines that are neither blank nor comments, down to `deepest`:
    deeper lines are inside a piece, whatever they hold (a block whose keys are deeper stays
    one piece). Searched after each "\\n": 3x faster than `^...` with re.MULTILINE."""
    line = rf"( {{0,{deepest}}})[^ \n#]"
    first = re.match(line, text)
    content = [(0, len(first.group(1)))] if first else []
    content += [(m.start() + 1, len(m.group(1))) for m in re.finditer("\n" + line, text)]
    return content


_LINE_STARTS = ("---", "...", "%", "{", "[")  # document markers, directives, flow style at the top
_LINE_START = re.compile("\n(?:" + "|".join(map(re.escape, _LINE_STARTS)) + ")")  # one after a line break


def _unsure_text(text: str) -> bool:
    """Whether a line starts with a document marker, a directive or flow style, a line's
    indentation holds a tab, or the text holds a line break PyYAML counts and split does not
    (`\\r`, NEL, the Unicode separators); by substring searches and one regex led by a line
    break (2 ms on the OpenAI spec, where a `^...` regex in MULTILINE mode took 50 ms and a
    substring search per line start 12 ms)."""
    if any(char in text for char in "\r\x85\u2028\u2029"):
        return True
    if text.startswith(_LINE_STARTS) or _LINE_START.search(text) is not None:
        return True
    return "\t" in text and re.search(r"^ *\t", text, re.MULTILINE) is not None


_HEADER = re.compile(r" *([A-Za-z_][A-Za-z0-9_.-]*):[ ]*$", re.MULTILINE)  # a plain key, its value below


def _split(text: str, content: list[tuple[int, int]], lo: int, hi: int, end: int, depth: int) -> _Block | None:
    """The block of content lines lo..hi (all at its column or deeper; `end`: the offset after it)."""
    column = content[lo][1]
    starts: list[int] = []
    for k in range(lo, hi):
        start, indent = content[k]
        if indent < column:
            return None
        if indent == column:
            head = text[start + column : start + column + 2]
            if head.startswith(("<<", "?", ":")):
                return None
            if not head.startswith("-"):  # `key:` then `- item` at the key's own column is its value
                starts.append(k)
    if not starts or starts[0] != lo:
        return None
    block = _Block(content[lo][0] + column)
    for n, k in enumerate(starts):
        k_next = starts[n + 1] if n + 1 < len(starts) else hi
        first, last = content[k][0], content[k_next][0] if k_next < hi else end
        header = _HEADER.match(text, first)
        opens = (
            depth < _DEPTH
            and header is not None
            and header.group(1).lower() not in _NOT_PLAIN_NAMES
            and k + 1 < k_next
            and content[k + 1][1] > column
            and text[content[k + 1][0] + content[k + 1][1]] != "-"
        )
        if opens and header is not None:
            inner = _split(text, content, k + 1, k_next, last, depth + 1)
            if inner is None:
                return None
            block.children.append((header.group(1), inner))
        else:
            block.children.append((first, last))
    return block


class _NodeUnpickler(pickle.Unpickler):
    """Builds located dicts and lists only: a cache file cannot make it run anything."""

    _ALLOWED = {("generator.nodes", "YDict"): YDict, ("generator.nodes", "YList"): YList, ("generator.diagnostics", "Location"): Location}

    def find_class(self, module: str, name: str) -> Any:
        found = self._ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a parse-cache type")
        return found


def _salt(file: str) -> bytes:
    import yaml

    from generator import yaml_loader

    loader_source = Path(yaml_loader.__file__).read_bytes()
    return b"\0".join([__version__.encode(), str(getattr(yaml, "__version__", "")).encode(), hashlib.sha256(loader_source).digest(), file.encode()])


class ChunkCache:
    """The cached pieces of one spec file's text (see the module docstring)."""

    def __init__(self, cache_dir: Path, file: str, read: bool = True, source: Path | None = None) -> None:
        self.file = file  # the display name every location carries
        self.salt = _salt(file)
        where = str(source.resolve()) if source is not None else file  # two projects sharing a cache folder keep apart
        self.path = cache_dir / "parse" / f"{hashlib.sha256(where.encode()).hexdigest()[:32]}.bin"
        self.entries = self._read() if read else {}  # `--no-cache` writes the cache but never reads it
        self.used: dict[bytes, tuple[int, bytes, int, int]] = {}
        self.missed = 0
        self.shape: Shape = (0, 0)  # the document's, from its pieces' (`limits.shape_of`)

    def _read(self) -> dict[bytes, tuple[int, bytes, int, int]]:
        return read_entries(self.path, _FORMAT, self.salt)

    def parse(self, text: str, line_offset: int, parse: _ParsePiece) -> Any:
        """The document of `text` put together from its pieces, its nodes located (lines and
        JSON pointers, as `assign_pointers` gives them); None when the text cannot be
        cut (the caller parses it whole). `parse(text, line_offset, pointer)` parses one piece
        (a mapping of one key, in the mapping at `pointer`) into located nodes, as
        `yaml_loader.parse_yaml` does; a piece that fails to parse, or gives anything but a
        mapping of one key, raises `_Unsure`."""
        block = split_chunks(text)
        if block is None:
            return None
        try:
            document = self._assemble(block, text, _Lines(text, line_offset), parse)
        except _Unsure:
            return None
        self._save()
        return document

    def _assemble(self, block: _Block, text: str, lines: _Lines, parse: _ParsePiece, pointer: str = "") -> YDict:
        data = YDict()
        data.loc = Location(self.file, lines.number(block.first_key), pointer)
        for child in block.children:
            if isinstance(child[1], _Block):
                data[child[0]] = self._assemble(child[1], text, lines, parse, pointer_join(pointer, child[0]))
                continue
            start, end = child
            piece = self._piece(text[start:end], lines.number(start) - 1, parse, pointer)
            key, value = next(iter(piece.items()))
            data[key] = value
        return data

    def _piece(self, text: str, line: int, parse: _ParsePiece, pointer: str) -> YDict:
        """The piece's nodes, located (lines and JSON pointers below `pointer`, the mapping
        it is a key of): the pointers are cached with it, so the key includes `pointer`."""
        key = hashlib.blake2b(f"{pointer}\0{text}".encode(), digest_size=16).digest()
        cached = self.entries.get(key)
        if isinstance(cached, tuple) and len(cached) == 4:
            try:
                piece = _NodeUnpickler(io.BytesIO(cached[1])).load()
            except Exception:  # a corrupt piece: parse it again
                piece = None
            if isinstance(piece, YDict) and len(piece) == 1:
                self.used[key] = cached
                if cached[0] != line:
                    _shift(piece, line - cached[0], self.file)
                self._measured(pointer, cached[2], cached[3])
                return piece
        try:
            piece = parse(text, line, pointer)  # located within the piece, as over the whole document: no node is shared across pieces
        except Exception:
            raise _Unsure from None
        if not isinstance(piece, YDict) or len(piece) != 1:
            raise _Unsure
        self.missed += 1
        deepest, longest = shape_of(piece)
        self.used[key] = (line, pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL), deepest, longest)
        self._measured(pointer, deepest, longest)
        return piece

    def _measured(self, pointer: str, deepest: int, longest: int) -> None:
        """Count a piece's shape in the document's: its root stands for the mapping at
        `pointer`, as deep in the document as `pointer` has tokens."""
        self.shape = (max(self.shape[0], pointer.count("/") + deepest), max(self.shape[1], longest))

    def _save(self) -> None:
        """Write the pieces this run used, when any was parsed (best effort: a cache only saves time)."""
        if not self.missed and len(self.used) == len(self.entries):
            return
        write_entries(self.path, _FORMAT, self.salt, self.used)


class _Lines:
    """Line numbers of offsets in a text (1-based, plus the text's own line offset), counted
    on from the offset asked for before (pieces are asked for in order of their offsets)."""

    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.offset = offset
        self.position, self.line = 0, 1 + offset

    def number(self, position: int) -> int:
        if position < self.position:
            self.position, self.line = 0, 1 + self.offset
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


class _Unsure(Exception):
    """A piece that does not parse on its own as one key: parse the text whole."""


def _shift(root: object, delta: int, file: str) -> None:
    """Move every location in a cached piece by `delta` lines."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, (YDict, YList)):
            node.loc = Location(file, node.loc.line + delta, node.loc.pointer)
            stack.extend(c for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, (dict, list)))
