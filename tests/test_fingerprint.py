"""The fingerprint covers every file read while building the spec, not only the inputs.

A multi-file spec reaches most of its files through `$ref`: an edit in one of them must make
`generate` regenerate and `check` report the package stale, while a run where nothing
changed still takes the no-op fast path (the manifest lists the files read; only they are
hashed, nothing is parsed).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, one_error_line

from generator import pipeline
from generator.check import check_package
from generator.context import Context, Options
from generator.manifest import is_current, manifest_text
from generator.pipeline import build_spec, fingerprint, generate, recorded_fingerprint

ROOT_SPEC = """\
openapi: 3.0.3
info: {title: Zoo, version: '1'}
paths:
  /pets:
    $ref: paths/pets.yaml
"""
PETS_PATH = """\
get:
  operationId: listPets
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema: {type: array, items: {$ref: '../models/pet.yaml#/Pet'}}
"""
PET = """\
Pet:
  type: object
  properties:
    name: {type: string}
"""


def _project(tmp_path: Path) -> Options:
    spec = tmp_path / "spec"
    (spec / "paths").mkdir(parents=True)
    (spec / "models").mkdir()
    (spec / "zoo.yaml").write_text(ROOT_SPEC, encoding="utf-8")
    (spec / "paths" / "pets.yaml").write_text(PETS_PATH, encoding="utf-8")
    (spec / "models" / "pet.yaml").write_text(PET, encoding="utf-8")
    return Options((spec / "zoo.yaml",), tmp_path / "out", "zoo", tmp_path, cache_dir=tmp_path / "cache")


def test_manifest_lists_every_file_read(tmp_path: Path) -> None:
    options = _project(tmp_path)
    generate(Context(options))
    manifest = json.loads((tmp_path / "out" / "zoo" / "_manifest.json").read_text())
    assert manifest["spec_files"] == ["spec/models/pet.yaml", "spec/paths/pets.yaml", "spec/zoo.yaml"]


@pytest.mark.parametrize("edited", ["models/pet.yaml", "paths/pets.yaml"])
def test_edit_behind_a_ref_regenerates_and_fails_check(tmp_path: Path, edited: str) -> None:
    options = _project(tmp_path)
    generate(Context(options))
    assert generate(Context(options)) == []  # nothing changed: up to date
    target = tmp_path / "spec" / edited
    target.write_text(target.read_text().replace("name: {type: string}", "name: {type: string}\n    age: {type: integer}").replace("description: ok", "description: the pets"), encoding="utf-8")
    check = check_package(Context(Options(options.specs, options.out, "zoo", tmp_path)))
    assert not check.up_to_date
    changed = generate(Context(options))
    assert "_manifest.json" in changed
    assert check_package(Context(Options(options.specs, options.out, "zoo", tmp_path))).up_to_date


def test_a_referenced_file_that_disappears_regenerates(tmp_path: Path) -> None:
    """The dangling `$ref` then types the schema Any, with a warning: not "up to date"."""
    options = _project(tmp_path)
    generate(Context(options))
    (tmp_path / "spec" / "models" / "pet.yaml").unlink()
    ctx = Context(options)
    assert "models.py" in generate(ctx)
    assert any("pet.yaml" in w.message for w in ctx.diagnostics.warnings)


def test_a_referenced_file_grown_past_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    """Hashing for the no-op check does not read a file over the size cap either: an 8 GB
    (sparse) `pet.yaml` under a 1 GB address-space limit gives the size-limit line, exit 2,
    not a MemoryError, and the package on disk stays as it was."""
    _project(tmp_path)
    command = [sys.executable, "-m", "generator", "generate", "spec/zoo.yaml", "--out", "out", "--package", "zoo"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True)
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    os.truncate(tmp_path / "spec" / "models" / "pet.yaml", 8 * 1024**3)

    def one_gigabyte() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, preexec_fn=one_gigabyte)
    one_error_line(run, "pet.yaml", "over the size limit", "max_file_mb")
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()} == before


OWNERS = "  /owners:\n    get: {operationId: listOwners, responses: {'200': {description: ok}}}\n"
KEEPERS = "  /keepers:\n    get: {operationId: listKeepers, responses: {'200': {description: ok}}}\n"


@pytest.mark.parametrize("cache", [True, False])
def test_an_input_saved_again_while_it_is_parsed_is_not_taken_as_generated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    """The manifest hashes the inputs as they were before parsing: an edit saved while the
    run parses (here, right after) leaves the package stale for `check` and the next run,
    which adds what the edit brought. A hash taken after parsing would call it up to date."""
    options = _project(tmp_path)
    options = Options(options.specs, options.out, "zoo", tmp_path, cache_dir=options.cache_dir if cache else None)
    generate(Context(options))
    zoo = tmp_path / "spec" / "zoo.yaml"
    zoo.write_text(ROOT_SPEC + OWNERS, encoding="utf-8")
    parse = pipeline.build_spec

    def parse_then_edit(*args: object, **kwargs: object) -> object:
        spec = parse(*args, **kwargs)  # type: ignore[arg-type]
        zoo.write_text(ROOT_SPEC + OWNERS + KEEPERS, encoding="utf-8")  # the user saves again
        return spec

    monkeypatch.setattr(pipeline, "build_spec", parse_then_edit)
    generate(Context(options))
    monkeypatch.setattr(pipeline, "build_spec", parse)
    assert _operations(tmp_path) == {"listPets", "listOwners"}  # made from the first edit
    assert not check_package(Context(Options(options.specs, options.out, "zoo", tmp_path))).up_to_date
    assert generate(Context(options)) != []
    assert _operations(tmp_path) == {"listPets", "listOwners", "listKeepers"}


def _operations(tmp_path: Path) -> set[str]:
    """The operations the generated client has (its `_index.json`)."""
    index = json.loads((tmp_path / "out" / "zoo" / "_index.json").read_text(encoding="utf-8"))
    return {operation["operationId"] for operation in index["operations"]}


def test_nothing_changed_still_skips_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = _project(tmp_path)
    generate(Context(options))
    monkeypatch.setattr(pipeline, "build_spec", lambda *a, **k: pytest.fail("the spec was parsed"))
    monkeypatch.setattr(pipeline, "load_documents", lambda *a, **k: pytest.fail("the spec was parsed"))
    assert generate(Context(options)) == []


def test_digitalocean_model_edit_changes_the_verdict(tmp_path: Path) -> None:
    """The corpus's 2,034-file spec: `droplet.yml` is reached only through `$ref`s. The
    manifest of a build lists it, and editing it makes the package no longer current (the
    fast path and `check` both decide by `is_current` on the recorded fingerprint; the whole
    round trip through `generate` and `check` is the small spec's test above, as rendering
    this spec takes minutes)."""
    shutil.copytree(CORPUS / "multi" / "digitalocean_multi", tmp_path / "do")
    ctx = Context(Options((tmp_path / "do" / "DigitalOcean-public.v2.yaml",), tmp_path / "out", "do", tmp_path))
    spec = build_spec(ctx)
    package = tmp_path / "out" / "do"
    package.mkdir(parents=True)
    made_from = fingerprint(ctx, map(Path, spec.files_read))
    (package / "_manifest.json").write_text(manifest_text(made_from, spec.sources, {}), encoding="utf-8")
    assert "do/resources/droplets/models/droplet.yml" in made_from["spec_files"]
    assert is_current(package, recorded_fingerprint(ctx, package))
    droplet = tmp_path / "do" / "resources" / "droplets" / "models" / "droplet.yml"
    droplet.write_text(droplet.read_text().replace("A unique identifier", "The identifier"), encoding="utf-8")
    assert not is_current(package, recorded_fingerprint(ctx, package))
