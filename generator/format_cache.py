"""Formatting generated Python with black, one top-level block at a time, through a cache.

black dominates generation time, and most of a regeneration re-formats code that did not
change. So a module is cut into top-level blocks (`split_blocks`), each block is formatted
on its own, and the results are joined with two blank lines (`join_blocks`) - what black
puts between top-level definitions anyway, so the result equals `black.format_str` of the
whole module (tests check this on the Dial client and on corpus specs).

- Cuts fall only at top-level `class` / `def` boundaries (ast line ranges), never where an
  indented comment lies between the two statements. Decorators and the comments directly
  above a definition go with it; a run of other statements (imports, assignments,
  `if TYPE_CHECKING:` ...) is one block.
- Neighbours stay together where black would not put two blank lines between them: after a
  dummy definition (body `...`) followed by the next definition with no blank line (black
  keeps such `@overload` stubs together), and around bare string statements (black has its
  own blank-line rules after a module docstring, and takes a string at the top of a block
  for one). Modules using `# fmt:` (or `# yapf:`) directives, form feeds or carriage
  returns, or that do not parse, are not cut at all.
- Most blocks never reach black: `generator.layout` lays them out exactly as black would and
  refuses (`Unsupported`) what it does not reproduce; only refused blocks are formatted by
  black and cached. Laid-out blocks are not cached: laying one out costs less than reading it.
- `BlockFormatter` looks every block up in a content-addressed cache first, keyed by
  sha256(black version + mode + unformatted block), one file per entry under
  `<cache_dir>/black/blocks/`; whole modules are cached the same way (`black/modules/`), so
  an unchanged module is not even split (parsing a 100k-line module takes seconds). Entries
  are written atomically (temporary file + `os.replace`) and carry a checksum; an
  unreadable or corrupt entry counts as a miss and is rewritten. Deleting the folder is
  always safe. Without a cache folder every block is formatted. The folder gets a
  `.gitignore` of `*` (`prepare_cache_dir`), so it is never committed, even in a repository
  whose own `.gitignore` does not name it.
- Misses are formatted in this process: worker processes were measured (2 cores, Twilio's
  spec) at 0-15% faster, not worth their start-up cost and complexity.
"""

from __future__ import annotations

import ast
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.layout import Unsupported, layout_block

if TYPE_CHECKING:
    import black

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_SEPARATOR = "\n\n\n"  # black's two blank lines between top-level definitions


def black_mode() -> black.Mode:
    """The mode the generated code is formatted in."""
    import black  # on first use: a `generate` with nothing to do never needs black

    return black.Mode(target_versions={black.mode.TargetVersion.PY310})


def format_block(source: str) -> str:
    """black's output for one block (or a whole module)."""
    import black

    return black.format_str(source, mode=black_mode())


def _cache_salt() -> str:
    """What decides black's output besides the block: black's version and the mode."""
    import black

    return f"{getattr(black, '__version__', '')}\0{black_mode()!r}\0"


def prepare_cache_dir(cache_dir: Path) -> None:
    """Create the cache folder, with a `.gitignore` that keeps git away from it (best effort)."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        ignore = cache_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Cache of docs-openapi-generator; safe to delete.\n*\n", encoding="utf-8")
    except OSError:
        pass  # the cache only saves time


def split_blocks(source: str) -> list[str]:
    """The module's source cut at top-level definition boundaries; "".join gives it back."""
    if any(marker in source for marker in ("fmt:", "yapf:", "\f", "\r")):
        return [source]
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return [source]  # black reports it, on the whole module
    lines = [f"{line}\n" for line in source.split("\n")]  # as ast counts lines (not splitlines)
    lines[-1] = lines[-1][:-1]
    cuts = [_cut_line(lines, prev, node) for prev, node in zip(body, body[1:]) if _is_cut(lines, prev, node)]
    starts = [0, *cuts]
    ends = [*cuts, len(lines)]
    return ["".join(lines[start:end]) for start, end in zip(starts, ends)]


def join_blocks(formatted: Sequence[str]) -> str:
    """Formatted blocks as one module: two blank lines between blocks, one final newline."""
    if len(formatted) == 1:
        return formatted[0]
    parts = [text.rstrip("\n") for text in formatted]
    text = _SEPARATOR.join(part for part in parts if part)
    return text + "\n" if text else ""


