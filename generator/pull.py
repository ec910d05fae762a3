"""Pulling a docs site's API-reference pages into a spec folder, all or nothing.

`pull(options, diagnostics)` reads the site's `llms.txt`, fetches the Markdown of every page
it lists on the same site (see `generator.llms_txt`), and keeps the pages that hold an OpenAPI
document (those `generator.load` can load). Pages without one, or holding an AsyncAPI or
Swagger 2.0 document, are skipped with a note; a page whose OpenAPI document does not load
is skipped with a warning. A listed link that is not a usable URL is skipped with a note
too (see `generator.llms_txt`). Any failed fetch (timeout, 404, 5xx, unreachable host, a
redirect to another site, an answer over the size cap; see `generator.fetch`) stops the pull
before anything is written, and so does an llms.txt listing more than `max_pages` pages.

Only then is the folder updated: each new or changed page is written (the bytes exactly as
served) through a temporary sibling and `os.replace`; pages an earlier pull wrote that the
site no longer lists are removed. What a pull wrote is recorded in `.pull-manifest` (JSON:
the llms.txt URL and file name -> page URL); files not listed there are never changed or
removed, and a page that would overwrite such a file (with different bytes) stops the pull.
"""

from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostics, GeneratorError, Location, NotOpenAPIError
from generator.fetch import DEFAULT_MAX_BYTES, at_url, fetch
from generator.llms_txt import file_name, is_page, listed_links, llms_txt_url, markdown_url, same_site
from generator.load import display_path, page_documents

MANIFEST = ".pull-manifest"
WORKERS = 8


@dataclass(frozen=True)
class PullOptions:
    """Where to pull from, into which folder, and how long to wait for each answer."""

    docs_url: str
    into: Path
    timeout: float = 30.0  # seconds for each request, redirects and the whole body included
    max_page_bytes: int = DEFAULT_MAX_BYTES  # for each answer: llms.txt and every page
    max_pages: int = 1000  # pages llms.txt may list on the site


@dataclass(frozen=True)
class Page:
    """A fetched page that holds an OpenAPI document: its file name, URL and exact bytes."""

    name: str
    url: str
    content: bytes


@dataclass
class PullReport:
    """What a pull found and did; the file-name lists are sorted."""

    llms_url: str
    pages: list[Page] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, why): no OpenAPI document, bad link
    other_sites: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed)


def pull(options: PullOptions, diagnostics: Diagnostics) -> PullReport:
    """Fetch and check everything in memory, then update the folder; see the module docstring."""
    report = PullReport(llms_txt_url(options.docs_url))
    urls = _listed_pages(report, options)
    bodies = _fetch_all(urls, options, report.llms_url)
    for url, body in zip(urls, bodies):
        _classify(report, url, body, diagnostics)
    if not report.pages:
        raise GeneratorError(
            at_url(report.llms_url),
            f"none of the {len(urls)} listed page(s) holds an OpenAPI document",
            "check that the site serves each page's Markdown at its URL + .md; nothing was written",
        )
    _update_folder(options.into, report)
    return report


def _listed_pages(report: PullReport, options: PullOptions) -> list[str]:
    """The Markdown URLs of the pages llms.txt lists on this site, without duplicates; more
    than `max_pages` of them stops the pull."""
    hint = "the site must serve llms.txt; nothing was written"
    answered_from, text = fetch(report.llms_url, options.timeout, hint, options.max_page_bytes)
    links, unusable = listed_links(text.decode("utf-8", errors="replace"), answered_from)
    report.skipped.extend(unusable)
    local = [link for link in links if same_site(link, answered_from)]
    report.other_sites = len(links) - len(local)
    urls = list(dict.fromkeys(markdown_url(link) for link in local if is_page(link)))
    if not urls:
        raise GeneratorError(
            at_url(report.llms_url),
            "lists no pages of this site",
            "check the docs URL; llms.txt needs `- [Title](url)` list items; nothing was written",
        )
    if len(urls) > options.max_pages:
        raise GeneratorError(
            at_url(report.llms_url),
            f"lists {len(urls):,} pages of this site, over the limit of {options.max_pages:,}",
            "pass a higher --max-pages if the site really has that many; nothing was written",
        )
    _refuse_name_clashes(urls)
    return urls


