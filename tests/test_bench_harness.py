"""The side-by-side benchmark harness (`make bench`) runs and produces well-formed rows.

A smoke run on Dial only, in quick mode with the peers skipped by `--no-peers` (CI has no
peer environment and no network). Nothing here asserts a time: speed is read from
bench/RESULTS.md, never asserted in a test.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import ROOT, SEED_PAGE

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.measure import median_ratio, run_child  # noqa: E402

MEASURES = {
    ("cold generate, CPU", "s"),
    ("cold generate, wall", "s"),
    ("peak memory", "MB"),
    ("one schema changed, CPU", "s"),
    ("one schema changed, wall", "s"),
    ("no-op, CPU", "s"),
    ("no-op, wall", "s"),
    ("import + first use of Billing, wall", "ms"),
    ("import + first use of Billing, CPU", "ms"),
    ("seed Billing example (1): decode, ours via decode(T, data)", "µs/item"),
    ("seed Billing example (1): decode, ours via T.from_dict(data)", "µs/item"),
    ("seed Billing example (1): encode, ours via encode(value)", "µs/item"),
    ("seed Billing example (1): encode, ours via value.to_dict()", "µs/item"),
    ("500 async calls, 100 in flight, wall", "s"),
    ("500 async calls, 100 in flight, CPU", "s"),
}


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_quick_run_on_dial_gives_every_row_with_our_figures_and_skipped_peers(tmp_path: Path) -> None:
    seed_before = hashlib.sha256(SEED_PAGE.read_bytes()).hexdigest()
    results, rows_file, work = tmp_path / "RESULTS.md", tmp_path / "rows.json", tmp_path / "work"
    run = _bench(
        "--specs",
        "dial",
        "--quick",
        "--no-peers",
        "--results",
        str(results),
        "--json",
        str(rows_file),
        "--work",
        str(work),
    )
    assert run.returncode == 0, run.stderr

    rows: list[dict[str, Any]] = json.loads(rows_file.read_text(encoding="utf-8"))
    assert {(row["measure"], row["unit"]) for row in rows} == MEASURES
    for row in rows:
        assert row["spec"] == "dial"
        assert len(row["samples"]["ours"]) == 1, row  # --quick: one round
        assert row["median"]["ours"] > 0, row
        assert set(row["samples"]) == {"ours"} and row["ratio"] == {}, row
        peers_note = "n/a" if row["measure"].startswith(("one schema", "no-op")) else "skipped (--no-peers)"
        assert row["notes"] == {"opc": peers_note, "pydantic": peers_note}, row

    # The run edited its own copy of the page, never spec/; the client it measured is there.
    assert hashlib.sha256(SEED_PAGE.read_bytes()).hexdigest() == seed_before
    copy = (work / "dial" / "ours-0" / "input" / "dial" / "get-billing.md").read_text(encoding="utf-8")
    assert "(edit 0)" in copy
    assert (work / "dial" / "ours-0" / "out" / "ours_dial" / "models.py").is_file()

    table = results.read_text(encoding="utf-8")
    assert "## Dial (seed page)" in table and "- Python " in table and "cores" in table
    assert "| cold generate, CPU (s) | " in table and "skipped (--no-peers)" in table
    assert "Dial (seed page): spec/dial" in run.stdout  # the table also goes to the terminal


def test_an_unknown_spec_name_is_one_error_line_and_exit_2() -> None:
    run = _bench("--specs", "dial,nosuchapi", "--no-peers")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: --specs: unknown spec nosuchapi (known: dial, opik, twilio, openai, stripe, github, digitalocean)"
    ]


def test_a_ratio_is_the_median_of_per_round_ratios_not_the_ratio_of_medians() -> None:
    # Rounds pair up: a slow round on both sides (the shared machine) does not skew the ratio.
    assert median_ratio([1.0, 10.0, 3.0], [2.0, 20.0, 1.0]) == 0.5  # medians alone would say 1.5


def test_a_child_is_accounted_for_by_the_os_peak_memory_and_failure_line(tmp_path: Path) -> None:
    grow = "x = bytearray(120 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); print('{\"ok\": 1}')"
    run = run_child([sys.executable, "-c", grow], tmp_path)
    assert run.ok and run.json() == {"ok": 1}
    assert run.max_rss_mb >= 120 and run.cpu_s > 0

    fail = run_child([sys.executable, "-c", "raise SystemExit('error: no such spec')"], tmp_path)
    assert not fail.ok and fail.failure() == "fails (exit 1): error: no such spec"

    # a progress line on stdout does not hide the error on stderr (openapi-python-client on GitHub)
    noisy = "print('Generating out'); import sys; sys.exit('ruff failed\\nerror: Failed to parse x.py:38:5')"
    assert (
        run_child([sys.executable, "-c", noisy], tmp_path).failure()
        == "fails (exit 1): error: Failed to parse x.py:38:5"
    )

    slow = run_child([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, timeout_s=0.5)
    assert slow.timed_out and not slow.ok and slow.failure().startswith("timed out")


def test_a_codec_pass_is_the_same_work_for_a_fast_and_a_slow_client() -> None:
    """A pass runs the workload `PASS_ITEMS // items` times whatever its speed (a pass sized
    by time gave a fast client more runs per pass, and so more of the collector's work)."""
    from bench import worker

    for items, pause in ((1000, 0.0), (1000, 0.002), (1, 0.0), (1, 0.00002)):
        calls = 0

        def action() -> None:
            nonlocal calls
            calls += 1
            end = time.process_time() + pause
            while time.process_time() < end:
                pass

        per_item = worker._per_item_us(action, items, repeats=3)
        assert calls == 1 + 3 * max(1, worker.PASS_ITEMS // items), (items, pause)  # warm-up + passes
        assert per_item * items * max(1, worker.PASS_ITEMS // items) >= pause * 1e6 * 0.9


def test_the_codec_worker_times_one_variant_per_process_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "class M:\n    def __init__(self, d): self.d = d\n    @classmethod\n    def from_dict(cls, d): return cls(d)\n"
        "    def to_dict(self): return self.d\n"
    )
    data = tmp_path / "items.json"
    data.write_text(json.dumps([{"a": 1}, {"a": 2}]))
    argv = [sys.executable, str(ROOT / "bench" / "worker.py"), "codec", "opc", str(tmp_path), "pkg", "pkg", "M", str(data), "2"]
    done = subprocess.run([*argv, "from_dict/to_dict"], capture_output=True, text=True, timeout=120)
    figures = json.loads(done.stdout)
    assert set(figures) == {"decode_us", "encode_us", "round_trip"} and figures["round_trip"] is True
    wrong = subprocess.run([*argv, "decode/encode"], capture_output=True, text=True, timeout=120)
    assert wrong.returncode != 0 and "opc has no variant 'decode/encode'" in wrong.stderr


def test_decode_and_encode_rows_take_at_least_five_rounds_in_a_full_run() -> None:
    """One worker process's codec figure varies by up to half, so those rows get more samples
    than the slow cold runs; a quick run keeps its one round."""
    from bench.harness import CODEC_ROUNDS, Settings

    assert CODEC_ROUNDS == 5
    assert Settings(2, False, True, 900, 5).codec_rounds == 5
    assert Settings(7, False, True, 900, 5).codec_rounds == 7
    assert Settings(1, True, True, 900, 3).codec_rounds == 1
