"""The per-definition and per-group modules and `params.py`, rendered or taken unchanged
from the last run.

`ModuleSources` renders the modules under `_models/` (one per definition) and `api/` (one
per group), and `params.py`, into unformatted sources, except those `render_cache.RenderCache` still holds:
their finished text comes from the package folder as the last run wrote it. The keys:

- a definition's module: the header, the title, and `ModulePlan.inputs` (the digest of the
  definition without its location, `definition_state`; its module, the aliases it names as
  strings, and the modules a name clash renamed: every other module name is `module_name`
  of the class it holds);
- `params.py`: the header, the title and the definitions the groups asked it to define
  (`ParamTypes.needed`, in order), plus the definitions its view looked up, as a group's;
- a group's module: the header, `views.group_inputs` (the group without locations), plus
  the definitions its annotations looked up in `ParamTypes` (each by the digest of its
  whole content, the one its own module's key holds, recorded beside the module and
  compared on the next run). A group also
  records the definitions it asked `params.py` to define (`ParamTypes.needed`, in order),
  which a taken module replays, so `params.py` is what a cold run gives.

The entries of `_index.json`'s surface are kept the same way (`surface_entry`): the text of
a definition's entry, under a key of its digest and the sides using it.

Without a cache every module is rendered, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator import apidiff, ir
from generator.render.models_view import ModulePlan, definition_module, definition_state
from generator.render.json_text import Verbatim, indented_at
from generator.render.param_types import ParamTypes
from generator.render.views import group_inputs, group_view
from generator.render_cache import RenderCache

if TYPE_CHECKING:
    import jinja2

SURFACE_ENTRY_DEPTH = 3  # _index.json -> "surface" -> "models" (or enums, aliases) -> entry


class _ReadLog(dict[str, ir.Definition]):
    """The definitions by name, remembering which names were looked up (`get`, `[]`)."""

    def __init__(self, definitions: dict[str, ir.Definition]) -> None:
        super().__init__(definitions)
        self.read: dict[str, None] = {}

    def get(self, key: str, default: Any = None) -> Any:
        self.read[key] = None
        return super().get(key, default)

    def __getitem__(self, key: str) -> ir.Definition:
        self.read[key] = None
        return super().__getitem__(key)


@dataclass
class ModuleSources:
    """Renders (or takes) the modules of `_models/` and `api/`, and `params.py`, of one spec."""

    spec: ir.ApiSpec
    header: str
    title_doc: str
    cache: RenderCache | None = None
    taken: dict[str, str] = field(default_factory=dict)  # path -> finished text from the last run
    sources: dict[str, str] = field(default_factory=dict)  # path -> unformatted text, rendered now
    keys: dict[str, tuple[bytes, Any]] = field(default_factory=dict)  # path -> (key, extra) to record
    _digests: dict[str, bytes] = field(default_factory=dict)

    def definitions(self, plans: list[ModulePlan], env: jinja2.Environment) -> None:
        """The modules of `_models/` (templates are compiled only if a module is rendered)."""
        for plan in plans:
            path = f"_models/{plan.module}.py"
            if self.cache is not None:
                digest = self._digests[plan.definition.name] = self.cache.key(definition_state(plan.definition))
                key = self.cache.key(("model", self.header, self.title_doc, plan.inputs(digest)))
                if self._take(path, key):
                    continue
                self.keys[path] = (key, None)
            template = env.get_template("model_module.py.j2")  # compiled on first use only
            self.sources[path] = template.render(header=self.header, title_doc=self.title_doc, m=definition_module(plan))

    def groups(self, types: ParamTypes, env: jinja2.Environment) -> None:
        """The endpoint modules; adds to `types.needed` what each group's annotations need."""
        for group in self.spec.groups:
            path = f"api/{group.module}.py"
            if self.cache is None:
                self.sources[path] = env.get_template("api_module.py.j2").render(header=self.header, group=group_view(group, types))
                continue
            key = self.cache.key(("group", self.header, group_inputs(group)))
            taken = self.cache.take(path, key, lambda extra: self._still_reads(extra, types))
            if taken is not None:
                self.taken[path] = taken[0]
                for name in taken[1][1]:
                    types.needed.setdefault(name)
                continue
            log = _ReadLog(types.definitions)
            own = ParamTypes(log)  # a fresh `needed`: the group records all it needs, in order
            self.sources[path] = env.get_template("api_module.py.j2").render(header=self.header, group=group_view(group, own))
            for name in own.needed:
                types.needed.setdefault(name)
            read = tuple((str(name), self._digest(name, types)) for name in log.read)
            self.keys[path] = (key, (read, tuple(map(str, own.needed))))  # plain str: marshal-able

    def params(self, types: ParamTypes, env: jinja2.Environment) -> None:
        """`params.py` (when the endpoint modules need a request form of some definition),
        after `groups`: every definition they asked for (`types.needed`), in order."""
        path = "params.py"
        key = b""
        if self.cache is not None:
            key = self.cache.key(("params", self.header, self.title_doc, tuple(map(str, types.needed))))
            taken = self.cache.take(path, key, lambda extra: self._unchanged(extra, types))
            if taken is not None:
                self.taken[path] = taken[0]
                return
        log = _ReadLog(types.definitions)
        view = ParamTypes(log, dict(types.needed)).module_view()
        if not (view.typed_dicts or view.aliases):
            return
        self.sources[path] = env.get_template("params.py.j2").render(header=self.header, title_doc=self.title_doc, view=view)
        if self.cache is not None:
            self.keys[path] = (key, tuple((str(name), self._digest(name, types)) for name in log.read))

    def surface_entry(self, definition: ir.Definition, used: list[str]) -> Any:
        """A definition's entry in `_index.json`'s surface (`apidiff.surface`'s `entry`): its
        text as a run wrote it before, when the definition (its digest) and the sides using it
        are the same; else written now (and recorded)."""
        digest = self._digests.get(definition.name)
        if self.cache is None or digest is None:
            return apidiff.definition_entry(definition, used)
        key = self.cache.key(("surface", digest, tuple(used)))
        text = self.cache.part(key)
        if text is None:
            entry = apidiff.definition_entry(definition, used)
            text = indented_at(entry, SURFACE_ENTRY_DEPTH)
            if text is None:
                return entry  # json.dumps writes it: not kept
            self.cache.keep_part(key, text)
        return Verbatim(text)

    def record(self, formatted: dict[str, str]) -> None:
        """Remember the modules rendered now, as formatted, for the next run."""
        if self.cache is not None:
            for path, (key, extra) in self.keys.items():
                self.cache.keep(path, key, formatted[path], extra)

    def _take(self, path: str, key: bytes) -> bool:
        assert self.cache is not None
        taken = self.cache.take(path, key)
        if taken is not None:
            self.taken[path] = taken[0]
        return taken is not None

    def _still_reads(self, extra: Any, types: ParamTypes) -> bool:
        """Whether the definitions a group looked up last time are all as they were."""
        try:
            read, needed = extra
            return self._unchanged(read, types) and all(isinstance(name, str) for name in needed)
        except (TypeError, ValueError):
            return False

    def _unchanged(self, read: Any, types: ParamTypes) -> bool:
        """Whether the definitions a module looked up last time (name, digest) are as they were."""
        try:
            return all(self._digest(name, types) == digest for name, digest in read)
        except (TypeError, ValueError):
            return False

    def _digest(self, name: str, types: ParamTypes) -> bytes:
        """A definition's whole content but its location (b"" when there is none by that name)."""
        found = self._digests.get(name)
        if found is None:
            assert self.cache is not None
            d = types.definitions.get(name)
            found = self._digests[name] = self.cache.key(None if d is None else definition_state(d))
        return found
