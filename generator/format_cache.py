"""Formatting generated Python with black, one top-level block at a time, through a cache.

black dominates generation time, and most of a regeneration re-formats code that did not
change. So a module is cut into top-level blocks (`split_blocks`), each block is formatted
on its own, and the results are joined with two blank lines (`join_blocks`) - what black
puts between top-level definitions anyway, so the result equals `black.format_str` of the
whole module (tests check this on the Dial client and on corpus specs).

- Cuts fall at top-level `class` / `def` boundaries, never where an indented comment
  lies between the two statements, and before a top-level `if` block that follows a simple
  statement (the lazy-loading `__getattr__` of a long index module), where black keeps the
  source's blank lines (`cut_module` says how many each block gets). Statements are found by scanning strings and brackets
  (`_top_level_statements`), not by parsing: `ast.parse` of a big `models.py` took about
  a second. Decorators and the comments directly
  above a definition go with it; a run of other statements (imports, assignments,
  `if TYPE_CHECKING:` ...) is one block.
- Neighbours stay together where black would not put two blank lines between them: after a
  dummy definition (body `...`) followed by the next definition with no blank line (black
  keeps such `@overload` stubs together), and around bare string statements (black has its
  own blank-line rules after a module docstring, and takes a string at the top of a block
  for one). Modules using `# fmt:` (or `# yapf:`) directives, form feeds or carriage
  returns, or whose brackets do not balance, are not cut at all.
- Most blocks never reach black: `generator.layout` lays them out exactly as black would and
  refuses (`Unsupported`) what it does not reproduce; the templates' few fixed functions it
  refuses are written in black's format and kept as they are (`generator.layout.verbatim`);
  only other refused blocks are formatted by black and cached, so a cold run of the usual
  templates never imports black.
- `BlockFormatter` lays out every block it can (no lookup: laying one out costs less than
  reading it), and a module the layouter takes as a whole it lays out whole, without cutting
  and joining (the same text: tests/test_module_scan.py). A block the layouter refuses is
  looked up in a content-addressed cache, keyed by sha256(black version + mode + unformatted
  block), one file per entry under `<cache_dir>/black/blocks/`, and formatted by black on a
  miss. Whole modules are cached by key too, but in one small file, `black/modules.json`
  (`read_module_pack`: a client of 1,400 model modules would otherwise cost 1,400 file
  writes on a cold run and as many reads after), which records the hash of each module's
  formatted text; the text is the file the last run wrote into the package folder
  (`package_dir`), taken while its hash matches. So an unchanged module is not even split.
  Entries are written atomically (temporary file + `os.replace`) and carry a checksum; an
  unreadable or corrupt entry counts as a miss and is rewritten. Deleting the folder is
  always safe. Without a cache folder every block is formatted; with `read=False`
  (`--no-cache`) every block is formatted too, and what it gives is cached for the next run.
  The folder gets a `.gitignore` of `*` (`prepare_cache_dir`), so it is never committed,
  even in a repository whose own `.gitignore` does not name it.
- Modules are formatted one at a time (their blocks are dropped after), and the statements
  the layouter keeps for reuse are cleared past `_MEMO_LIMIT`: this phase set the peak
  memory of a big spec's run.
- Misses are formatted in this process: worker processes were measured (2 cores, Twilio's
  spec) at 0-15% faster, not worth their start-up cost and complexity.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache_file import replace_file
from generator.layout import LayoutMemo, LogicalLine, Unsupported, layout_block, logical_lines
from generator.layout.verbatim import is_black_clean

if TYPE_CHECKING:
    import black



def black_mode() -> black.Mode:
    """The mode the generated code is formatted in (`_MODE` describes it for the cache keys)."""
    import black  # on first use: a `generate` with nothing to do never needs black

    return black.Mode(target_versions={black.mode.TargetVersion.PY310})


def format_block(source: str) -> str:
    """black's output for one block (or a whole module)."""
    import black

    return black.format_str(source, mode=black_mode())


_MODE = "target_versions={PY310}"  # what `black_mode` sets (keep the two together)


