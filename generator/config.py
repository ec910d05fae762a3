"""Defaults from `[tool.generator]` in pyproject.toml; command-line options override them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from generator.diagnostics import GeneratorError, Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULTS: dict[str, Any] = {"spec": ["spec"], "out": "generated", "package": "client"}


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
        return dict(DEFAULTS), start
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GeneratorError(Location(str(pyproject), 0), f"cannot read: {exc}", "fix the TOML") from None
    table = data.get("tool", {}).get("generator", {})
    config = dict(DEFAULTS)
    config.update(table)
    if isinstance(config["spec"], str):
        config["spec"] = [config["spec"]]
    return config, pyproject.parent
