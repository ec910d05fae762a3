"""The run context: options and the diagnostics sink, passed explicitly down every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Options:
    """What to generate: inputs, output folder, and the package name."""

    specs: tuple[Path, ...]
    out: Path
    package: str
    root: Path = field(default_factory=Path.cwd)  # provenance paths are relative to this
    force: bool = False  # write even into a folder holding files the generator did not make
    cache_dir: Path | None = None  # formatting cache and run stamps; None: no cache, no fast path
    no_cache: bool = False  # `--no-cache`: nothing read from the cache, no fast path; what it makes is cached
    strict: bool = False  # every warning is an error (`--strict`, `strict = true`)
    limits: Limits = DEFAULT_LIMITS  # caps on input size and shape (`max_file_mb`)
    allow_multiple_apis: bool = False  # merge pages of different APIs (`--allow-multiple-apis`)
    env_prefix: str = ""  # the client's environment variables' prefix ("": from the API title)
    docs_url: str = ""  # the docs site relative links in descriptions are joined to ("": none)


@dataclass
class Context:
    """Everything a stage may consult besides its input. No stage reads global state."""

    options: Options
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    # what of each spec file can change the client (`pipeline.fingerprint`), by its manifest
    # name: read once per run, so the up-to-date check and the manifest hash the same bytes
    # (emptied when a run starts: `generate`, `recorded_fingerprint`)
    spec_bytes: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.options.strict:
            self.diagnostics.strict = True