def cache_salt() -> str:
    """What decides black's output besides the block: black's version and the mode. The
    version comes from black's own small `_black_version` module: importing black costs
    0.1-0.2 s, which a cold run whose blocks are all laid out without black need not pay."""
    try:
        version = str(getattr(importlib.import_module("_black_version"), "version", ""))
    except ImportError:
        import black

        version = str(getattr(black, "__version__", ""))
    return f"{version}\0{_MODE}\0"


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
    """The module's source cut at top-level boundaries; "".join gives it back."""
    return [block for block, _ in cut_module(source)]


def cut_module(source: str) -> list[tuple[str, int]]:
    """The module's blocks, each with the blank lines black puts before it (0 for the first):
    two at a definition boundary (`_is_cut`); before a top-level `if` block that follows a
    simple statement (`_is_soft_cut`, such as the lazy `__getattr__` after a long index),
    the blank lines the source has there, at most two, as black keeps them."""
    return [(block.text, block.blank_before) for block in _cut(source)]


@dataclass
class _Block:
    """A block of a module: its text, the blank lines black puts before it, and its logical
    lines when the module's were found in one scan (else the layouter scans the block)."""

    text: str
    blank_before: int
    logical: list[LogicalLine] | None = None


_UNCUT = ("fmt:", "yapf:", "\f", "\r")  # a module holding one of these is one block


def _logical_lines(source: str) -> list[LogicalLine] | None:
    """The module's logical lines, or None: not to be cut (`_UNCUT`), or the layouter
    refuses something in it (its blocks then go their own way)."""
    if any(marker in source for marker in _UNCUT):
        return None
    try:
        return logical_lines(source)
    except Unsupported:
        return None


def _cut(source: str, logical: list[LogicalLine] | None = None) -> list[_Block]:
    """`cut_module`, with each block's logical lines when the module could be scanned whole
    (`logical`: the module's `_logical_lines`, when the caller has them)."""
    if any(marker in source for marker in _UNCUT):
        return [_Block(source, 0)]
    lines = [f"{line}\n" for line in source.split("\n")]  # as ast counts lines (not splitlines)
    lines[-1] = lines[-1][:-1]
    if logical is None:
        logical = _logical_lines(source)
    statements = _top_level_statements(source, lines) if logical is None else _top_level_of(logical, lines)
    if statements is None:
        return [_Block(source, 0)]  # unbalanced brackets or strings: black reports it, on the whole module
    cuts: list[tuple[int, int]] = []
    for index, (prev, node) in enumerate(zip(statements, statements[1:])):
        if _is_cut(lines, prev, node):
            cuts.append((_cut_line(lines, prev, node), 2))
        elif index and _is_soft_cut(lines, prev, node):
            cuts.append((node.first - 1, min(node.first - 1 - prev.end, 2)))
    starts = [(0, 0), *cuts]
    ends = [cut for cut, _ in cuts] + [len(lines)]
    blocks = [_Block("".join(lines[start:end]), blank) for (start, blank), end in zip(starts, ends)]
    if logical is not None:
        _hand_out(logical, blocks, [start for start, _ in starts])
    return blocks


def _hand_out(logical: list[LogicalLine], blocks: list[_Block], starts: list[int]) -> None:
    """Give each block the module's logical lines that start in it, as scanning the block
    alone would find them (the first one's blank lines counted from the block's first line;
    their line numbers stay the module's); a block without a final newline is left to scan
    itself (and refuse)."""
    position = 0
    for block, start, end in zip(blocks, starts, [*starts[1:], None]):
        own: list[LogicalLine] = []
        while position < len(logical) and (end is None or logical[position].first_line < end):
            line = logical[position]
            if not own:
                line = replace(line, blank_before=line.first_line - start)
            own.append(line)
            position += 1
        if block.text.endswith("\n"):
            block.logical = own


def _top_level_of(logical: list[LogicalLine], lines: list[str]) -> list[_Statement] | None:
    """`_top_level_statements` from the module's logical lines (no second scan)."""
    return _gather([(line.first_line, line.last_line) for line in logical], lines)


