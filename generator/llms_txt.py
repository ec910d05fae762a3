"""A docs site's `llms.txt` (llmstxt.org): its page links, their Markdown URLs, file names.

`llms.txt` is Markdown: `# Title`, `> summary`, then `## Section` headings over list items
`- [Title](url): notes`. Links may be absolute or relative to `llms.txt`; only links to pages
of the same site (same scheme, host and port) are kept. A page's Markdown is at its URL plus
`.md`, unless the link already ends in `.md` or `.mdx`. Links to files that are not pages
(`.json`, `.yaml`, `.txt`, images, ...) are left out. A link that is not a usable URL (a
broken IPv6 host, a port out of range) is set aside with the reason, never fetched. Characters
outside ASCII in a link's path or query are percent-encoded (UTF-8), as HTTP requires;
everything else, `%XX` escapes included, is kept as written.

File names come from the URL path alone, so they are stable across pulls and never collide:
the path's segments joined by `__` (`/api-reference/billing/get-billing` ->
`api-reference__billing__get-billing.md`). That is reversible when every segment is made of
letters, digits, `.`, `-` and single `_`, starts with a letter or digit and does not end in
`_`; any other path (a query, a space, `%`, `__`, `//`, a name over 200 characters) gets a
sanitized name plus `~` and 12 hex digits of the path's SHA-256, and `~` never appears in the
reversible names.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from generator.diagnostics import GeneratorError
from generator.fetch import at_url

MARKDOWN_SUFFIXES = (".md", ".mdx")
NOT_PAGES = {
    ".txt", ".json", ".yaml", ".yml", ".xml", ".csv", ".pdf", ".zip", ".gz",
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".mp3", ".mp4", ".wav",
}  # fmt: skip
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST_LINK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[(?:[^\]\\]|\\.)*\]\(\s*<?([^()<>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*(?:_[A-Za-z0-9.\-]+)*$")
_MAX_NAME = 200
_UNSAFE = re.compile(r"[^A-Za-z0-9.\-_]+")
_ASCII_KEPT = "".join(chr(code) for code in range(0x21, 0x7F))  # printable ASCII: kept as written


def llms_txt_url(docs_url: str) -> str:
    """Where the site's llms.txt is: the URL itself if it names a `.txt`, else `<url>/llms.txt`."""
    try:
        parts = urlsplit(usable_url(docs_url.strip()))
    except ValueError as exc:
        raise GeneratorError(at_url(docs_url), f"not a valid URL ({exc})", "check the docs site's address") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise GeneratorError(
            at_url(docs_url), "not an http(s) URL", "give the docs site's address, e.g. https://docs.example.com"
        )
    path = parts.path
    if not path.lower().endswith(".txt"):
        path = path.rstrip("/") + "/llms.txt"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def usable_url(url: str) -> str:
    """The URL with non-ASCII path and query characters percent-encoded, fragment dropped.

    Raises ValueError when it cannot be used at all (say `http://[::1/x` or a port over 65535).
    """
    parts = urlsplit(url)
    _ = parts.port  # raises ValueError for a port that is not a number in range
    path, query = quote(parts.path, safe=_ASCII_KEPT), quote(parts.query, safe=_ASCII_KEPT)
    return urlunsplit(parts._replace(path=path, query=query, fragment=""))


def page_links(text: str, llms_url: str) -> list[str]:
    """The absolute URLs of the usable list-item links in llms.txt, in order, without duplicates."""
    return listed_links(text, llms_url)[0]


def listed_links(text: str, llms_url: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The list-item links of llms.txt: the usable ones as absolute URLs, in order, without
    duplicates; and the unusable ones as written, each with why."""
    links: list[str] = []
    unusable: list[tuple[str, str]] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or _HEADING.match(line):
            continue
        match = _LIST_LINK.match(line)
        if not match:
            continue
        try:
            url = usable_url(urljoin(llms_url, match.group(1)))
        except ValueError as exc:
            unusable.append((match.group(1), f"not a usable URL: {exc}"))
            continue
        if url not in links:
            links.append(url)
    return links, unusable


def same_site(url: str, site_url: str) -> bool:
    """Whether `url` is on the same origin (scheme, host, port) as `site_url`."""
    try:
        a, b = urlsplit(url), urlsplit(site_url)
        return (a.scheme, a.hostname, _port(a.scheme, a.port)) == (b.scheme, b.hostname, _port(b.scheme, b.port))
    except ValueError:  # not a usable URL: on no site
        return False


def _port(scheme: str, port: int | None) -> int | None:
    return port if port is not None else {"http": 80, "https": 443}.get(scheme)


def is_page(url: str) -> bool:
    """Whether a link names a page (not a data file, image or another text file)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return not any(last.endswith(suffix) for suffix in NOT_PAGES)


def markdown_url(page_url: str) -> str:
    """The URL of a page's Markdown: the page URL plus `.md`, unless it ends in `.md`/`.mdx`."""
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/") or "/index"
    if not path.lower().endswith(MARKDOWN_SUFFIXES):
        path += ".md"
    return urlunsplit(parts._replace(path=path, fragment=""))


def file_name(md_url: str) -> str:
    """The stable file name for a page's Markdown URL (see the module docstring)."""
    parts = urlsplit(md_url)
    path = parts.path
    cut = next((len(path) - len(s) for s in MARKDOWN_SUFFIXES if path.lower().endswith(s)), len(path))
    stem, suffix = path[:cut], path[cut:] or ".md"
    segments = stem.split("/")[1:]
    name = "__".join(segments) + suffix
    if parts.query or not stem.startswith("/") or not all(_SEGMENT.match(s) for s in segments) or len(name) > _MAX_NAME:
        digest = hashlib.sha256(f"{path}?{parts.query}".encode()).hexdigest()[:12]
        safe = "__".join(_UNSAFE.sub("-", s).strip("-_.") or "-" for s in segments if s)[: _MAX_NAME - 20]
        return f"{safe or 'index'}~{digest}{suffix}"
    return name
