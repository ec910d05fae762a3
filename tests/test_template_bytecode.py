"""The templates' compiled code kept in the cache folder (`render.environment`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.render.environment import environment

TEMPLATES = ("models.py.j2", "errors.py.j2", "package_init.py.j2")


def _compiles(cache_dir: Path | None, salt: bytes = b"salt", read: bool = True) -> tuple[int, list[Any]]:
    """How many templates a fresh environment compiled from source to load TEMPLATES."""
    env = environment(cache_dir, salt, read)
    compiled = []
    original = env.compile

    def counting(*args: Any, **kwargs: Any) -> Any:
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return original(*args, **kwargs)

    env.compile = counting  # type: ignore[method-assign]
    templates = [env.get_template(name) for name in TEMPLATES]
    return len(compiled), templates


def _render(template: Any) -> str:
    return str(template.render(header="# h", title_doc="T", modules=[], view=None, docstring='"""d"""'))


def test_a_later_run_loads_the_compiled_templates_instead_of_compiling(tmp_path: Path) -> None:
    assert _compiles(tmp_path)[0] == len(TEMPLATES)
    folders = list((tmp_path / "jinja").iterdir())
    assert len(folders) == 1 and len(list(folders[0].iterdir())) == len(TEMPLATES)
    count, templates = _compiles(tmp_path)
    assert count == 0
    assert _render(templates[2]) == _render(_compiles(None)[1][2])  # the same code as compiled now


def test_another_salt_compiles_anew_and_drops_the_old_code(tmp_path: Path) -> None:
    _compiles(tmp_path, b"one")
    (old,) = list((tmp_path / "jinja").iterdir())
    assert _compiles(tmp_path, b"two")[0] == len(TEMPLATES)
    (new,) = list((tmp_path / "jinja").iterdir())
    assert new != old and not old.exists()


def test_damaged_compiled_code_is_compiled_again(tmp_path: Path) -> None:
    _compiles(tmp_path)
    (folder,) = list((tmp_path / "jinja").iterdir())
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes()[:40])
    count, templates = _compiles(tmp_path)
    assert count == len(TEMPLATES)
    assert _render(templates[2]) == _render(_compiles(None)[1][2])


def test_no_cache_compiles_everything_but_still_writes(tmp_path: Path) -> None:
    _compiles(tmp_path)
    assert _compiles(tmp_path, read=False)[0] == len(TEMPLATES)
    assert _compiles(tmp_path)[0] == 0


def test_an_unwritable_cache_folder_only_means_compiling(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    count, templates = _compiles(blocker)
    assert count == len(TEMPLATES) and "d" in _render(templates[2])
