"""Models and resources load when first used: importing a client imports no model module and
no endpoint module; using one model imports that model's module only; a call through the sync
or async client (a real server on loopback) loads its endpoint module and the models its
answer's type reaches, and decodes as before; every name is still listed (`__all__`, `dir`, `import *`), an unknown one is an
AttributeError; and for mypy the index is an ordinary module (an unknown name is an error)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import GENERATED, LocalServer, mypy_strict

BILLING = {"balanceCents": 100, "pricing": {"monthlyCents": 5}, "subscription": None, "extra": 1}


def _run(script: str, **env: str) -> dict[str, object]:
    """Run a script in a fresh interpreter (nothing imported yet); it prints one JSON value."""
    environment = {**os.environ, "PYTHONPATH": str(GENERATED), **env}
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, env=environment)
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout)
    return result


LOADED = "sorted(m for m in sys.modules if m.startswith(('dial._models.', 'dial.api.')))"


def test_importing_the_client_loads_no_model_and_no_endpoint_module() -> None:
    result = _run(f"""
        import json, sys
        import dial
        client = dial.Client(api_key="k", base_url="http://127.0.0.1:9")
        print(json.dumps({LOADED}))
    """)
    assert result == []


def test_using_one_model_loads_its_module_only() -> None:
    result = _run(f"""
        import json, sys
        import dial
        price = dial.models.BillingPricing(monthly_cents=5)
        print(json.dumps({{"loaded": {LOADED}, "value": price.to_dict()}}))
    """)
    assert result == {"loaded": ["dial._models.billing_pricing"], "value": {"monthlyCents": 5}}


def test_every_name_is_listed_and_an_unknown_one_is_an_attribute_error() -> None:
    result = _run("""
        import json
        import dial.models as models
        names = {}
        exec("from dial.models import *", names)
        try:
            models.NoSuchModel
        except AttributeError as exc:
            error = str(exc)
        print(json.dumps({"all": sorted(models.__all__), "star": sorted(n for n in names if n in models.__all__),
                          "dir": set(models.__all__) <= set(dir(models)), "error": error}))
    """)
    assert "Billing" in result["all"] and result["star"] == result["all"] and result["dir"] is True
    assert result["error"] == "module 'dial.models' has no attribute 'NoSuchModel'"


def test_sync_and_async_calls_load_what_the_answer_needs(server: LocalServer) -> None:
    server.answer("GET", "/api/v1/billing", 200, BILLING)
    result = _run(f"""
        import asyncio, json, sys
        import dial
        sync = dial.Client(api_key="k", base_url="{server.url}").billing.get()

        async def main():
            async with dial.AsyncClient(api_key="k", base_url="{server.url}") as client:
                return await client.billing.get()

        answer = asyncio.run(main())
        print(json.dumps({{"loaded": {LOADED}, "sync": sync.to_dict(), "async": answer.to_dict(),
                           "classes": [type(sync).__name__, type(answer.pricing).__name__]}}))
    """)
    assert result["sync"] == BILLING and result["async"] == BILLING
    assert result["classes"] == ["Billing", "BillingPricing"]
    assert "dial.api.billing" in result["loaded"] and "dial._models.billing_pricing" in result["loaded"]


def test_mypy_sees_every_model_and_rejects_unknown_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "use.py").write_text(textwrap.dedent("""
        from dial import models
        from dial.models import Billing

        def pricing(billing: Billing) -> models.BillingPricing | None:
            value = billing.pricing
            return value if isinstance(value, models.BillingPricing) else None

        models.NoSuchModel
    """))
    monkeypatch.setenv("MYPYPATH", str(GENERATED))
    check = mypy_strict(tmp_path, "use.py")
    errors = [line for line in check.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and 'Module has no attribute "NoSuchModel"' in errors[0], check.stdout
