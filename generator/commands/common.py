"""What several commands share: turning arguments and `[tool.generator]` into Options."""

from __future__ import annotations

import argparse
import keyword
import os
import sys
import unicodedata
from pathlib import Path

from generator.config import load_config
from generator.context import Options
from generator.diagnostics import GeneratorError
from generator.limits import MB, Limits
from generator.naming import identifier

NO_CACHE_ENV = "GENERATOR_NO_CACHE"
# Top-level modules a generated client imports besides the standard library (httpx and what
# httpx imports): a package of the same name on sys.path would be imported in their place.
RUNTIME_IMPORTS = frozenset({"httpx", "httpcore", "h11", "h2", "anyio", "sniffio", "idna", "certifi"})


def refuse_package_name(package: str) -> None:
    """A package name must be an identifier Python imports under that very name (NFKC-normal:
    `ﬁle` is imported as `file`), and must not shadow a module the client imports."""
    if not package.isidentifier() or keyword.iskeyword(package):
        raise GeneratorError(None, f"package name {package!r} is not a Python identifier", f"try {identifier(package)!r}")
    normal = unicodedata.normalize("NFKC", package)
    if normal != package:
        raise GeneratorError(
            None,
            f"package name {package!r} is not in NFKC form: Python would import it as {normal!r}",
            f"try {identifier(package)!r}",
        )
    if package in sys.stdlib_module_names or package in RUNTIME_IMPORTS:
        what = "a standard library module" if package in sys.stdlib_module_names else "a dependency of the client"
        raise GeneratorError(
            None,
            f"package name {package!r} would shadow {what} of that name, which the client or httpx imports",
            f"choose another name, e.g. {package + '_client'!r}",
        )


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """SPEC..., --out and --package: what to generate and where."""
    parser.add_argument("spec", nargs="*", type=Path, help="pages, spec files or folders (default: [tool.generator] spec)")
    parser.add_argument("--out", type=Path, help="output folder (default: [tool.generator] out)")
    parser.add_argument("--package", help="package name (default: [tool.generator] package)")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"no formatting cache and no up-to-date shortcut; the run is still recorded, so the next "
        f"one can take it (also: {NO_CACHE_ENV}=1)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="every warning is an error: stop at the first, write nothing (default: [tool.generator] strict)",
    )
    parser.add_argument(
        "--allow-multiple-apis",
        action="store_true",
        help="merge pages of different APIs (titles, servers or security schemes disagree) into one client "
        "(default: [tool.generator] allow_multiple_apis)",
    )


def options_from(args: argparse.Namespace) -> Options:
    """Options from the command line, with `[tool.generator]` filling what it leaves out."""
    config, base = load_config(Path.cwd())
    specs = tuple(args.spec) or tuple(base / s for s in config["spec"])
    out = args.out or base / config["out"]
    package = args.package or str(config["package"])
    refuse_package_name(package)
    no_cache = getattr(args, "no_cache", False) or os.environ.get(NO_CACHE_ENV, "") not in ("", "0")
    cache_dir = base / config["cache_dir"]
    strict = bool(getattr(args, "strict", False) or config["strict"])
    allow_multiple_apis = bool(getattr(args, "allow_multiple_apis", False) or config["allow_multiple_apis"])
    return Options(
        specs=specs,
        out=out,
        package=package,
        root=base,
        force=getattr(args, "force", False),
        cache_dir=cache_dir,
        no_cache=no_cache,
        strict=strict,
        limits=Limits(max_file_bytes=int(config["max_file_mb"]) * MB),
        allow_multiple_apis=allow_multiple_apis,
        env_prefix=str(config.get("env_prefix") or "").upper(),
        docs_url=str(config.get("docs_url") or ""),
    )
