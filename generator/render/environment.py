"""The Jinja environment the templates render in, with their compiled code kept between runs.

Compiling the templates from source was a twentieth of a regeneration after a one-schema edit
of a big spec (seven templates, every run). With a cache folder, Jinja's bytecode cache
(`jinja2.BytecodeCache`, with files of marshal data) keeps each template's compiled code under
`<cache_dir>/jinja/<salt digest>/`: it is loaded only when the template's source has the
checksum recorded with it, and the folder is named by a digest of the render cache's salt
(this generator's code, the templates, Jinja's and black's versions), so code compiled by
another generator, Jinja or set of environment options is never loaded. Folders of other
salts are removed when a new one is made. A missing, damaged or unwritable file only means
compiling from source (as without a cache folder). `read=False` (`--no-cache`) compiles
every template but still writes the compiled code.
"""

from __future__ import annotations

import hashlib
import marshal
import shutil
import types
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache_file import replace_file

if TYPE_CHECKING:
    import jinja2


def environment(cache_dir: Path | None = None, salt: bytes = b"", read: bool = True) -> jinja2.Environment:
    """The templates' environment; with `cache_dir`, their compiled code is kept there."""
    import jinja2  # on first use: importing `generator.render.annotations` should stay cheap

    loader = jinja2.FunctionLoader(
        lambda name: resources.files("generator.templates").joinpath(name).read_text("utf-8")
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=None if cache_dir is None else _bytecode_cache(cache_dir, salt, read),
    )


def _bytecode_cache(cache_dir: Path, salt: bytes, read: bool) -> jinja2.BytecodeCache:
    import jinja2

    folder = cache_dir / "jinja" / hashlib.blake2b(salt, digest_size=16).hexdigest()

    class MarshalFiles(jinja2.BytecodeCache):
        """A file per template: `(source checksum, code)` in marshal (Jinja's own files start
        with a pickle); anything unreadable, damaged or of another source is a miss."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if not read:
                return
            try:
                checksum, code = marshal.loads((folder / bucket.key).read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                return
            if checksum == bucket.checksum and isinstance(code, types.CodeType):
                bucket.code = code

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                if not folder.is_dir():
                    _make_folder(cache_dir, folder)
            except OSError:
                return  # the cache only saves time
            replace_file(folder / bucket.key, marshal.dumps((bucket.checksum, bucket.code)))

    return MarshalFiles()


def _make_folder(cache_dir: Path, folder: Path) -> None:
    """Make the folder for this salt, removing those of other salts (stale code)."""
    from generator.format_cache import prepare_cache_dir

    prepare_cache_dir(cache_dir)
    if folder.parent.is_dir():
        for other in folder.parent.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
