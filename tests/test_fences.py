"""CommonMark fenced code blocks: `generator.fences.find_fences`."""

from __future__ import annotations

import pytest

from generator.fences import find_fences


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_backtick_fence_gives_info_and_text() -> None:
    """A ``` fence yields its language and its content lines."""
    fences = find_fences(page("# Title", "", "```yaml", "a: 1", "b: 2", "```", "after"))
    assert len(fences) == 1
    assert fences[0].info == ("yaml",)
    assert fences[0].language == "yaml"
    assert fences[0].text == "a: 1\nb: 2\n"


def test_tilde_fence() -> None:
    """A ~~~ fence is a fence too, and a ``` line does not close it."""
    fences = find_fences(page("~~~json", '{"a": 1}', "```", "~~~"))
    assert [f.language for f in fences] == ["json"]
    assert fences[0].text == '{"a": 1}\n```\n'


def test_two_characters_are_not_a_fence() -> None:
    """`` and ~~ (fewer than three) open nothing."""
    assert find_fences(page("``yaml", "a: 1", "``", "~~", "b", "~~")) == []


def test_longer_opening_fence_needs_a_closing_fence_at_least_as_long() -> None:
    """Inside a ```` fence a ``` line is content; ````` (longer) closes it."""
    fences = find_fences(page("````md", "```", "inner", "```", "`````", "outside"))
    assert len(fences) == 1
    assert fences[0].text == "```\ninner\n```\n"


def test_closing_fence_must_use_the_same_character() -> None:
    """A ~~~ line does not close a ``` fence."""
    fences = find_fences(page("```", "~~~", "x", "```"))
    assert fences[0].text == "~~~\nx\n"


def test_closing_fence_with_an_info_string_is_content() -> None:
    """A ``` line followed by words inside a block does not close it."""
    fences = find_fences(page("```", "```python", "x", "```"))
    assert len(fences) == 1
    assert fences[0].text == "```python\nx\n"


def test_info_string_with_several_words() -> None:
    """````yaml openapi.json post /v1/audio/speech keeps every word; the first is the language."""
    fences = find_fences(page("````yaml openapi.json post /v1/audio/speech", "openapi: 3.1.0", "````"))
    assert fences[0].info == ("yaml", "openapi.json", "post", "/v1/audio/speech")
    assert fences[0].language == "yaml"


def test_language_is_lowercased() -> None:
    """The language word is compared case-insensitively (```YAML -> yaml)."""
    assert find_fences(page("```YAML", "a: 1", "```"))[0].language == "yaml"


def test_backtick_in_a_backtick_info_string_is_not_a_fence() -> None:
    """```a`b does not open a fence, so the later ``` opens one (unclosed, empty)."""
    fences = find_fences(page("```a`b", "x", "```"))
    assert [(f.open_line, f.text) for f in fences] == [(3, "")]


def test_several_fences_in_order() -> None:
    """Every fence of a page is found, in page order, with its own text."""
    fences = find_fences(
        page(
            "```python",
            "client.get()",
            "```",
            "text",
            "```yaml",
            "openapi: 3.1.0",
            "```",
            "```json",
            "{}",
            "```",
        )
    )
    assert [f.language for f in fences] == ["python", "yaml", "json"]
    assert [f.text for f in fences] == ["client.get()\n", "openapi: 3.1.0\n", "{}\n"]


def test_deeply_indented_fence_inside_content_does_not_close() -> None:
    """A ``` indented more than three spaces (say, in a YAML description) is content."""
    fences = find_fences(
        page("```yaml", "description: |", "    ```", "    code", "    ```", "next: 1", "```")
    )
    assert len(fences) == 1
    assert fences[0].text == "description: |\n    ```\n    code\n    ```\nnext: 1\n"


def test_closing_fence_indented_up_to_three_spaces_closes() -> None:
    """A closing fence may be indented by at most three spaces and followed by spaces."""
    fences = find_fences(page("```", "x", "   ```  ", "```", "y", "```"))
    assert [f.text for f in fences] == ["x\n", "y\n"]


def test_opening_fence_indented_four_spaces_is_not_a_fence() -> None:
    """Four spaces of indentation make an indented code block, not a fence."""
    assert find_fences(page("    ```yaml", "    a: 1", "    ```")) == []


def test_opening_indentation_is_removed_from_content() -> None:
    """Content lines lose as much indentation as the opening fence had, no more."""
    fences = find_fences(page("  ```yaml", "  a:", "    b: 1", " c: 2", "  ```"))
    assert fences[0].text == "a:\n  b: 1\nc: 2\n"


def test_unclosed_fence_runs_to_the_end() -> None:
    """A fence that is never closed holds the rest of the page."""
    fences = find_fences(page("intro", "```yaml", "a: 1", "", "b: 2"))
    assert len(fences) == 1
    assert fences[0].text == "a: 1\n\nb: 2\n"


def test_empty_fence_has_empty_text() -> None:
    """A fence closed on the next line has no text."""
    fences = find_fences(page("```", "```"))
    assert fences[0].text == ""


def test_line_numbers() -> None:
    """open_line is the page line of the opening fence, first_line that of its first content line."""
    fences = find_fences(page("# T", "", "```python", "x", "```", "", "para", "~~~yaml", "a: 1", "~~~"))
    assert [(f.open_line, f.first_line) for f in fences] == [(3, 4), (8, 9)]


def test_windows_line_endings() -> None:
    """CRLF pages give the same fences and line numbers as LF pages."""
    fences = find_fences("# T\r\n```yaml\r\na: 1\r\n```\r\n")
    assert [(f.text, f.first_line) for f in fences] == [("a: 1\n", 3)]


@pytest.mark.parametrize("odd", ["\x0c", "\u2028"])
def test_other_unicode_line_separators_are_not_line_breaks(odd: str) -> None:
    """Only LF, CR and CRLF end a line: a form feed or U+2028 in prose does not shift line numbers."""
    fences = find_fences(f"a{odd}b\n```yaml\nx: 1\n```\n")
    assert (fences[0].open_line, fences[0].first_line) == (2, 3)


def test_unicode_line_separator_inside_a_fence_is_content() -> None:
    """A U+2028 inside a fenced line stays in that line of the fence text."""
    fences = find_fences("```yaml\ndescription: a\u2028b\nnext: 1\n```\n")
    assert fences[0].text == "description: a\u2028b\nnext: 1\n"
