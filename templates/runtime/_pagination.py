"""The items of a list operation across its pages: `Pager` and `AsyncPager`.

`<operation>_iter(...)` returns a `Pager` (on `AsyncClient`, an `AsyncPager`): iterate it
(`for item in ...`, `async for item in ...`) for every item of every page, each page fetched
when the one before is used up; `pages()` iterates the pages themselves (the operation's
response, with its totals and flags). Every iteration starts again at the first page. How the
next page is asked for is the operation's `Paging`, read from the spec by the generator:

- `token`: the page's next token (`next_cursor`, `next_page`, ...) goes in a query parameter;
- `cursor`: the page's `last_id`, else the `id` of its last item, goes in `after` (or
  `starting_after`);
- `url` / `link`: the next page's URL from the page (`next_page_uri`) or from its
  `Link: <...>; rel="next"` header is fetched as it is; it must be on the host of the
  client's base URL (credentials never go to another one);
- `offset` / `page`: the parameter grows by the items (the pages) received.

The list ends when the page says so (`has_more` false, no next token or URL, its total
reached), at an empty page (cursor, offset and page numbers), or when the next request would
repeat the one just made.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import urljoin

import httpx

from ._auth import origin
from ._base_client import (
    ApiResponse,
    AsyncAPIClient,
    Endpoint,
    RequestParts,
    SyncAPIClient,
    TimeoutTypes,
)
from ._codec import UNSET, Unset
from ._errors import APIError

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")
ClientT = TypeVar("ClientT", SyncAPIClient, AsyncAPIClient)
PagingKind = Literal["token", "cursor", "url", "link", "offset", "page"]
_LINK = re.compile(r"<([^>]*)>([^,<]*)")
_NEXT_REL = re.compile(r"""\brel\s*=\s*("[^"]*\bnext\b[^"]*"|next\b)""", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Paging:
    """How one operation's next page is asked for.

    `items` leads to the page's list (attribute names; `()`: the page is the list); `param` is
    the query parameter the next value goes in; `next` leads to the next token, cursor or URL;
    `item_key` is the last item's attribute that is the next cursor when `next` is not given;
    `has_more`, `total` (items) and `total_pages` lead to what ends the list.
    """

    kind: PagingKind
    items: tuple[str, ...] = ()
    param: str = ""
    next: tuple[str, ...] = ()
    item_key: str = ""
    has_more: tuple[str, ...] = ()
    total: tuple[str, ...] = ()
    total_pages: tuple[str, ...] = ()
    first_page: int = 1

    def items_of(self, page: Any) -> list[Any]:
        """The items of one page (none when its list is absent)."""
        found = _read(page, self.items)
        return list(found) if isinstance(found, list) else []

    def next_parts(
        self, parts: RequestParts, response: ApiResponse[Any], seen: int, base_url: str
    ) -> RequestParts | None:
        """The request for the page after `response`, or None at the end of the list.

        `seen` counts the items received so far in this iteration.
        """
        page = response.parsed
        if self.has_more and _read(page, self.has_more) is False:
            return None
        if self.kind in ("url", "link"):
            found = (
                _read(page, self.next)
                if self.kind == "url"
                else link_next(response.headers.get("link", ""))
            )
            return _follow(parts, found, base_url)
        items = self.items_of(page)
        if self.kind == "token":
            return _with_query(parts, self.param, _read(page, self.next))
        if not items:
            return None
        if self.kind == "cursor":
            found = _read(page, self.next) if self.next else None
            if found is None:
                found = _read(items[-1], (self.item_key,))
            return _with_query(parts, self.param, found)
        return self._counted(parts, page, seen, len(items))

    def _counted(
        self, parts: RequestParts, page: Any, seen: int, received: int
    ) -> RequestParts | None:
        """offset / page: the next offset or page number, unless the totals are reached."""
        current = parts.query.get(self.param)
        total = _read(page, self.total)
        if isinstance(total, int) and seen >= total:
            return None
        if self.kind == "offset":
            start = current if isinstance(current, int) else 0
            return _with_query(parts, self.param, start + received)
        number = current if isinstance(current, int) else self.first_page
        pages = _read(page, self.total_pages)
        if isinstance(pages, int) and number + 1 >= self.first_page + pages:
            return None
        return _with_query(parts, self.param, number + 1)


def _read(value: Any, path: tuple[str, ...]) -> Any:
    """The value at an attribute path (None where anything on the way is absent)."""
    for name in path:
        value = getattr(value, name, None)
    return None if isinstance(value, Unset) else value


def _with_query(parts: RequestParts, name: str, value: Any) -> RequestParts | None:
    """The request with one query value changed; None when there is none, or no change."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if parts.query.get(name) == value:
        return None
    return dataclasses.replace(parts, query={**parts.query, name: value})


def _follow(parts: RequestParts, url: Any, base_url: str) -> RequestParts | None:
    """The request for a next page's URL (relative ones against the base URL)."""
    if not isinstance(url, str) or not url.strip():
        return None
    target = urljoin(base_url + "/", url.strip())
    if origin(httpx.URL(target)) != origin(httpx.URL(base_url)):
        raise APIError(
            f"the next page is on another host ({target}); not followed, so the client's "
            "credentials stay with its base URL"
        )
    if target == parts.url:
        return None
    return dataclasses.replace(parts, url=target, query={})


def link_next(header: str) -> str | None:
    """The URL of `rel="next"` in a `Link` header (RFC 8288), if any."""
    for url, params in _LINK.findall(header):
        if _NEXT_REL.search(params):
            return str(url)
    return None


class _Paged(Generic[ClientT]):
    """What a pager keeps of the call: the client, endpoint, first request and options."""

    def __init__(
        self,
        client: ClientT,
        endpoint: Endpoint,
        parts: RequestParts,
        paging: Paging,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
    ) -> None:
        self._client: ClientT = client
        self._endpoint = endpoint
        self._parts = parts
        self._paging = paging
        self._timeout = timeout
        self._max_retries = max_retries

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._endpoint.method} {self._endpoint.path})"


class Pager(_Paged[SyncAPIClient], Generic[PageT, ItemT]):
    """Every item of a list operation, page after page, each fetched as you iterate.

    `for item in pager` yields the items; `pager.pages()` yields the pages (the operation's
    response) instead. Every iteration starts again at the first page.
    """

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from self._paging.items_of(page)

    def pages(self) -> Iterator[PageT]:
        """Each page, fetched when the one before has been used."""
        parts: RequestParts | None = self._parts
        seen = 0
        while parts is not None:
            response = self._client.send(
                self._endpoint, parts, self._timeout, max_retries=self._max_retries
            )
            seen += len(self._paging.items_of(response.parsed))
            yield response.parsed
            parts = self._paging.next_parts(
                parts, response, seen, self._client.base_url
            )


class AsyncPager(_Paged[AsyncAPIClient], Generic[PageT, ItemT]):
    """Every item of a list operation, page after page, each fetched as you `async for`.

    `async for item in pager` yields the items; `pager.pages()` yields the pages instead.
    Every iteration starts again at the first page.
    """

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self._items()

    async def _items(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in self._paging.items_of(page):
                yield item

    async def pages(self) -> AsyncIterator[PageT]:
        """Each page, fetched when the one before has been used."""
        parts: RequestParts | None = self._parts
        seen = 0
        while parts is not None:
            response = await self._client.send(
                self._endpoint, parts, self._timeout, max_retries=self._max_retries
            )
            seen += len(self._paging.items_of(response.parsed))
            yield response.parsed
            parts = self._paging.next_parts(
                parts, response, seen, self._client.base_url
            )
