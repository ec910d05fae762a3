"""Which list operations page, and how: what their `<function>_iter` iterators follow.

Read from an operation's query parameters and its success response (names compared without
case, `_` and `-`), in this order:

- token: a response field holding the next page's token (`next_cursor`, `next_page_token`,
  `next_page`, `cursor`, ...) and the one query parameter that takes it (`cursor`,
  `page_token`, `page`, `after`, ...);
- cursor: `after` / `starting_after` and a `has_more` flag; the next cursor is the page's
  `last_id` when it has one, else the `id` of its last item (OpenAI, Stripe);
- url: a response field holding the next page's URL (Twilio's `next_page_uri`,
  DigitalOcean's `links.pages.next`), else a documented `Link` header (`rel="next"`, GitHub);
- offset / page: an integer `offset` (items to skip) or `page` (page number) parameter; the
  list ends at an empty page, a false `has_more`, or a total (`total`, `total_count`; for
  pages also `total_pages`).

The items are the response itself when it is an array, else its one array field (of several,
the one named `data`, `items`, `results`, ...). Only operations whose success is one JSON
media type qualify. Where the response says it pages (a next token, a next URL, a `Link`
header, `has_more` with a cursor parameter) but the shape is ambiguous or incomplete, no
iterator is made and a warning says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from generator import ir
from generator.context import Context

_TOKEN_FIELDS = {"nextcursor", "nextpagetoken", "nexttoken", "nextpage", "cursor", "nextpagecursor",
                 "continuationtoken", "nextcontinuationtoken", "nextmarker", "nextkey", "next"}
_TOKEN_PARAMS = {"cursor", "pagetoken", "nexttoken", "nextpagetoken", "page", "pagecursor", "continuationtoken",
                 "marker", "after", "startingafter", "startcursor", "startkey"}
_CURSOR_PARAMS = {"after", "startingafter"}
_URL_FIELDS = {"nextpageuri", "nextpageurl", "nexturl", "nextlink", "nextpagelink", "nexturi"}
# where a field `next` is a URL (at the top too, unless a query parameter takes it as a token)
_URL_HOLDERS = {"links", "link", "pages", "pagination", "paging", "meta"}
_HAS_MORE = {"hasmore", "hasnextpage", "hasnext", "more"}
_TOTAL = {"total", "totalcount", "totalitems", "totalresults", "totalsize"}
_TOTAL_PAGES = {"totalpages", "pagecount", "numpages"}
_ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "elements", "objects")
_LAST_ID = {"lastid"}
_STR = ir.Primitive("str")
_INT = ir.Primitive("int")


def _key(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


@dataclass(frozen=True)
class _Types:
    """The named definitions, to look through references and aliases. What `models` and
    `fields` find is kept by type: every list response asks for the same few page models."""

    definitions: Mapping[str, ir.Definition]
    _models: dict[ir.TypeExpr, list[ir.Model]] = field(default_factory=dict, compare=False)
    _fields: dict[ir.TypeExpr, dict[str, ir.Field]] = field(default_factory=dict, compare=False)

    def plain(self, expr: ir.TypeExpr) -> ir.TypeExpr:
        """The type behind aliases, without `None`."""
        for _ in range(20):
            if isinstance(expr, ir.UnionOf) and ir.NONE in expr.variants:
                rest = tuple(v for v in expr.variants if v != ir.NONE)
                expr = rest[0] if len(rest) == 1 else ir.UnionOf(rest)
            elif isinstance(expr, ir.Ref) and isinstance(self.definitions.get(expr.name), ir.Alias):
                expr = self.definitions[expr.name].target  # type: ignore[union-attr]
            else:
                break
        return expr

    def models(self, expr: ir.TypeExpr) -> list[ir.Model]:
        """The models a value of this type may be (a union's variants too); not to be changed."""
        known = self._models.get(expr)
        if known is None:
            known = self._models[expr] = self._find_models(expr)
        return known

    def _find_models(self, expr: ir.TypeExpr) -> list[ir.Model]:
        expr = self.plain(expr)
        if isinstance(expr, ir.UnionOf):
            return [m for v in expr.variants for m in self.models(v)]
        found = self.definitions.get(expr.name) if isinstance(expr, ir.Ref) else None
        return [found] if isinstance(found, ir.Model) else []

    def fields(self, expr: ir.TypeExpr) -> dict[str, ir.Field]:
        """The fields of every model the type may be, by their compared name (first wins); not
        to be changed."""
        found = self._fields.get(expr)
        if found is None:
            found = self._fields[expr] = {}
            for model in self.models(expr):
                for f in model.fields:
                    found.setdefault(_key(f.wire), f)
        return found


@dataclass(frozen=True)
class _Page:
    """What one operation's success response offers for paging."""

    items: ir.AttributePath | None  # None: no list, or several that read alike
    item: ir.TypeExpr
    lists: tuple[str, ...]  # the wire names of its array fields
    token: ir.AttributePath
    url: ir.AttributePath
    link: bool
    has_more: ir.AttributePath
    total: ir.AttributePath
    total_pages: ir.AttributePath
    last_id: ir.AttributePath


def settle_pagination(groups: list[ir.Group], definitions: list[ir.Definition], ctx: Context) -> None:
    """Record how each list operation pages; warn where its response pages ambiguously."""
    types = _Types({d.name: d for d in definitions})
    for op in (op for group in groups for op in group.operations):
        paging, problem = _paging(op, types)
        op.paging = paging
        if problem:
            ctx.diagnostics.warn(op.location, f"{op.method} {op.path}: {problem}; no `{op.function}_iter` generated")


def _success(op: ir.Operation) -> ir.Response | None:
    """The one success response, when it is JSON in one media type."""
    found = [r for r in op.responses if r.is_success]
    if len(found) != 1 or found[0].kind != "json" or len(found[0].media) > 1 or op.stream_switch is not None:
        return None
    return found[0]


def _paging(op: ir.Operation, types: _Types) -> tuple[ir.Paging | None, str]:
    """The operation's paging, or None and why not ("" when it does not look paged at all)."""
    response = _success(op)
    if response is None:
        return None, ""
    page = _read_page(response, types)
    params = {_key(p.wire): p for p in op.parameters if p.location == "query"}
    if page.items is None:
        if page.lists and _pages_at_all(page, params):
            return None, f"the response has several array fields ({', '.join(page.lists)}) and none is the list"
        return None, ""
    made = ir.Paging("page", page.items, page.item, has_more=page.has_more, total=page.total,
                     total_pages=page.total_pages)
    if page.token:
        takers = [p for k, p in params.items() if k in _TOKEN_PARAMS and _is(p.type, _STR, types)]
        if len(takers) == 1:
            return replace(made, kind="token", param=takers[0].wire, next=page.token), ""
        if not takers and not (page.url or page.link):
            return None, f"its response gives `{'.'.join(page.token)}` but no query parameter takes it"
        if takers:
            names = ", ".join(p.wire for p in takers)
            token = ".".join(page.token)
            return None, f"its response gives `{token}` and several query parameters may take it ({names})"
    cursor = [p for k, p in params.items() if k in _CURSOR_PARAMS and _is(p.type, _STR, types)]
    if cursor and page.has_more:
        key = _item_key(page.item, types)
        if page.last_id or key:
            return replace(made, kind="cursor", param=cursor[0].wire, next=page.last_id, item_key=key), ""
        return None, (f"it takes `{cursor[0].wire}` and says `has_more`, but neither a `last_id` nor an "
                      "`id` of its items gives the next cursor")
    if page.url:
        return replace(made, kind="url", next=page.url), ""
    if page.link:
        return replace(made, kind="link"), ""
    counted: tuple[tuple[ir.PagingKind, set[str]], ...] = (
        ("offset", {"offset", "skip"}),
        ("page", {"page", "pagenumber"}),
    )
    for kind, words in counted:
        taker = next((p for k, p in params.items() if k in words and _is(p.type, _INT, types)), None)
        if taker is not None:
            first = taker.default if isinstance(taker.default, int) and not isinstance(taker.default, bool) else 1
            return replace(made, kind=kind, param=taker.wire, first_page=first if kind == "page" else 1), ""
    return None, ""


def _pages_at_all(page: _Page, params: Mapping[str, ir.Parameter]) -> bool:
    """The response says it is one page of more (not just that it holds arrays)."""
    return bool(page.token or page.url or page.link or (page.has_more and set(params) & _CURSOR_PARAMS))


def _is(expr: ir.TypeExpr, primitive: ir.Primitive, types: _Types) -> bool:
    return types.plain(expr) == primitive


def _read_page(response: ir.Response, types: _Types) -> _Page:
    link = any(r == "link" for r in response.headers)
    page = types.plain(response.type)
    if isinstance(page, ir.ListOf):
        return _Page((), page.item, (), (), (), link, (), (), (), ())
    fields = types.fields(page)
    lists = {k: f for k, f in fields.items() if isinstance(types.plain(f.type), ir.ListOf)}
    chosen = list(lists.values()) if len(lists) == 1 else [lists[k] for k in _ITEM_FIELDS if k in lists][:1]
    items: ir.AttributePath | None = (chosen[0].name,) if chosen else None
    item = types.plain(chosen[0].type).item if chosen else ir.ANY  # type: ignore[union-attr]
    nested = _nested(page, types)
    return _Page(
        items=items,
        item=item,
        lists=tuple(f.wire for f in lists.values()),
        token=_find(nested, lambda k, f, parents: k in _TOKEN_FIELDS and not parents and _is(f.type, _STR, types)),
        url=_find(nested, lambda k, f, parents: (
            k in _URL_FIELDS or (k == "next" and (not parents or parents[-1] in _URL_HOLDERS))) and _is(f.type, _STR, types)),
        link=link,
        has_more=_find(nested, lambda k, f, parents: k in _HAS_MORE and _is(f.type, ir.Primitive("bool"), types)),
        total=_find(nested, lambda k, f, parents: k in _TOTAL and _is(f.type, _INT, types)),
        total_pages=_find(nested, lambda k, f, parents: k in _TOTAL_PAGES and _is(f.type, _INT, types)),
        last_id=_find(nested, lambda k, f, parents: k in _LAST_ID and not parents and _is(f.type, _STR, types)),
    )


_Nested = list[tuple[ir.AttributePath, tuple[str, ...], str, ir.Field]]  # (path, parent keys, key, field)


def _nested(page: ir.TypeExpr, types: _Types, depth: int = 3) -> _Nested:
    """Every field of the page and of its object fields, `depth` levels down (not into lists)."""
    found: _Nested = []
    level: list[tuple[ir.AttributePath, tuple[str, ...], ir.TypeExpr]] = [((), (), page)]
    for _ in range(depth):
        below: list[tuple[ir.AttributePath, tuple[str, ...], ir.TypeExpr]] = []
        for path, parents, expr in level:
            for key, f in types.fields(expr).items():
                found.append(((*path, f.name), parents, key, f))
                if types.models(f.type):
                    below.append(((*path, f.name), (*parents, key), f.type))
        level = below
    return found


def _find(nested: _Nested, test: Callable[[str, ir.Field, tuple[str, ...]], bool]) -> ir.AttributePath:
    """The path of the shallowest field that passes `test(key, field, parent keys)`."""
    for path, parents, key, f in nested:
        if test(key, f, parents):
            return path
    return ()


def _item_key(item: ir.TypeExpr, types: _Types) -> str:
    """The Python name of the items' `id` field, when every model they may be has one."""
    models = types.models(item)
    names = {next((str(f.name) for f in m.fields if f.wire == "id"), "") for m in models}
    return names.pop() if len(names) == 1 and models else ""
