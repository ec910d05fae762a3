"""Docstring volume of endpoints: the main function and the resource method carry the
operation's full docs; their variants (`_async`, `_with_response`, the async client's
methods) a one-line pointer to the one they mirror."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from generator import ir
from generator.context import Context, Options
from generator.pipeline import build_spec
from generator.render import render_package


def build(tmp_path: Path, text: str) -> ir.ApiSpec:
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))


def test_only_the_main_function_and_method_repeat_the_operation_docs(tmp_path: Path) -> None:
    """`x` and `Resource.x` carry the full docstring; the variants a one-line pointer to it."""
    spec = build(
        tmp_path,
        """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /v1/charges:
            get:
              operationId: listCharges
              summary: List charges
              description: Every charge, newest first.
              responses: {'204': {description: ok}}
        """,
    )
    tree = ast.parse(render_package(spec)["api/charges.py"])
    docs: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name != "__init__":
                    docs[f"{node.name}.{item.name}"] = ast.get_docstring(item) or ""
    docs.update(
        {n.name: ast.get_docstring(n) or "" for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    )
    full = {name for name, doc in docs.items() if "Every charge, newest first." in doc}
    # the method `list` is defined as `_list` and bound to `list` (its class's `list[...]` stays the builtin)
    assert full == {"list_charges", "ChargesResource._list"}
    assert docs["list_charges_async"] == "Like `list_charges`, awaited."
    assert docs["AsyncChargesResource._list"] == "Like `ChargesResource.list`, awaited."
    assert docs["ChargesResource.list_with_response"].startswith("Like `list`")
