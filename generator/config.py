"""Defaults from `[tool.generator]` in pyproject.toml; command-line options override them.

The table has nine keys, all optional: `spec` (a path or a list of paths: pages, spec files
or folders), `out` (the output folder), `package` (the package name), `docs_url` (the
docs site `pull` reads; pages go into the first `spec` entry), `cache_dir` (the
formatting cache and run stamps, default `.generator-cache`; without a `[tool.generator]`
table up the tree, the user's cache folder: `user_cache_dir`), `strict` (a boolean:
every warning is an error, as with `--strict`; default false), `max_file_mb` (a positive
integer: the largest page or spec file read, `$ref`'d ones included; default 16) and
`allow_multiple_apis` (a boolean: merge pages of different APIs, as with
`--allow-multiple-apis`; default false) and `env_prefix` (the client's environment
variables are `<PREFIX>_API_KEY`, ...; default: the vendor's name from the API title, else
the package name). Paths are relative
to the folder of the pyproject.toml. An unknown key or a value of the wrong type is one error
line naming the file, the line and the key.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from generator.diagnostics import GeneratorError, Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULTS: dict[str, Any] = {
    "spec": ["spec"],
    "out": "generated",
    "package": "client",
    "docs_url": None,
    "cache_dir": ".generator-cache",
    "strict": False,
    "max_file_mb": 16,
    "allow_multiple_apis": False,
    "env_prefix": None,
}
BOOLEAN_KEYS = frozenset({"strict", "allow_multiple_apis"})
INTEGER_KEYS = frozenset({"max_file_mb"})
KEYS = tuple(DEFAULTS)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path) -> tuple[dict[str, Any], Path]:
    """The `[tool.generator]` table merged over the defaults, and the folder it is relative to."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        return outside_a_project(), start
    try:
        text = pyproject.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GeneratorError(Location(str(pyproject), 0), f"cannot read: {exc}", "fix the TOML") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict) or "generator" not in tool:
        return outside_a_project(), pyproject.parent
    table = tool["generator"]
    config = dict(DEFAULTS)
    config.update(_validated(table, pyproject, text))
    return config, pyproject.parent


def outside_a_project() -> dict[str, Any]:
    """The defaults where no pyproject.toml up the tree has a `[tool.generator]` table: the
    cache goes to the user's cache folder, never into whatever folder the run started in."""
    return {**DEFAULTS, "cache_dir": str(user_cache_dir())}


def user_cache_dir() -> Path:
    """This generator's folder in the user's cache: `$XDG_CACHE_HOME` (else `~/.cache`) on
    Linux and other Unixes, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".cache")  # a relative one is invalid
    return Path(base) / "docs-openapi-generator"


def _validated(table: object, pyproject: Path, text: str) -> dict[str, Any]:
    """The table's keys, checked: known names, strings (or a list of strings for `spec`),
    booleans for `strict` and `allow_multiple_apis`."""
    if not isinstance(table, dict):
        where = Location(str(pyproject), _line_of(text, None), "/tool/generator")
        raise GeneratorError(where, "[tool.generator] must be a table", "write it as a [tool.generator] section")
    for key, value in table.items():
        where = Location(str(pyproject), _line_of(text, key), f"/tool/generator/{key}")
        if key not in KEYS:
            raise GeneratorError(
                where, f"unknown key {key!r} in [tool.generator]", f"the keys are {', '.join(KEYS)}"
            )
        if key == "spec" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            continue
        if key in BOOLEAN_KEYS:
            if not isinstance(value, bool):
                raise GeneratorError(where, f"{key} must be true or false, not {value!r}", "fix the value")
            continue
        if key in INTEGER_KEYS:
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise GeneratorError(where, f"{key} must be a positive integer, not {value!r}", "fix the value")
            continue
        if not isinstance(value, str) or not value:
            wanted = "a path or a list of paths" if key == "spec" else "a non-empty string"
            raise GeneratorError(where, f"{key} must be {wanted}, not {value!r}", "fix the value")
        if key == "env_prefix" and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", value):
            raise GeneratorError(
                where, f"env_prefix must be letters, digits and _ (a name), not {value!r}", "e.g. env_prefix = \"OPENAI\""
            )
    config = dict(table)
    if isinstance(config.get("spec"), str):
        config["spec"] = [config["spec"]]
    return config


def _line_of(text: str, key: str | None) -> int:
    """The 1-based line defining `tool.generator.<key>` (or the table itself); 0 if not found.

    Follows table headers and dotted keys (`[tool]` then `generator.out = ...`) well enough to
    point at the line; TOML itself was already parsed by tomllib.
    """
    wanted = "tool.generator" + ("" if key is None else f".{key}")
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[([^\[\]]+)\]\s*(#.*)?", stripped)
        if header:
            table = _dotted(header.group(1))
            if table == wanted:
                return number
            continue
        assignment = re.match(r"([A-Za-z0-9_\-.\s\"']+?)\s*=", stripped)
        if assignment:
            name = _dotted(assignment.group(1))
            full = f"{table}.{name}" if table else name
            if full == wanted:
                return number
    return 0


def _dotted(name: str) -> str:
    """A TOML key path without spaces or quotes: ` tool . "generator" ` -> `tool.generator`."""
    return ".".join(part.strip().strip("\"'") for part in name.split("."))
