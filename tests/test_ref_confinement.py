"""File `$ref`s read only regular files under the spec's folder or the project root, under a
size cap; anything else is one `error:` line at the `$ref`, exit 2, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, LocalServer, one_error_line

from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.limits import Limits
from generator.pipeline import build_spec

SPEC = """\
openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "{ref}"}}
"""
SECRET = "Secret:\n  type: object\n  description: TOP-SECRET-TEXT\n"


def _generate(cwd: Path, spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out), "--package", "p", "--no-cache"],
        cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120,
    )  # fmt: skip


def _project(tmp_path: Path, ref: str) -> Path:
    """A project folder (with its pyproject.toml) holding `spec/api.yaml` whose schema is `ref`;
    a secret YAML file lies beside the project, outside it."""
    (tmp_path / "secret.yaml").write_text(SECRET, encoding="utf-8")
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.generator]\n", encoding="utf-8")
    (project / "spec" / "api.yaml").write_text(SPEC.format(ref=ref), encoding="utf-8")
    return project


def _assert_refused(run: subprocess.CompletedProcess[str], out: Path, *needles: str) -> None:
    line = one_error_line(run, "error: spec/api.yaml:11 /paths/~1x/get/", *needles)
    assert line.rstrip(")").endswith("copy the file there") or "not a regular file" in line, line
    assert not out.exists()


@pytest.mark.parametrize("ref", ["../../secret.yaml#/Secret", "{secret}#/Secret"])
def test_ref_outside_the_spec_folder_and_project_is_refused(tmp_path: Path, ref: str) -> None:
    """A `../` or absolute `$ref` to a YAML file beyond the project is an error, not read."""
    project = _project(tmp_path, ref.format(secret=tmp_path / "secret.yaml"))
    out = tmp_path / "out"
    run = _generate(project, Path("spec/api.yaml"), out)
    _assert_refused(run, out)
    assert "TOP-SECRET-TEXT" not in run.stderr


def test_symlink_leading_out_of_the_spec_folder_is_refused(tmp_path: Path) -> None:
    """A file inside the folder that is a symlink to one outside counts as outside."""
    project = _project(tmp_path, "shared.yaml#/Secret")
    (project / "spec" / "shared.yaml").symlink_to(tmp_path / "secret.yaml")
    out = tmp_path / "out"
    _assert_refused(_generate(project, Path("spec/api.yaml"), out), out, "leads outside")


@pytest.mark.parametrize("ref", ["/dev/zero", "/etc/hostname"])
def test_absolute_ref_is_refused_even_to_a_device(tmp_path: Path, ref: str) -> None:
    """`/dev/zero` used to be read until memory ran out; now it is refused before opening."""
    project = _project(tmp_path, ref)
    out = tmp_path / "out"
    _assert_refused(_generate(project, Path("spec/api.yaml"), out), out, "absolute path")


def test_ref_to_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    """A FIFO inside the spec folder is not a regular file: refused, never opened for a
    blocking read (the test would hang otherwise)."""
    project = _project(tmp_path, "pipe.yaml#/Secret")
    os.mkfifo(project / "spec" / "pipe.yaml")
    out = tmp_path / "out"
    _assert_refused(_generate(project, Path("spec/api.yaml"), out), out, "FIFO", "not a regular file")


def test_ref_to_a_folder_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path, "models#/Secret")
    (project / "spec" / "models").mkdir()
    out = tmp_path / "out"
    _assert_refused(_generate(project, Path("spec/api.yaml"), out), out, "is a folder")


def test_ref_within_the_project_root_is_read(tmp_path: Path) -> None:
    """`../common/models.yaml` from `spec/` stays under the project root: allowed."""
    project = _project(tmp_path, "../common/models.yaml#/Pet")
    (project / "common").mkdir()
    (project / "common" / "models.yaml").write_text(
        "Pet:\n  type: object\n  properties:\n    name: {type: string}\n", encoding="utf-8"
    )
    run = _generate(project, Path("spec/api.yaml"), tmp_path / "out")
    assert run.returncode == 0, run.stderr
    use = "from p.models import Pet; print(Pet.from_dict({'name': 'Rex'}).name)"  # the model read from there
    used = subprocess.run([sys.executable, "-c", use], cwd=tmp_path / "out", capture_output=True, text=True)
    assert used.stdout == "Rex\n", used.stderr


def test_ref_to_a_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    """The cap is read from the file's size before parsing (a small cap here)."""
    spec = tmp_path / "api.yaml"
    spec.write_text(SPEC.format(ref="big.yaml#/Pet"), encoding="utf-8")
    (tmp_path / "big.yaml").write_text("Pet:\n  type: object\n  description: " + "x" * 5000 + "\n", encoding="utf-8")
    ctx = Context(Options((spec,), tmp_path / "out", "p", root=tmp_path, limits=Limits(max_file_bytes=4096)))
    with pytest.raises(GeneratorError) as caught:
        build_spec(ctx)
    line = caught.value.one_line()
    assert "/schema/$ref: file $ref 'big.yaml': the file is over the size limit of 4,096 bytes" in line, line
    assert "max_file_mb" in line


def test_multi_file_digitalocean_spec_still_resolves() -> None:
    """2,034 files reached through relative `$ref`s, all under the root file's folder."""
    root = CORPUS / "multi" / "digitalocean_multi" / "DigitalOcean-public.v2.yaml"
    spec = build_spec(Context(Options((root,), Path("unused"), "digitalocean", root=Path("/nonexistent"))))
    assert sum(len(group.operations) for group in spec.groups) > 200


HOSTILE_PAGE = """\
# Get a widget

Returns one widget.

```yaml
{spec}```
"""


@pytest.mark.parametrize("ref", ["../../secret.yaml#/Secret", "{secret}#/Secret"])
def test_a_hostile_docs_site_cannot_make_generate_embed_a_local_file(tmp_path: Path, server: LocalServer, ref: str) -> None:
    """End to end: a docs site serves a page whose OpenAPI document `$ref`s a file beyond the
    project; `pull` saves the page (it is a valid page), and `generate` refuses the `$ref` in
    one line: the secret's text lands nowhere, nothing is written."""
    project = _project(tmp_path, "unused.yaml")
    (project / "spec" / "api.yaml").unlink()
    page = HOSTILE_PAGE.format(spec=SPEC.format(ref=ref.format(secret=tmp_path / "secret.yaml")))
    server.answer("GET", "/llms.txt", 200, b"# Widgets\n\n- [Get a widget](/api/get-widget): one widget\n", content_type="text/plain")
    server.answer("GET", "/api/get-widget.md", 200, page.encode(), content_type="text/markdown")
    pull = subprocess.run(
        [sys.executable, "-m", "generator", "pull", server.url, "--into", "spec"],
        cwd=project, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120,
    )  # fmt: skip
    assert pull.returncode == 0, pull.stderr
    [saved] = (project / "spec").glob("*.md")
    assert "secret.yaml" in saved.read_text(encoding="utf-8")
    out = tmp_path / "out"
    run = _generate(project, Path("spec") / saved.name, out)
    line = one_error_line(run, f"spec/{saved.name}:", "/paths/~1x/get/")
    assert line.rstrip(")").endswith("copy the file there"), line
    assert "TOP-SECRET-TEXT" not in run.stdout + run.stderr
    assert not out.exists()
