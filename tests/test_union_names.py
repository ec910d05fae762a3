"""Union members are named from what the spec says of them, not by position.

One naming rule per test (see `generator/normalize/variant_names.py`), each on a small
inline spec; plus the corpus naming check accepting digits that come from a `$ref`'s file.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from generator import ir
from generator.context import Context, Options
from generator.naming import ClassName
from generator.pipeline import build_spec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus.naming import naming_problems  # noqa: E402


def members(tmp_path: Path, entries: str, union: str) -> list[str]:
    """The names of the union `union`'s members, in order, for these component schemas."""
    path = tmp_path / "spec.yaml"
    indented = textwrap.indent(textwrap.dedent(entries), "    ")
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + indented,
        encoding="utf-8",
    )
    spec = build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))
    made = next(d for d in spec.definitions if d.name == ClassName(union))
    assert isinstance(made, ir.Alias)
    target = made.target
    variants = target.variants if isinstance(target, ir.UnionOf) else (target,)
    return [v.name if isinstance(v, ir.Ref) else repr(v) for v in variants]


def defined(tmp_path: Path, entries: str) -> set[str]:
    """The names of every type made for these component schemas."""
    path = tmp_path / "spec.yaml"
    indented = textwrap.indent(textwrap.dedent(entries), "    ")
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + indented,
        encoding="utf-8",
    )
    spec = build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))
    return {str(d.name) for d in spec.definitions}


def test_objects_differing_only_in_required_are_named_by_what_only_they_require(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Card:
          oneOf:
            - {type: object, properties: {note: {type: string}}, required: [note]}
            - type: object
              properties: {content_id: {type: integer}, content_type: {type: string}}
              required: [content_id, content_type]
        """,
        "Card",
    )
    assert names == ["CardWithNote", "CardWithContentIdAndContentType"]


def test_objects_with_no_required_are_named_by_the_properties_only_they_have(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Target:
          anyOf:
            - {type: object, properties: {user: {type: string}}}
            - {type: object, properties: {team: {type: string}}}
        """,
        "Target",
    )
    assert names == ["TargetWithUser", "TargetWithTeam"]


def test_objects_are_named_by_a_tag_like_example_each_has_its_own_of(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Rule:
          anyOf:
            - {type: object, properties: {type: {type: string, example: wait_timer}, wait: {type: integer}}}
            - {type: object, properties: {type: {type: string, example: branch_policy}}}
        """,
        "Rule",
    )
    assert names == ["RuleWaitTimer", "RuleBranchPolicy"]


def test_a_title_whose_bare_name_is_taken_is_used_after_the_union_name(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Droplet: {type: object, properties: {size: {type: string}}}
        Create:
          oneOf:
            - {title: Droplet, type: object, properties: {droplet_id: {type: integer}}}
            - {title: Region, type: object, properties: {region: {type: string}}}
        """,
        "Create",
    )
    assert names == ["CreateDroplet", "Region"]


def test_the_only_member_of_a_nullable_union_whose_names_are_taken_is_the_value(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        TierEnum: {type: string, enum: [a, b]}
        Tier:
          anyOf:
            - {type: string, enum: [a, b, c]}
            - {type: 'null'}
        """,
        "Tier",
    )
    assert names == ["TierValue", repr(ir.NONE)]


def test_a_title_equal_to_the_union_name_is_not_repeated(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Turn:
          anyOf:
            - {title: Turn, type: object, properties: {a: {type: string}}}
            - {type: 'null'}
        """,
        "Turn",
    )
    assert names[0] == "TurnObject"


def test_a_title_loses_the_words_the_union_name_ends_in(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        TracingConfiguration: {type: object, properties: {other: {type: string}}}
        SessionTracing:
          anyOf:
            - {title: Tracing Configuration, type: object, properties: {group: {type: string}}}
            - {type: string, enum: [auto, manual]}
        """,
        "SessionTracing",
    )
    assert names[0] == "SessionTracingConfiguration"


def test_members_of_different_kinds_are_named_by_kind_before_required(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Labels:
          oneOf:
            - {type: object, properties: {labels: {type: string}}, required: [labels]}
            - {type: string, enum: [x, y]}
        """,
        "Labels",
    )
    assert names == ["LabelsObject", "LabelsEnum"]


