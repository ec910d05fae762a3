"""The templates' fixed functions the layouter refuses are written in black's format, and a
cold `generate` of the usual templates runs without importing black.

`generator.layout.verbatim` lists those blocks by digest; here every block the layouter
refuses on the Dial spec and on Twilio's is checked to be listed and left unchanged by
black, and every listed digest to be one the templates still produce.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, ROOT
from test_layout import _blocks

from generator.format_cache import format_block
from generator.layout import Unsupported, layout_block
from generator.layout.verbatim import BLACK_CLEAN, block_digest


def _refused(blocks: list[str]) -> list[str]:
    refused = []
    for block in blocks:
        try:
            layout_block(block)
        except Unsupported:
            refused.append(block)
    return refused


def test_every_refused_template_block_is_listed_and_already_blacks_format(tmp_path: Path) -> None:
    refused = _refused(_blocks(ROOT / "spec", tmp_path / "dial"))
    refused += _refused(_blocks(CORPUS / "big" / "twilio_api_v2010.json", tmp_path / "twilio"))
    digests = {block_digest(block) for block in refused}
    unlisted = [block for block in refused if block_digest(block) not in BLACK_CLEAN]
    assert unlisted == [], (
        "blocks the layouter refuses that are not listed in generator/layout/verbatim.py; write them in"
        f" black's format in the template and list their digests: {sorted(block_digest(b) for b in unlisted)}"
    )
    for block in refused:
        assert format_block(block) == block.rstrip("\n") + "\n", block
    assert digests == BLACK_CLEAN, f"listed but no longer produced: {sorted(BLACK_CLEAN - digests)}"


def test_a_cold_generate_does_not_import_black(tmp_path: Path) -> None:
    """Empty cache, empty output folder: every block is laid out or kept as written."""
    (tmp_path / "pyproject.toml").write_text('[tool.generator]\ncache_dir = "cache"\n', encoding="utf-8")
    script = (
        "import sys\n"
        "from generator.cli import main\n"
        "code = main(['generate', sys.argv[1], '--out', 'out', '--package', 'dial'])\n"
        "print('black imported' if 'black' in sys.modules else 'black not imported', code)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "spec")], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "black not imported 0"
    assert (tmp_path / "out" / "dial" / "_client.py").is_file()
