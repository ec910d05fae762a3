"""Rendered modules taken from the last run (`generator.render_cache`): only when the inputs
of their rendering are unchanged, so an incremental run writes what a cold run writes.

Each step edits the spec (or the lock), runs `generate` in a warm project, and runs it cold
(no cache at all) in a copy of the package folder as it was before the step, so both see
the same lock (`name_lock`); the two folders must be equal byte for byte. The modules
rendered in the warm run are recorded, to check that unchanged ones were taken, not rendered.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from generator import ir, render_cache
from generator.check import check_package
from generator.context import Context, Options
from generator.format_cache import read_module_pack
from generator import pipeline
from generator.pipeline import generate
from generator.render import cached
from generator.render.param_types import ParamTypes
from generator.render.views import group_view

SPEC = """\
openapi: 3.0.3
info:
  title: Shop
  version: "1"
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      parameters:
        - {name: status, in: query, schema: {$ref: "#/components/schemas/Status"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewPet"}
      responses:
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /orders:
    get:
      tags: [orders]
      operationId: listOrders
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Order"}}}}}
components:
  schemas:
    Status: {type: string, enum: [available, sold]}
    Pet:
      description: A pet.
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        status: {$ref: "#/components/schemas/Status"}
    NewPet:
      type: object
      properties:
        name: {type: string}
        tag: {$ref: "#/components/schemas/Tag"}
    Tag:
      type: object
      properties: {label: {type: string}}
    Order:
      type: object
      properties:
        pet: {$ref: "#/components/schemas/Pet"}
        quantity: {type: integer}
        shipping: {type: object, properties: {city: {type: string}}}
"""


class Project:
    """A warm project (cache folder, package folder) and a counter of rendered modules."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = tmp_path
        self.spec = tmp_path / "shop.yaml"
        self.steps = 0
        self.rendered: list[str] = []
        module, group, params = cached.definition_module, group_view, ParamTypes.module_view
        monkeypatch.setattr(cached, "definition_module", lambda plan: self.rendered.append(plan.definition.name) or module(plan))
        monkeypatch.setattr(cached, "group_view", lambda g, types: self.rendered.append(f"api/{g.module}") or group(g, types))
        monkeypatch.setattr(ParamTypes, "module_view", lambda types: self.rendered.append("params.py") or params(types))

    def options(self, out: str, cache: bool = True) -> Options:
        return Options((self.spec,), self.root / out, "shop", self.root, cache_dir=self.root / "cache" if cache else None)

    def package(self, out: str = "warm") -> Path:
        return self.root / out / "shop"

    def run(self, text: str) -> list[str]:
        """Write the spec, generate warm and cold (from the same package folder), compare;
        the names of the definitions and groups the warm run rendered."""
        self.spec.write_text(text, encoding="utf-8")
        self.steps += 1
        cold = f"cold-{self.steps}"
        if self.package().exists():
            shutil.copytree(self.package(), self.package(cold))
        self.rendered.clear()
        warm = Context(self.options("warm"))
        generate(warm)
        rendered = list(self.rendered)
        reference = Context(self.options(cold, cache=False))
        generate(reference)
        assert _files(self.package()) == _files(self.package(cold))
        assert warm.diagnostics.lines() == reference.diagnostics.lines()
        return rendered


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    made = Project(tmp_path, monkeypatch)
    assert {"Pet", "Order", "api/pets", "api/orders", "params.py"} <= set(made.run(SPEC))  # the first run renders all
    return made


def test_an_unchanged_spec_renders_nothing_again(project: Project) -> None:
    """With the no-op fast path off (the manifest edited), every module is taken."""
    manifest = project.package() / "_manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert project.run(SPEC) == []


def test_a_description_edit_renders_only_its_module(project: Project) -> None:
    assert project.run(SPEC.replace("id: {type: string}", "id: {type: string, description: The pet's id.}")) == ["Pet"]


def test_a_schema_description_reaches_the_fields_that_refer_to_it(project: Project) -> None:
    """Order's `pet` field is documented by Pet's description: both modules change."""
    assert project.run(SPEC.replace("description: A pet.", "description: A pet of the shop.")) == ["Pet", "Order"]


def test_a_schema_referenced_by_others_renders_what_mentions_it(project: Project) -> None:
    """A new field of Pet: Pet's module and the endpoint modules whose request annotations
    looked Pet up; Order only names Pet (same import, same annotation): taken."""
    edited = SPEC.replace("        name: {type: string}\n        status:", "        name: {type: string}\n        age: {type: integer}\n        status:")
    rendered = project.run(edited)
    assert "Pet" in rendered and "Order" not in rendered


def test_renaming_a_schema_renders_its_users_again(project: Project) -> None:
    """Pet -> Animal: every module that imports or annotates it changes, as a cold run says."""
    rendered = project.run(SPEC.replace("Pet:\n      description", "Animal:\n      description").replace('schemas/Pet"', 'schemas/Animal"'))
    assert {"Animal", "Order", "api/pets"} <= set(rendered) and "api/orders" not in rendered
    assert not (project.package() / "_models" / "pet.py").exists()


def test_an_enum_edit_reaches_the_endpoint_annotating_with_its_values(project: Project) -> None:
    """`status: models.Status | Literal[...]` in `api/pets.py` is read from the enum through
    `ParamTypes`: the group's own IR is unchanged, yet its module is rendered again."""
    rendered = project.run(SPEC.replace("enum: [available, sold]", "enum: [available, sold, reserved]"))
    assert "api/pets" in rendered and "api/orders" not in rendered
    assert "reserved" in (project.package() / "api" / "pets.py").read_text(encoding="utf-8")


def test_a_model_nested_in_a_request_body_keeps_params_right(project: Project) -> None:
    """`params.py` is what a cold run gives when a taken endpoint module's needs are replayed;
    it is rendered again because its view looked up the edited Tag."""
    rendered = project.run(SPEC.replace("properties: {label: {type: string}}", "properties: {label: {type: string}, color: {type: string}}"))
    assert "params.py" in rendered
    assert "color" in (project.package() / "params.py").read_text(encoding="utf-8")


def test_params_is_taken_when_nothing_it_looked_up_changed(project: Project) -> None:
    """`params.py` (TagParam: NewPet's body is flattened into arguments, its `tag` takes a
    dict) is taken when Pet, which it never looked up, is edited; editing Tag renders it again."""
    tagged = SPEC.replace("properties: {label: {type: string}}", "properties: {label: {type: string}, color: {type: string}}")
    assert "params.py" in project.run(tagged)
    assert "params.py" not in project.run(tagged.replace("description: A pet.", "description: A pet of the shop."))
    assert "class TagParam" in (project.package() / "params.py").read_text(encoding="utf-8")
    assert "params.py" in project.run(tagged.replace("      type: object\n      properties: {label", "      description: A tag.\n      type: object\n      properties: {label"))


def test_a_module_name_clash_moves_the_imports_of_its_users(project: Project) -> None:
    """`HttpError` and `HTTPError` both want `_models/http_error.py`: the first in the spec
    takes it. Adding `HTTPError` above the one `Order` uses moves that one to another
    module, and Order's import with it, though neither Order nor HttpError changed (a new
    clash is in every definition module's key: they are all rendered again)."""
    users = SPEC.replace("        quantity: {type: integer}\n", "        quantity: {type: integer}\n        error: {$ref: '#/components/schemas/HttpError'}\n")
    users += "    HttpError: {type: object, properties: {code: {type: integer}}}\n"
    project.run(users)
    clash = users.replace("    Pet:\n", "    HTTPError: {type: object, properties: {reason: {type: string}}}\n    Pet:\n", 1)
    rendered = project.run(clash)
    assert {"Order", "HTTPError", "HttpError"} <= set(rendered)
    assert "from .http_error_2 import HttpError" in (project.package() / "_models" / "order.py").read_text(encoding="utf-8")


def test_adding_and_removing_an_operation(project: Project) -> None:
    added = SPEC.replace(
        "  /orders:\n",
        "  /orders/{id}:\n    delete:\n      operationId: deleteOrder\n      tags: [orders]\n"
        "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "      responses: {'204': {description: gone}}\n  /orders:\n",
    )
    assert project.run(added) == ["api/orders"]
    assert project.run(SPEC) == ["api/orders"]


def test_a_changed_lock_renames_as_a_cold_run_does(project: Project) -> None:
    """The lock is the package's `_index.json`: with its entry for `GET /pets` edited to the
    operation's full name (one of its three names, so the lock holds it), the spec unchanged,
    the method is renamed in both runs, so the names are in the keys of what prints them."""
    index = project.package() / "_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    assert data["surface"]["operations"]["GET /pets"]["method"] == "pets.list"
    data["surface"]["operations"]["GET /pets"]["method"] = "pets.list_pets"
    index.write_text(json.dumps(data, indent=2), encoding="utf-8")
    rendered = project.run(SPEC)
    assert rendered == ["api/pets"]
    assert "def list_pets(" in (project.package() / "api" / "pets.py").read_text(encoding="utf-8")


def test_a_module_edited_by_hand_is_rendered_again(project: Project) -> None:
    pet = project.package() / "_models" / "pet.py"
    pet.write_text(pet.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    assert project.run(SPEC) == ["Pet"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign salt"])
def test_a_damaged_record_is_ignored(project: Project, damage: str) -> None:
    (record,) = (project.root / "cache" / "render").iterdir()
    raw = record.read_bytes()
    if damage == "truncate":
        record.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        record.write_bytes(raw[:-40] + b"\xff" * 40)
    else:
        other = render_cache.RenderCache(project.root / "cache", project.package(), "another generator")
        other.kept = {"_models/pet.py": (b"k", "0" * 64, None)}
        other.save()
    assert len(project.run(SPEC.replace("id: {type: string}", "id: {type: integer}"))) > 4  # none taken
    assert project.run(SPEC) == ["Pet"]  # and the record is whole again


def test_no_cache_reads_no_record_but_leaves_one(project: Project) -> None:
    generate(Context(Options((project.spec,), project.root / "warm", "shop", project.root, cache_dir=project.root / "cache", no_cache=True)))
    assert project.run(SPEC.replace("id: {type: string}", "id: {type: string, description: Kept.}")) == ["Pet"]


def test_a_record_that_cannot_be_saved_leaves_the_client_written_and_warns(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving the record runs after the files are written; a failure there (it would be a
    generator bug: the cache writes are best effort) warns that the client is complete instead
    of ending the run as an internal error that says nothing was written."""

    def broken(cache: render_cache.RenderCache) -> None:
        raise RuntimeError("disk gremlin")

    monkeypatch.setattr(render_cache.RenderCache, "save", broken)
    project.spec.write_text(SPEC.replace("id: {type: string}", "id: {type: integer}"), encoding="utf-8")
    ctx = Context(project.options("warm"))
    assert "_models/pet.py" in generate(ctx)
    [line] = ctx.diagnostics.lines()
    assert "is written and complete, but saving the cache failed (RuntimeError: disk gremlin)" in line
    assert check_package(Context(project.options("warm", cache=False))).up_to_date  # the client the spec gives
    assert generate(Context(project.options("warm"))) == []  # and the next run finds it up to date


def test_the_formatting_cache_keeps_the_modules_taken_unrendered(project: Project) -> None:
    """An edit renders a few modules, but the whole-module formatting cache keeps room for the
    others too, so a run that renders them all again (say a generator upgrade: no key
    matches) still finds their formatted text there."""
    many = SPEC + "".join(f"    Extra{n}: {{type: object, properties: {{n{n}: {{type: integer}}}}}}\n" for n in range(30))
    project.run(many)
    before = read_module_pack(project.root / "cache")
    assert len(before) > 40
    assert project.run(many.replace("id: {type: string}", "id: {type: string, description: Again.}")) == ["Pet"]
    assert set(before) <= set(read_module_pack(project.root / "cache"))


def test_a_key_depends_on_values_not_on_which_objects_are_shared() -> None:
    """A cold parse and cached pieces give equal strings and nodes shared differently; the
    keys must not tell them apart (else every module would be rendered again)."""
    text = "".join(["a long description ", "of a field"])
    other = "".join(["a long description of ", "a field"])
    assert text == other and text is not other
    shared, separate = (text, [text, text]), (text, [other, "".join([other])])
    assert render_cache.key_of(b"salt", shared) == render_cache.key_of(b"salt", separate)
    assert render_cache.key_of(b"salt", shared) != render_cache.key_of(b"salt", (text, [text, text + "."]))


def test_a_key_of_plain_data_ignores_sharing_and_interning_and_tells_types_apart() -> None:
    """Plain data (a key made of other keys) is written by marshal: equal values give equal
    keys however the strings were made; unequal values, or values of other types, do not."""
    made = "".join(["Pet", "Module"])
    interned = sys.intern("PetModule")
    assert made == interned and made is not interned
    assert render_cache.key_of(b"s", (made, b"\x01", (made,))) == render_cache.key_of(b"s", (interned, b"\x01", (interned,)))
    variants = [("1",), (1,), (True,), (1.0,), (b"1",), (("1",),), ("1", None)]
    assert len({render_cache.key_of(b"s", v) for v in variants}) == len(variants)


def test_a_key_of_ir_nodes_depends_on_their_values_only() -> None:
    node = ir.Field(name="a", wire="a", type=ir.Primitive("str"), required=True, doc="")
    same = ir.Field(name="".join(["", "a"]), wire="a", type=ir.Primitive("str"), required=True, doc="")
    assert render_cache.key_of(b"s", (node,)) == render_cache.key_of(b"s", (same,))
    assert render_cache.key_of(b"s", (node,)) != render_cache.key_of(b"s", (ir.Field("a", "a", ir.Primitive("int"), True, ""),))


def _surface(project: Project) -> dict[str, object]:
    surface: dict[str, object] = json.loads((project.package() / "_index.json").read_text(encoding="utf-8"))["surface"]
    return surface


def test_a_surface_entry_follows_the_sides_using_its_unchanged_definition(project: Project) -> None:
    """Pet's entry in `_index.json` is kept text keyed by Pet's digest and its `used_in`: a
    request body newly taking Pet changes `used_in` only, and the entry with it (as cold)."""
    assert _surface(project)["models"]["Pet"]["used_in"] == ["response"]  # type: ignore[index]
    project.run(SPEC.replace('schema: {$ref: "#/components/schemas/NewPet"}', 'schema: {$ref: "#/components/schemas/Pet"}'))
    assert _surface(project)["models"]["Pet"]["used_in"] == ["request", "response"]  # type: ignore[index]


def test_the_record_keeps_one_surface_entry_per_definition(project: Project) -> None:
    """Entries of definitions gone are dropped: one entry per definition of the spec."""
    project.run(SPEC.replace("    Tag:\n      type: object\n      properties: {label: {type: string}}\n", "").replace(
        '        tag: {$ref: "#/components/schemas/Tag"}\n', ""))
    record = pipeline.render_cache(Context(project.options("warm")), project.package())
    surface = _surface(project)
    names = [name for section in ("models", "enums", "aliases") for name in surface[section]]  # type: ignore[attr-defined]
    assert "Tag" not in names and len(names) == 7
    assert record is not None and len(record.parts) == len(names)
    assert all(text.startswith("{\n") and '"used_in": [' in text for text in record.parts.values())
