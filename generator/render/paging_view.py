"""What the `<operation>_iter` functions print: the `Paging` constant and the pager's types."""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.render.annotations import annotation
from generator.render.pyliteral import docstring, literal


@dataclass(frozen=True)
class PagingView:
    constant: str  # `_LIST_FILES_PAGING`
    expr: str  # `Paging("cursor", items=("data",), ...)`
    page_type: str
    item_type: str
    docstring: str  # the `_iter` function's
    method_docstring: str  # the resource method's (indented for a class)


def _path(path: ir.AttributePath) -> str:
    return "(" + "".join(f"{literal(name)}, " for name in path) + ")"


def paging_expr(paging: ir.Paging) -> str:
    """The runtime `Paging(...)`, with the fields that differ from its defaults."""
    args = [literal(paging.kind)]
    for name in ("items", "next", "has_more", "total", "total_pages"):
        path: ir.AttributePath = getattr(paging, name)
        if path:
            args.append(f"{name}={_path(path)}")
    if paging.param:
        args.append(f"param={literal(paging.param)}")
    if paging.item_key:
        args.append(f"item_key={literal(paging.item_key)}")
    if paging.kind == "page" and paging.first_page != 1:
        args.append(f"first_page={paging.first_page}")
    return f"Paging({', '.join(args)})"


_HOW = {
    "token": "the page's {next} sent back as `{param}`",
    "cursor": "the page's {next} sent as `{param}`",
    "url": "the URL in the page's {next}",
    "link": "the URL in its `Link: <...>; rel=\"next\"` header",
    "offset": "`{param}` moved past the items received",
    "page": "the next `{param}` number",
}


def paging_view(op: ir.Operation, page_type: str) -> PagingView | None:
    paging = op.paging
    if paging is None:
        return None
    items = f"`{'.'.join(paging.items)}`" if paging.items else "the response"
    after = f"`{'.'.join(paging.next)}`" if paging.next else f"last item's `{paging.item_key}`"
    how = _HOW[paging.kind].format(next=after, param=paging.param)
    def doc(like: str) -> str:
        return (
            f"Like `{like}`, iterating over the items of {items} on every page: `for item in ...` "
            f"(or `.pages()` for the pages). The next page is asked for with {how}, when the one before "
            "has been used."
        )

    return PagingView(
        constant=f"_{op.function.upper()}_PAGING",
        expr=paging_expr(paging),
        page_type=page_type,
        item_type=annotation(paging.item, "models."),
        docstring=docstring(doc(op.function)),
        method_docstring=docstring(doc(op.method_name or op.function), "        "),
    )
