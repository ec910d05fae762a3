"""The peers we compare with, in an environment of their own (`bench/.venv-peers`).

- openapi-python-client ("opc"): a whole client (attrs models with `from_dict`/`to_dict`,
  endpoint modules), formatted by the ruff it runs afterwards.
- datamodel-code-generator: pydantic v2 models only, formatted by black and isort; the
  reference for decoding (`model_validate`) and for models-only generation time.

`make bench` creates the environment from `bench/peers-requirements.txt` (exact versions),
so the project's own `.venv` gets nothing beyond what `pyproject.toml` installs.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bench.specs import ROOT

PEERS_VENV = ROOT / "bench" / ".venv-peers"
PEERS_PYTHON = PEERS_VENV / "bin" / "python"
KINDS = ("opc", "pydantic")
LABELS = {"ours": "ours", "opc": "openapi-python-client", "pydantic": "pydantic v2 (datamodel-code-generator)"}


def available() -> bool:
    return PEERS_PYTHON.exists()


def env() -> dict[str, str]:
    """The peers' environment: their `bin/` first on PATH (opc runs `ruff` from there)."""
    return {**os.environ, "PATH": f"{PEERS_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}


def opc_command(spec: Path, out: Path, config: Path) -> list[str]:
    return [
        str(PEERS_VENV / "bin" / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--meta",
        "none",  # the package only, as ours writes it
        "--output-path",
        str(out),
        "--config",
        str(config),
        "--overwrite",
    ]


def opc_config(package: str, extra: dict[str, object]) -> str:
    """openapi-python-client's config file (JSON is YAML): the package name, plus what the spec needs."""
    return json.dumps({"package_name_override": package, "project_name_override": package, **extra})


def dcg_command(spec: Path, out_file: Path) -> list[str]:
    return [
        str(PEERS_VENV / "bin" / "datamodel-codegen"),
        "--input",
        str(spec),
        "--input-file-type",
        "openapi",
        "--output",
        str(out_file),
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--formatters",  # its current default, said explicitly (it warns otherwise)
        "black",
        "isort",
    ]


def versions() -> dict[str, str]:
    """Installed versions of the peers and of pydantic, from their environment."""
    code = (
        "import importlib.metadata as m, json; print(json.dumps({n: m.version(n) for n in "
        "('openapi-python-client', 'datamodel-code-generator', 'pydantic', 'ruff')}))"
    )
    run = subprocess.run([str(PEERS_PYTHON), "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, str] = json.loads(run.stdout)
    return result