def _top_level_statement(lines: list[str], first: int, last: int, stripped: str, decorators: int | None) -> _Statement:
    head = stripped[6:] if stripped.startswith("async ") else stripped
    definition = head.startswith(("def ", "class "))
    return _Statement(
        first=(decorators if decorators is not None else first) + 1,
        end=last + 1,
        is_definition=definition or decorators is not None,
        is_string=stripped[0] in "'\"" or (stripped[:2].lstrip("rRbBuUfF")[:1] in ("'", '"')),
        ends_with_dummy_def=definition and _is_dummy_def(lines, first, last),
        head=stripped,
    )


# String literals as unrolled loops (runs of plain characters between escapes): one step
# per run, not per character (tests/test_string_tokens.py: the same matches as the plain form).
_SCAN = re.compile(
    r"""[rRbBuUfF]{0,2}(?:'\'\'[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'\'\'|\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
    |'[^'\\\n]*(?:\\.[^'\\\n]*)*'|"[^"\\\n]*(?:\\.[^"\\\n]*)*")|\#[^\n]*|[()\[\]{}]|\n
    |[^'"\#()\[\]{}\n]+  # the code between: taken in one match, which is quicker to skip""",
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Statement:
    """A top-level statement: 1-based first line (decorators included) and last line."""

    first: int
    end: int
    is_definition: bool
    is_string: bool
    ends_with_dummy_def: bool
    head: str = ""  # the first line, stripped
    compound: bool = False  # has indented lines (a body)


def _top_level_statements(source: str, lines: list[str]) -> list[_Statement] | None:
    """The module's top-level statements, found by scanning brackets and strings (no parse)."""
    logical: list[tuple[int, int]] = []  # 0-based first and last physical line
    depth = 0
    line = 0
    start = 0
    for match in _SCAN.finditer(source):
        token = match.group()
        char = token[0]
        if token == "\n":
            if depth == 0:
                logical.append((start, line))
                start = line + 1
            line += 1
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif char != "#":  # a string, or code between (no newline in it)
            line += token.count("\n")
    if depth:
        return None
    logical.append((start, line))
    return _gather(logical, lines)


def _gather(logical: list[tuple[int, int]], lines: list[str]) -> list[_Statement] | None:
    """The top-level statements of logical lines given as 0-based first and last physical
    lines: indented ones extend the statement before, decorators join the next one, blank
    and comment lines are skipped."""
    statements: list[_Statement] = []
    decorators: int | None = None
    for first, last in logical:
        text = lines[first]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if text[0] in " \t":
            if not statements:
                return None
            statements[-1].end = last + 1
            statements[-1].compound = True
            statements[-1].ends_with_dummy_def = _is_dummy_def(lines, first, last)
            continue
        if stripped.startswith("@"):
            decorators = first if decorators is None else decorators
            continue
        statements.append(_top_level_statement(lines, first, last, stripped, decorators))
        decorators = None
    return None if decorators is not None else statements


def _is_dummy_def(lines: list[str], first: int, last: int) -> bool:
    """Whether the logical line ends a dummy definition (`...` as its body), conservatively:
    also a lone `...` line counts."""
    tail = lines[last].rstrip()
    return tail.endswith(": ...") or lines[first].strip() == "..."


def join_blocks(formatted: Sequence[str], blank_before: Sequence[int] | None = None) -> str:
    """Formatted blocks as one module, one final newline: between blocks two blank lines, or
    as many as `blank_before` says (from `cut_module`)."""
    if len(formatted) == 1:
        return formatted[0]
    blanks = [2] * len(formatted) if blank_before is None else blank_before
    parts = [(text.rstrip("\n"), blank) for text, blank in zip(formatted, blanks)]
    text = ""
    for part, blank in parts:
        if part:
            text = f"{text}{chr(10) * (blank + 1)}{part}" if text else part
    return text + "\n" if text else ""


def _is_soft_cut(lines: list[str], prev: _Statement, node: _Statement) -> bool:
    """Whether black's blank lines before `node` are the source's (at most two), so it can be
    formatted apart: `node` is a top-level `if` block and `prev` a simple statement, neither
    an import, a definition or the module's first statement (the caller checks that), with
    only blank lines between. No definition is open then, and `prev` adds no blank lines
    after itself, so black's `EmptyLineTracker` keeps the user's count."""
    if prev.is_definition or node.is_definition or prev.compound or not node.compound:
        return False
    if not node.head.startswith("if ") or prev.head.startswith(("import ", "from ", "@")):
        return False
    return all(not line.strip() for line in lines[prev.end : node.first - 1])


def _is_cut(lines: list[str], prev: _Statement, node: _Statement) -> bool:
    """Whether black separates these neighbours with exactly two blank lines."""
    if not prev.is_definition and not node.is_definition:
        return False
    if node.first <= prev.end:
        return False
    if prev.is_string or node.is_string:  # docstring rules of black differ at block starts
        return False
    gap = lines[prev.end : node.first - 1]
    if any(line[:1].isspace() and line.lstrip().startswith("#") for line in gap):
        return False  # black may keep it in prev's body or move it out: not worth knowing
    adjacent = node.first == prev.end + 1
    return not (adjacent and prev.ends_with_dummy_def)


def _cut_line(lines: list[str], prev: _Statement, node: _Statement) -> int:
    """0-based index of the first line of `node`'s block.

    Between two statements there are only blank lines and comments (at column 0: indented
    ones prevent the cut). After a definition, the comments go with `node` (black puts two
    blank lines before them either way); after other statements only the comments directly
    above `node` do (the rest keep their spacing).
    """
    gap_start, cut = prev.end, node.first - 1
    if prev.is_definition:
        while gap_start < cut and not lines[gap_start].startswith("#"):
            gap_start += 1
        return gap_start
    while cut > gap_start and lines[cut - 1].startswith("#"):
        cut -= 1
    return cut


_MEMO_LIMIT = 2048  # laid-out statements kept for reuse (OpenAI: 28,000 distinct, ~11 MB)


@dataclass
class BlockFormatter:
    """Formats modules block by block, through the on-disk cache when it has a folder."""

    cache_dir: Path | None = None
    package_dir: Path | None = None  # where the modules were written last time (module cache)
    hits: int = 0  # blocks found in the cache
    misses: int = 0  # blocks black had to format
    laid_out: int = 0  # blocks (or whole modules) laid out without black (`generator.layout`), never cached
    module_hits: int = 0  # unchanged modules, found whole (not even split)
    read: bool = True  # False (`--no-cache`): look nothing up, but leave what it formats for the next run
    taken_elsewhere: int = 0  # the package's other modules (`render_cache`): the pack keeps room for them

    def format_modules(self, sources: dict[str, str]) -> dict[str, str]:
        """Each module (by name) formatted as `black.format_str` would."""
        salt = cache_salt() if self.cache_dir else ""
        whole = self.cache_dir is not None and self.package_dir is not None
        keys = {name: _key(salt, text) for name, text in sources.items()} if whole else {}
        packed = read_module_pack(self.cache_dir) if self.cache_dir is not None and whole else {}
        done: dict[str, str] = {}
        for name, key in keys.items() if self.read else ():
            digest = packed.get(key)
            if digest is not None and self.package_dir is not None:
                text = _text_with_digest(self.package_dir / name, digest)
                if text is not None:
                    done[name] = text
        self.module_hits += len(done)
        memo = LayoutMemo()  # laid-out statements and statement shapes, shared by the modules
        formatted_any = False
        for name, text in sources.items():  # one module at a time: its blocks are dropped after
            if name in done:
                continue
            formatted_any = True
            done[name] = self._format_module(text, salt, memo)
            if len(memo.statements) > _MEMO_LIMIT:
                memo.statements.clear()  # peak memory: the repeats worth keeping come back within a few modules
        if self.cache_dir is not None and whole and formatted_any:
            digests = {keys[name]: hashlib.sha256(done[name].encode()).hexdigest() for name in sources}
            _write_module_pack(self.cache_dir, packed, digests, self.taken_elsewhere)
        return {name: done[name] for name in sources}

    def _format_module(self, source: str, salt: str, memo: LayoutMemo) -> str:
        """The module laid out whole when the layouter takes it (most modules: no cutting and
        joining; black's output for the whole module is the join of its blocks' anyway), else
        block by block (`_format_block`)."""
        logical = _logical_lines(source)
        if logical is not None:
            try:
                text = layout_block(source, memo, logical)
                self.laid_out += 1
                return text
            except Unsupported:
                pass  # something in one block: the others are still laid out
        blocks = _cut(source, logical)
        return join_blocks(
            [self._format_block(block.text, salt, memo, block.logical) for block in blocks],
            [block.blank_before for block in blocks],
        )

    def _format_block(self, block: str, salt: str, memo: LayoutMemo, logical: list[LogicalLine] | None = None) -> str:
        """Laid out when the layouter can (most blocks: no cache lookup at all), else from the
        cache, else by black (and cached)."""
        try:
            text = layout_block(block, memo, logical)
            self.laid_out += 1
            return text
        except Unsupported:
            if is_black_clean(block):  # a fixed template block written in black's format
                self.laid_out += 1
                return block.rstrip("\n") + "\n"
        entry = self._entry(salt, block)
        cached = self._read(entry) if self.read else None
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        text = format_block(block)
        self._write(entry, text)
        return text

    def _entry(self, salt: str, source: str) -> Path | None:
        """Where the cache keeps a block's formatted text: sha256(salt + source)."""
        if self.cache_dir is None:
            return None
        key = _key(salt, source)
        return self.cache_dir / "black" / "blocks" / key[:2] / key

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
        _write_entry(self.cache_dir, entry, text)


def _key(salt: str, source: str) -> str:
    return hashlib.sha256(f"{salt}{source}".encode()).hexdigest()


def _write_entry(cache_dir: Path, entry: Path, text: str) -> None:
    """Write `<sha256 of text>\\n<text>` atomically (best effort: the cache only saves time)."""
    prepare_cache_dir(cache_dir)
    checksum = hashlib.sha256(text.encode()).hexdigest()
    replace_file(entry, f"{checksum}\n{text}".encode())  # a read-only or full disk must not fail the run


def _module_pack(cache_dir: Path) -> Path:
    return cache_dir / "black" / "modules.json"


def read_module_pack(cache_dir: Path) -> dict[str, str]:
    """What the module cache knows: sha256(salt + unformatted module) -> sha256 of its
    formatted text, for thousands of modules (one per model) in one file. The text itself is
    the module the last run wrote into the package folder, taken when its hash still matches
    (`_text_with_digest`), so the cache holds no second copy of the package. A missing,
    unreadable or damaged pack (its checksum line) counts as empty."""
    try:
        checksum, _, text = _module_pack(cache_dir).read_text(encoding="utf-8").partition("\n")
        if hashlib.sha256(text.encode()).hexdigest() != checksum:
            return {}
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}
    return data


def _text_with_digest(path: Path, digest: str) -> str | None:
    """The file's text if its sha256 is `digest` (else None: missing, edited, another run's)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _write_module_pack(cache_dir: Path, packed: dict[str, str], used: dict[str, str], elsewhere: int = 0) -> None:
    """This run's modules, after the older entries it did not use, kept up to three times as
    many entries as the package has modules (those this run used, and `elsewhere` the ones
    it took unrendered: their entries are among the older), the oldest dropped first, so
    that two packages sharing a cache folder both find theirs while the file stays bounded."""
    older = [(key, text) for key, text in packed.items() if key not in used]
    keep = max(0, 3 * (len(used) + elsewhere) - len(used))
    entries = dict(older[len(older) - keep :] if keep < len(older) else older)
    entries.update(used)
    if entries == packed and list(entries) == list(packed):
        return
    _write_entry(cache_dir, _module_pack(cache_dir), json.dumps(entries, ensure_ascii=False))
