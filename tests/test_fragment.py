"""Components-only fragments: a spec file with `components` and no `openapi` key is read as
an OpenAPI 3.0 document without paths (with a warning) and gives a models-only client.
Pages, Swagger 2.0, AsyncAPI and whole documents missing their `openapi` key stay refused."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import generated_package

from generator.diagnostics import GeneratorError, NotOpenAPIError
from generator.load import display_path, load_file

FRAGMENT = """\
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        age: {type: integer}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fragment_is_read_as_openapi_3_0(tmp_path: Path) -> None:
    root = load_file(_write(tmp_path, "models.yaml", FRAGMENT)).root
    assert root["openapi"] == "3.0.3"
    assert "Pet" in root["components"]["schemas"]


def test_fragment_gives_one_warning_at_the_top_of_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "models.yaml", FRAGMENT)
    [warning] = load_file(path).warnings
    assert warning.one_line().startswith(f"warning: {display_path(path)}:1 #: no `openapi` key, only `components`")


def test_json_fragment_is_read_too(tmp_path: Path) -> None:
    path = _write(tmp_path, "models.json", '{"components": {"schemas": {"Pet": {"type": "string"}}}}')
    assert load_file(path).root["openapi"] == "3.0.3"


def test_document_with_openapi_key_gives_no_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "api.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n" + FRAGMENT)
    assert load_file(path).warnings == []


def test_page_holding_only_components_stays_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.md", "# Models\n\n```yaml\n" + FRAGMENT + "```\n")
    with pytest.raises(NotOpenAPIError):
        load_file(path)


@pytest.mark.parametrize(("key", "says"), [("swagger: '2.0'\n", "Swagger 2.0"), ("asyncapi: 2.6.0\n", "AsyncAPI")])
def test_swagger_and_asyncapi_with_components_stay_refused(tmp_path: Path, key: str, says: str) -> None:
    with pytest.raises(NotOpenAPIError, match=says):
        load_file(_write(tmp_path, "api.yaml", key + FRAGMENT))


def test_whole_document_without_openapi_key_stays_refused(tmp_path: Path) -> None:
    """`paths` beside `components`: a document that lost its version, not a fragment."""
    with pytest.raises(GeneratorError, match="has no `openapi` key"):
        load_file(_write(tmp_path, "api.yaml", "paths: {}\n" + FRAGMENT))


@pytest.fixture(scope="module")
def models_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    folder = tmp_path_factory.mktemp("fragment")
    with generated_package(folder, FRAGMENT, "models_only") as package:  # mypy --strict checked there
        yield package, folder / "out" / "models_only"


def test_fragment_package_decodes_its_models(models_only: tuple[ModuleType, Path]) -> None:
    package, _ = models_only
    pet = package.models.Pet.from_dict({"name": "Rex", "age": 3})
    assert (pet.name, pet.age) == ("Rex", 3)
    assert pet.to_dict() == {"name": "Rex", "age": 3}


def test_fragment_package_has_a_client_without_operations(models_only: tuple[ModuleType, Path]) -> None:
    package, folder = models_only
    assert json.loads((folder / "_index.json").read_text(encoding="utf-8"))["operations"] == []
    with package.Client(base_url="http://127.0.0.1:9") as client:
        assert not [name for name, value in vars(client).items() if type(value).__name__.endswith("Resource")]


def test_fragment_package_is_black_formatted(models_only: tuple[ModuleType, Path]) -> None:
    _, folder = models_only
    run = subprocess.run([sys.executable, "-m", "black", "--check", "-q", "."], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
