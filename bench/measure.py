"""Measuring child processes, and summarising interleaved rounds.

Every figure of the side-by-side harness comes from a child process: the operating system's
own accounting of it (`os.wait4`: user + system CPU seconds, also of the children it waited
for, such as a formatter it ran; its peak resident memory) and the wall time around it.
Figures the child measures itself (import time, decode time per item) are printed by it as
one JSON line on stdout.

The machine is shared and noisy, so rounds are interleaved (ours, theirs, ours, theirs, ...)
and summarised by medians; a ratio is the median of the per-round ratios, so that a drift in
the machine's speed during the run affects both sides of each pair alike.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    returncode: int
    cpu_s: float  # user + system, the child's own and its waited-for children's
    wall_s: float
    max_rss_mb: float  # peak resident memory of the largest process among them
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        """One short line saying why the run failed (for a table cell)."""
        if self.timed_out:
            return f"timed out after {self.wall_s:.0f} s"
        # stderr first: progress lines on stdout ("Generating ...") come after its error in the files
        lines = [line.strip() for line in (self.stderr or self.stdout).splitlines() if line.strip()]
        raised = [i for i, line in enumerate(lines) if _EXCEPTION.match(line)]
        if raised:  # the exception's message, also when wrapped over several lines
            message = " ".join(lines[raised[-1] :])
        else:
            message = next((line for line in reversed(lines) if _is_message(line)), lines[-1] if lines else "")
        return f"fails (exit {self.returncode}): {message[:110]}"

    def json(self) -> Any:
        """The JSON value the child printed last on stdout."""
        return json.loads(self.stdout.strip().splitlines()[-1])


_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b:")


def _is_message(line: str) -> bool:
    """A line that says what went wrong (not a traceback frame or a pointer line)."""
    skipped = ("File ", "^", "~", "│", "╰", "╭", "If you believe", "For further information")
    return not line.startswith(skipped) and any(c.isalpha() for c in line)


def run_child(
    argv: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 900.0,
) -> Run:
    """Run `argv` to its end (killing its process group after `timeout_s`) and account for it.

    Output goes to temporary files, not pipes, so that the parent can reap the child itself
    with `os.wait4` and read the operating system's figures for exactly that child.
    """
    child_env = dict(os.environ if env is None else env)
    child_env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), cwd=cwd, env=child_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True
        )
        timer = threading.Timer(timeout_s, _kill_group, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(
            returncode=proc.returncode,
            cpu_s=usage.ru_utime + usage.ru_stime,
            wall_s=wall,
            max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            stdout=out.read(),
            stderr=err.read(),
            timed_out=wall >= timeout_s,
        )


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def median_ratio(ours: Sequence[float], theirs: Sequence[float]) -> float:
    """The median of the per-round ratios ours[i] / theirs[i] (rounds paired in order)."""
    pairs = [a / b for a, b in zip(ours, theirs) if b > 0]
    if not pairs:
        raise ValueError("no round with a positive figure on both sides")
    return statistics.median(pairs)
