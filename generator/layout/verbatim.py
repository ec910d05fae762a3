"""Blocks the templates write already in black's format, kept as they are.

A few functions every client gets (the lazy `__getattr__` of the `models` and `api`
packages, `models.__dir__`, `server_url` and `_base_url` of the client module) hold control
flow, f-strings and star arguments, which `generator.layout` does not lay out. They never
vary with the spec and the templates write them exactly as black formats them, so rather
than importing black on every cold run to format them (0.1-0.2 s), `is_black_clean`
recognises them by the sha256 of their text (trailing blank lines left out).

`tests/test_verbatim_blocks.py` checks that black leaves each of them unchanged and that
every digest here is one the templates produce. When a template changes such a block, its
digest stops matching: black formats it again (correct, only slower) and that test names
the digest to put here.
"""

from __future__ import annotations

import hashlib

BLACK_CLEAN = frozenset(
    {
        "4079b86e414a852c810f5145ec33407e51e734125104cefe85bcb572214d4add",  # models: __dir__
        "5687946bf5d1901f4f50058b44f1ad74d7c8a88727a9dd065f303d08bb1119c2",  # models: __getattr__
        "16920c845c95cfe7c839da40b41bce951cc20bc1cbf52de31ada1c3ce07a21e3",  # api: __getattr__
        "277543ae9f12a0ea199c008fd9b8079a67a062668a1a30577e4252e109ad1a57",  # client: server_url
        "bf8f215f76e68b963ce7099d4b96047661ae559be12e18b24bd7998e02a744a3",  # client: _base_url
    }
)


def block_digest(block: str) -> str:
    """What `BLACK_CLEAN` lists of a block: the sha256 of its text without trailing blank lines."""
    return hashlib.sha256(block.rstrip("\n").encode()).hexdigest()


def is_black_clean(block: str) -> bool:
    """Whether the block is one of the templates' fixed blocks known to be black's format."""
    return block_digest(block) in BLACK_CLEAN