def _refuse_name_clashes(urls: list[str]) -> None:
    """Two pages whose file names differ only in case would clash on some file systems."""
    seen: dict[str, str] = {}
    for url in urls:
        other = seen.setdefault(file_name(url).lower(), url)
        if other != url:
            raise GeneratorError(
                at_url(url),
                f"its file name clashes with that of {other} (they differ only in letter case)",
                "pull into a case-sensitive folder or ask the site to fix its links; nothing was written",
            )


def _fetch_all(urls: list[str], options: PullOptions, llms_url: str) -> list[bytes]:
    """Every page's bytes, in order; the first failure (in listing order) stops the pull."""
    hint = f"listed in {llms_url}; nothing was written"
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(urls))) as pool:
        futures = [pool.submit(fetch, url, options.timeout, hint, options.max_page_bytes) for url in urls]
        try:
            return [future.result()[1] for future in futures]
        finally:
            for future in futures:
                future.cancel()


def _classify(report: PullReport, url: str, body: bytes, diagnostics: Diagnostics) -> None:
    """Keep the page if it holds an OpenAPI document; otherwise note why it was skipped."""
    name = file_name(url)
    try:
        page_documents(body.decode("utf-8"), Path(name))
    except UnicodeDecodeError:
        diagnostics.warn(at_url(url), "skipped: the page is not UTF-8 text")
        return
    except NotOpenAPIError as exc:
        report.skipped.append((url, exc.message))
        return
    except GeneratorError as exc:
        diagnostics.warn(at_url(url), f"skipped: its OpenAPI document does not load: {exc.one_line()}")
        return
    report.pages.append(Page(name, url, body))


def read_manifest(folder: Path) -> dict[str, str]:
    """File name -> page URL of the files an earlier pull wrote into `folder`."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = data["pages"]
        if not isinstance(pages, dict):
            raise TypeError("`pages` is not an object")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GeneratorError(
            Location(display_path(path), 0),
            f"cannot read the pull manifest ({type(exc).__name__}: {exc})",
            "delete it to start afresh (pulled files then count as your own); nothing was written",
        ) from None
    return {str(k): str(v) for k, v in pages.items() if _plain_name(str(k))}


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def _update_folder(folder: Path, report: PullReport) -> None:
    """Work out what changes, refuse to overwrite files the user made, then apply it."""
    if folder.exists() and not folder.is_dir():
        raise GeneratorError(
            Location(display_path(folder), 0), "not a folder", "pass a folder with --into; nothing was written"
        )
    old = read_manifest(folder)
    writes: dict[str, bytes] = {}
    for page in report.pages:
        current = _current(folder / page.name)
        if current == page.content:
            continue
        if current is not None and page.name not in old:
            raise GeneratorError(
                Location(display_path(folder / page.name), 0),
                f"would be overwritten by {page.url}, but an earlier pull did not write it",
                "move or delete your file, or pull into another folder; nothing was written",
            )
        (report.changed if current is not None else report.added).append(page.name)
        writes[page.name] = page.content
    kept = {page.name for page in report.pages}
    report.removed = sorted(name for name in old if name not in kept and (folder / name).is_file())
    manifest = _manifest_bytes(report)
    if _current(folder / MANIFEST) != manifest:
        writes[MANIFEST] = manifest
    _apply(folder, writes, report.removed)
    report.added.sort()
    report.changed.sort()


def _manifest_bytes(report: PullReport) -> bytes:
    pages = {page.name: page.url for page in sorted(report.pages, key=lambda p: p.name)}
    text = json.dumps({"llms_txt": report.llms_url, "pages": pages}, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise GeneratorError(
            Location(display_path(path), 0), f"cannot read ({exc.strerror})", "check the file; nothing was written"
        ) from None


def _apply(folder: Path, writes: dict[str, bytes], removed: list[str]) -> None:
    """Stage every write in a temporary sibling, move the pages into place, remove the pages
    the site dropped, and record the manifest last."""
    if not writes and not removed:
        return
    folder.mkdir(parents=True, exist_ok=True)
    staged: dict[str, Path] = {}
    try:
        for name, content in writes.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            staged[name] = Path(tmp_name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(tmp_name, 0o666 & ~_umask())
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    for name, tmp in staged.items():
        if name != MANIFEST:
            os.replace(tmp, folder / name)
    for name in removed:
        (folder / name).unlink(missing_ok=True)
    if MANIFEST in staged:
        os.replace(staged[MANIFEST], folder / MANIFEST)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