def _first_line(node: ast.stmt) -> int:
    """1-based line where the statement starts, decorators included."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _is_cut(lines: list[str], prev: ast.stmt, node: ast.stmt) -> bool:
    """Whether black separates these neighbours with exactly two blank lines."""
    if not isinstance(prev, _DEFINITIONS) and not isinstance(node, _DEFINITIONS):
        return False
    if prev.end_lineno is None or _first_line(node) <= prev.end_lineno:
        return False
    if _is_string(prev) or _is_string(node):  # docstring rules of black differ at block starts
        return False
    gap = lines[prev.end_lineno : _first_line(node) - 1]
    if any(line[:1].isspace() and line.lstrip().startswith("#") for line in gap):
        return False  # black may keep it in prev's body or move it out: not worth knowing

    adjacent = _first_line(node) == prev.end_lineno + 1
    return not (adjacent and _ends_with_dummy_def(prev))


def _ends_with_dummy_def(node: ast.stmt) -> bool:
    """Whether the statement's last line is a `def ...: ...` (black's "stub def")."""
    return any(
        isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef))
        and inner.end_lineno == node.end_lineno
        and _is_dummy(inner.body)
        for inner in ast.walk(node)
    )


def _is_string(node: ast.stmt) -> bool:
    """A bare string statement.

    At the top of a block black would take it for a module docstring; after a module
    docstring black puts one blank line before a decorator, not two.
    """
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_dummy(body: list[ast.stmt]) -> bool:
    only = body[0] if len(body) == 1 else None
    return (
        isinstance(only, ast.Expr) and isinstance(only.value, ast.Constant) and only.value.value is Ellipsis
    )


def _cut_line(lines: list[str], prev: ast.stmt, node: ast.stmt) -> int:
    """0-based index of the first line of `node`'s block.

    Between two statements there are only blank lines and comments (at column 0: indented
    ones prevent the cut). After a definition, the comments go with `node` (black puts two
    blank lines before them either way); after other statements only the comments directly
    above `node` do (the rest keep their spacing).
    """
    assert prev.end_lineno is not None
    gap_start, cut = prev.end_lineno, _first_line(node) - 1
    if isinstance(prev, _DEFINITIONS):
        while gap_start < cut and not lines[gap_start].startswith("#"):
            gap_start += 1
        return gap_start
    while cut > gap_start and lines[cut - 1].startswith("#"):
        cut -= 1
    return cut


@dataclass
class BlockFormatter:
    """Formats modules block by block, through the on-disk cache when it has a folder."""

    cache_dir: Path | None = None
    hits: int = 0  # blocks found in the cache
    misses: int = 0  # blocks black had to format
    laid_out: int = 0  # blocks laid out without black (`generator.layout`), never cached
    module_hits: int = 0  # unchanged modules, found whole (not even split)

    def format_modules(self, sources: dict[str, str]) -> dict[str, str]:
        """Each module (by name) formatted as `black.format_str` would."""
        salt = _cache_salt() if self.cache_dir else ""
        done: dict[str, str] = {}
        for name, text in sources.items():
            cached = self._read(self._entry(salt, text, "modules"))
            if cached is not None:
                done[name] = cached
        self.module_hits += len(done)
        split = {name: split_blocks(text) for name, text in sources.items() if name not in done}
        unique = {block for blocks in split.values() for block in blocks}
        formatted = self._format_all(unique, salt)
        for name, blocks in split.items():
            done[name] = join_blocks([formatted[b] for b in blocks])
            self._write(self._entry(salt, sources[name], "modules"), done[name])
        return {name: done[name] for name in sources}

    def _format_all(self, blocks: set[str], salt: str) -> dict[str, str]:
        done: dict[str, str] = {}
        missing: list[str] = []
        for block in sorted(blocks):
            cached = self._read(self._entry(salt, block))
            if cached is None:
                missing.append(block)
            else:
                done[block] = cached
        self.hits += len(done)
        memo: dict[tuple[str, int, bool], Any] = {}  # laid-out statements, shared by the blocks
        for block in missing:
            try:
                done[block] = layout_block(block, memo)
                self.laid_out += 1
                continue
            except Unsupported:
                pass
            self.misses += 1
            done[block] = text = format_block(block)
            self._write(self._entry(salt, block), text)
        return done

    def _entry(self, salt: str, source: str, kind: str = "blocks") -> Path | None:
        """Where the cache keeps a block's (or module's) formatted text: sha256(salt + source)."""
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{salt}{source}".encode()).hexdigest()
        return self.cache_dir / "black" / kind / key[:2] / key

    def _read(self, entry: Path | None) -> str | None:
        if entry is None:
            return None
        try:
            checksum, _, text = entry.read_text(encoding="utf-8").partition("\n")
        except (OSError, UnicodeDecodeError):
            return None
        return text if hashlib.sha256(text.encode()).hexdigest() == checksum else None

    def _write(self, entry: Path | None, text: str) -> None:
        if entry is None or self.cache_dir is None:
            return
        prepare_cache_dir(self.cache_dir)
        checksum = hashlib.sha256(text.encode()).hexdigest()
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(f"{checksum}\n{text}")
                os.replace(tmp, entry)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # the cache only saves time; a read-only or full disk must not fail the run
