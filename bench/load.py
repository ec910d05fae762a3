"""The child side of the load figure: many async calls through a generated client at once.

Run by `bench.harness` with the interpreter of the client's own environment (like
`worker.py`, it imports nothing of the project) and prints one JSON line on stdout:

    load.py KIND DIR FUNCTION CALLS IN_FLIGHT
        wall and CPU seconds of CALLS awaited calls of FUNCTION (`module:name`, an async
        function of the client in DIR that takes the client as its one argument) with at
        most IN_FLIGHT at a time over one `httpx.AsyncClient` with a pool of IN_FLIGHT
        connections, and how many failed or returned something else than the first.

The server is a child process of its own (`load.py serve BODY`: one asyncio loop answering
every request with the same JSON body, keep-alive), so its work is not counted as the
client's CPU time and does not compete with the client for the GIL. KIND says how a client
is made: `ours` (`AsyncClient(api_key=, base_url=, http_client=)`) or `opc`
(`AuthenticatedClient(base_url=, token=)` with its async httpx client set).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import time
from typing import Any

BODY = {"balanceCents": 7, "numbers": [{"id": "n1", "number": "+15550100", "billingMode": "PAYG"}]}


async def _serve(body: bytes) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(head + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(connection, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    server.close()


def _client(kind: str, package: Any, url: str, http: Any) -> Any:
    if kind == "ours":
        return package.AsyncClient(api_key="k", base_url=url, http_client=http)
    if kind == "opc":
        client = importlib.import_module(f"{package.__name__}.client").AuthenticatedClient(base_url=url, token="k")
        client.set_async_httpx_client(http)
        return client
    raise SystemExit(f"error: unknown kind {kind!r} (ours or opc)")


async def _calls(kind: str, function: str, url: str, calls: int, in_flight: int, kwargs: dict[str, Any]) -> dict[str, Any]:
    import httpx

    module, _, name = function.partition(":")
    call = getattr(importlib.import_module(module), name)
    package = importlib.import_module(module.partition(".")[0])
    gate = asyncio.Semaphore(in_flight)
    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with httpx.AsyncClient(base_url=url, limits=limits) as http:
        client = _client(kind, package, url, http)

        async def one() -> Any:
            async with gate:
                return await call(client=client, **kwargs)

        first = await one()  # connection set-up and first-use costs are not per-call costs
        wall, cpu = time.perf_counter(), time.process_time()
        results = await asyncio.gather(*(one() for _ in range(calls)), return_exceptions=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    failed = sum(1 for r in results if isinstance(r, BaseException) or r != first)
    return {"wall_s": wall, "cpu_s": cpu, "failed": failed}


def main(argv: list[str]) -> int:
    if argv[0] == "serve":
        asyncio.run(_serve(argv[1].encode()))
        return 0
    kind, folder, function, calls, in_flight, *extra = argv
    kwargs = json.loads(extra[0]) if extra else {}
    sys.path.insert(0, folder)
    server = subprocess.Popen(
        [sys.executable, __file__, "serve", json.dumps(BODY)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}"
        print(json.dumps(asyncio.run(_calls(kind, function, url, int(calls), int(in_flight), kwargs))))
    finally:
        server.communicate(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
