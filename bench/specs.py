"""The inputs the side-by-side harness runs on, and what it does with each.

Each case names the files copied into a throw-away project (so that an edit never touches
the corpus or `spec/`), the spec paths given to the generators, one edit that changes a
schema (for the incremental figure), the model imported and used once (for the import
figure) in each client, and the decode/encode workloads that apply to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class LoadCall:
    """One operation called many times at once: ours found by its operationId in our
    `_index.json`, openapi-python-client's by its module (inside the package) and the keyword
    arguments it needs besides `client=`."""

    operation_id: str
    opc_function: str  # `module:function` inside the opc package
    opc_kwargs: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    sources: tuple[Path, ...]  # files or folders copied into the project's `input/`
    specs: tuple[str, ...]  # paths inside `input/` given to our generator
    edit: tuple[str, str]  # (file inside `input/`, text in one schema that the edit extends)
    models: dict[str, str]  # client kind -> model used for the import figure (`Class` or `sub.module:Class`)
    workloads: tuple[str, ...] = ()  # names of bench.workloads applying to this spec
    opc_config: dict[str, object] = field(default_factory=dict)  # openapi-python-client needs
    dcg_modular: bool = False  # datamodel-code-generator needs a folder (dotted schema names)
    load: LoadCall | None = None  # the call of the async load figure (`bench/load.py`)

    def shown(self) -> str:
        """Where the input comes from, as the results table names it."""
        names = [_relative(p) for p in self.sources]
        return names[0] if len(names) == 1 else f"{len(names)} pages ({', '.join(p.name for p in self.sources)})"


def _relative(path: Path) -> str:
    for base, label in ((CORPUS, "../shared/corpus/"), (ROOT, "")):
        if path.is_relative_to(base):
            return label + str(path.relative_to(base))
    return str(path)


_SAME = "CreateChatCompletionResponse"
CASES = (
    Case(
        key="dial",
        title="Dial (seed page)",
        sources=(ROOT / "spec" / "dial",),
        specs=("dial",),
        edit=("dial/get-billing.md", "description: Number of subscribed phone numbers (one unit each)"),
        models={"ours": "Billing", "opc": "Billing", "pydantic": "Billing"},
        workloads=("billing",),
        load=LoadCall("get-billing", "api.subpackage_billing.get_billing:asyncio", {"authorization": "Bearer k"}),
    ),
    Case(
        key="opik",
        title="Opik (4 pages)",
        sources=tuple(sorted((CORPUS / "pages").glob("opik__*.md"))),
        specs=tuple(p.name for p in sorted((CORPUS / "pages").glob("opik__*.md"))),
        edit=("opik__create-span.md", "If null, the default project is used"),
        models={"ours": "SpanWrite", "opc": "SpanWrite", "pydantic": "SpanWrite"},
    ),
    Case(
        key="twilio",
        title="Twilio 2010",
        sources=(CORPUS / "big" / "twilio_api_v2010.json",),
        specs=("twilio_api_v2010.json",),
        edit=("twilio_api_v2010.json", "This token should be kept a secret, so no sharing."),
        models={"ours": "Account", "opc": "ApiV2010Account", "pydantic": "api.v2010:Account"},
        dcg_modular=True,
    ),
    Case(
        key="openai",
        title="OpenAI",
        sources=(CORPUS / "big" / "openai-openapi.yaml",),
        specs=("openai-openapi.yaml",),
        edit=("openai-openapi.yaml", "Represents a chat completion response returned by model, based on"),
        models={"ours": _SAME, "opc": _SAME, "pydantic": _SAME},
        workloads=("chat_completions",),
    ),
    Case(
        key="stripe",
        title="Stripe 2023-09-12",
        sources=(CORPUS / "big" / "stripe-spec3@2023-09-12.yaml",),
        specs=("stripe-spec3@2023-09-12.yaml",),
        edit=(
            "stripe-spec3@2023-09-12.yaml",
            "This is an object representing a Stripe account. You can retrieve it to",
        ),
        models={"ours": "Account", "opc": "Account", "pydantic": "Account"},
        opc_config={"literal_enums": True},  # it crashes on Stripe without
        dcg_modular=True,
    ),
    Case(
        key="github",
        title="GitHub",
        sources=(CORPUS / "big" / "github-api.github.com@v1.1.4_thirdparty-copy-2021-12.yaml",),
        specs=("github-api.github.com@v1.1.4_thirdparty-copy-2021-12.yaml",),
        edit=("github-api.github.com@v1.1.4_thirdparty-copy-2021-12.yaml", "description: Simple User"),
        models={"ours": "SimpleUser", "opc": "SimpleUser", "pydantic": "SimpleUser"},
        # without it, it stops on a duplicate enum key; with it, it gets further (its cell says how far)
        opc_config={"literal_enums": True},
    ),
    Case(
        key="digitalocean",
        title="DigitalOcean (multi-file)",
        sources=(CORPUS / "multi" / "digitalocean_multi",),
        specs=("digitalocean_multi/DigitalOcean-public.v2.yaml",),
        edit=(
            "digitalocean_multi/resources/droplets/models/droplet.yml",
            "description: Memory of the Droplet in megabytes.",
        ),
        models={"ours": "Droplet", "opc": "Droplet", "pydantic": "Droplet"},
    ),
)


def select(keys: list[str] | None) -> list[Case]:
    """The cases named (all when None), in the table's order; an unknown name is a ValueError."""
    if not keys:
        return list(CASES)
    known = {case.key: case for case in CASES}
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValueError(f"unknown spec {', '.join(unknown)} (known: {', '.join(known)})")
    return [case for case in CASES if case.key in keys]
