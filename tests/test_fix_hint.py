"""`check`'s verdict names a command that regenerates where the check runs.

Run as the console script (what a repository using only the hook or a pip install has), the
hint is `openapi-docs-generate generate ...`; run as `python -m generator`, it is that; under
pre-commit (the `spec-sync` hook with `--check`, where the generator lives only in the hook's
environment), it is the pre-commit command. The target arguments are repeated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SPEC = """\
openapi: 3.0.3
info: {title: Tiny, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        "204": {description: pong}
"""
CONSOLE_SCRIPT = Path(sys.executable).parent / "openapi-docs-generate"


@pytest.mark.parametrize(
    ("program", "environ", "hint"),
    [
        ([str(CONSOLE_SCRIPT)], {}, "run `openapi-docs-generate generate api.yaml --out out --package tiny`"),
        ([sys.executable, "-m", "generator"], {}, "run `python -m generator generate api.yaml --out out --package tiny`"),
        ([str(CONSOLE_SCRIPT)], {"PRE_COMMIT": "1"}, "run `pre-commit run spec-sync --all-files`"),
    ],
    ids=["console-script", "python-m", "pre-commit"],
)
def test_check_names_a_command_that_works_there(
    tmp_path: Path, program: list[str], environ: dict[str, str], hint: str
) -> None:
    (tmp_path / "api.yaml").write_text(SPEC)
    env = {key: value for key, value in os.environ.items() if key != "PRE_COMMIT"} | environ
    run = subprocess.run(
        [*program, "check", "api.yaml", "--out", "out", "--package", "tiny"],
        cwd=tmp_path, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    verdict = run.stdout.splitlines()[0]
    assert verdict.startswith("out/tiny: not what the spec gives (0 differ, 0 stale,"), verdict
    assert hint in verdict
    if program[0] == str(CONSOLE_SCRIPT):
        assert "python -m generator" not in run.stdout