def test_members_nothing_tells_apart_are_named_by_position(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Labels:
          oneOf:
            - {type: object, properties: {labels: {type: string, maxLength: 3}}}
            - {type: object, properties: {labels: {type: string, minLength: 5}}}
        """,
        "Labels",
    )
    assert names == ["LabelsOption1", "LabelsOption2"]


def test_objects_sharing_a_property_of_other_kinds_are_named_by_its_kind(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        Body:
          oneOf:
            - {type: object, properties: {labels: {type: array, items: {type: string}}}}
            - type: object
              properties: {labels: {type: array, items: {type: object, properties: {name: {type: string}}}}}
        """,
        "Body",
    )
    assert names == ["BodyWithStringLabels", "BodyWithObjectLabels"]


def test_lists_are_named_by_the_kind_of_their_items(tmp_path: Path) -> None:
    made = defined(
        tmp_path,
        """
        Body:
          oneOf:
            - {type: array, items: {type: string}}
            - {type: array, items: {type: object, properties: {name: {type: string}}}}
        """,
    )
    assert "BodyObjectListItem" in made


def test_a_list_of_a_union_of_objects_is_a_list_of_objects(tmp_path: Path) -> None:
    made = defined(
        tmp_path,
        """
        Input:
          oneOf:
            - {type: array, items: {type: string}}
            - type: array
              items:
                oneOf:
                  - {type: object, properties: {text: {type: string}}, required: [text]}
                  - {type: object, properties: {url: {type: string}}, required: [url]}
        """,
    )
    assert "InputObjectListItemWithText" in made


def test_a_member_left_with_its_position_takes_back_the_kind_the_others_moved_off(tmp_path: Path) -> None:
    made = defined(
        tmp_path,
        """
        Input:
          oneOf:
            - {type: array, items: {type: string}}
            - type: array
              items:
                oneOf:
                  - {type: object, properties: {text: {type: string}}}
                  - {type: integer}
        """,
    )
    assert "InputListItemObject" in made


def test_an_enum_member_of_a_union_named_enum_is_not_named_enum_again(tmp_path: Path) -> None:
    names = members(
        tmp_path,
        """
        PersonalityEnum:
          anyOf:
            - {type: string}
            - {type: string, enum: [friendly, pragmatic]}
        """,
        "PersonalityEnum",
    )
    assert names[1] == "PersonalityEnumValue"


def test_naming_check_accepts_digits_from_a_ref_file_name() -> None:
    document = {"paths": {"/volumes": {"post": {"requestBody": {"$ref": "models/volumes_ext4.yml"}}}}}
    assert naming_problems(["VolumesExt4"], [], document) == []


def test_naming_check_flags_a_made_up_number_inside_a_name() -> None:
    document = {"components": {"schemas": {"Body": {"oneOf": []}}}}
    assert naming_problems(["BodyOption4Item"], [], document) == [
        "numbered name BodyOption4Item (the spec has no name with 4)"
    ]


def test_naming_check_accepts_a_number_inside_a_name_from_a_spec_word() -> None:
    document = {"components": {"schemas": {"Host": {"properties": {"ipv4_address": {}}}}}}
    assert naming_problems(["HostIpv4AddressItem"], [], document) == []


def test_naming_check_still_flags_digits_no_ref_file_has() -> None:
    document = {"paths": {"/volumes": {"post": {"requestBody": {"$ref": "models/volumes.yml"}}}}}
    assert naming_problems(["VolumesExt4"], [], document) == [
        "numbered name VolumesExt4 (the spec has no name ending in 4)"
    ]
