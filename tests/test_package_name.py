"""The package is importable by the name the user chose (`--package foo_`, `--package Dial`):
its folder, its `_index.json`, its README and its environment variables agree with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_PAGE, LocalServer


@pytest.mark.parametrize("package", ["dial_", "Dial"])
def test_package_name_is_used_as_given(tmp_path: Path, server: LocalServer, package: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SEED_PAGE), "--out", str(tmp_path), "--package", package],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    folder = tmp_path / package
    index = json.loads((folder / "_index.json").read_text())
    assert index["package"] == package
    assert index["clients"]["sync"] == f"{package}.Client"
    readme = (folder / "README.md").read_text()
    assert f"from {package} import Client" in readme
    server.answer("GET", "/api/v1/billing", 200, {"balanceCents": 5})
    script = (
        f"import {package}\n"
        f"with {package}.Client(api_key='k', base_url={server.url!r}) as client:\n"
        "    print(client.billing.get().balance_cents)\n"
    )
    called = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert called.returncode == 0, called.stderr
    assert called.stdout.strip() == "5"
