"""Which inputs the corpus holds, and which of them must be refused.

Pages are one input each, except the Opik pages, which are one API merged into one client.
The AsyncAPI page and `invalid.yaml` must be refused with one clear line; every other input
must generate. Among them, `json_pointer.yaml` is a components-only fragment (no `openapi`
key; read as a models-only document, with a warning), and it, `same_name_objects.yaml` and
`no_components.yaml` hold schema `$ref`s that do not resolve (files of the
datamodel-code-generator test suite the corpus does not include, or no components at all):
those are typed `Any`, with a warning each. The OpenAI
document is taken once, as JSON (the YAML is the same document). DigitalOcean is one input:
its root file; the other 2,033 files are reached through `$ref`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFUSED = {
    "respeecher__tts-websocket_ASYNCAPI-negative.md": "AsyncAPI page",
    "invalid.yaml": "not an OpenAPI document",
}

# Inputs datamodel-code-generator (the oracle) cannot read; their oracle cell is "n/a".
# For any other input with component schemas, an oracle failure leaves the row not full.
ORACLE_CANNOT = {
    "json_pointer.yaml": "its `$ref` file (root_model.yaml) is not in the corpus",
    "same_name_objects.yaml": "its `$ref` file (resolved_models.yaml) is not in the corpus",
}


@dataclass(frozen=True)
class CorpusInput:
    """One API to generate: its files, and whether the generator must refuse it."""

    name: str
    paths: tuple[Path, ...]
    refuse: str | None = None  # why it must be refused; None: must generate

    @property
    def package(self) -> str:
        """A package name for the generated client, unique per input."""
        slug = re.sub(r"[^0-9a-zA-Z]+", "_", self.name).strip("_").lower()
        return f"c_{slug}"[:60]


def _single(name: str, path: Path) -> CorpusInput:
    return CorpusInput(name, (path,), REFUSED.get(path.name))


def corpus_inputs(root: Path) -> list[CorpusInput]:
    """Every input of the corpus at `root`, in table order."""
    inputs: list[CorpusInput] = []
    pages = sorted((root / "pages").glob("*.md"))
    opik = [p for p in pages if p.name.startswith("opik__")]
    for page in pages:
        if page in opik:
            if page == opik[0]:
                inputs.append(CorpusInput("pages/opik (4 pages)", tuple(opik)))
            continue
        inputs.append(_single(f"pages/{page.stem}", page))
    peer = root / "peer" / "datamodel-code-generator"
    for spec in sorted(p for p in peer.iterdir() if p.suffix in {".yaml", ".yml", ".json"}):
        inputs.append(_single(f"peer/{spec.name}", spec))
    big = root / "big"
    for spec in sorted(big.iterdir()):
        if spec.name == "openai-openapi.yaml" or spec.is_dir():
            continue  # the same document as openai-openapi.json
        inputs.append(_single(f"big/{spec.name}", spec))
    for spec in sorted((big / "oai-examples-v3.0").glob("*")):
        if spec.suffix in {".yaml", ".yml", ".json"}:
            inputs.append(_single(f"big/oai-examples-v3.0/{spec.name}", spec))
    do_root = root / "multi" / "digitalocean_multi" / "DigitalOcean-public.v2.yaml"
    inputs.append(_single("multi/DigitalOcean-public.v2.yaml", do_root))
    return inputs


def select(inputs: list[CorpusInput], patterns: list[str]) -> list[CorpusInput]:
    """The inputs whose name contains any of the patterns (all when there are none)."""
    if not patterns:
        return inputs
    return [i for i in inputs if any(p in i.name for p in patterns)]
