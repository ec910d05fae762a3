"""Renaming inline definitions (`inline_names.rename`) reaches every reference in the IR.

The walk reads only the parts whose annotations can hold a reference; these tests put a
reference to a renamed definition in each such place of the IR (types nested in every kind of
type expression, discriminators, fields, parameters, bodies, responses, keyword arguments,
pages, error bodies) and check that each is renamed, the definitions' own names too, and
that names which are not references (a resource class, a field's Python name) stay.
"""

from __future__ import annotations

from generator import ir
from generator.diagnostics import Location
from generator.naming import ClassName, PyIdentifier
from generator.normalize.inline_names import rename

OLD, NEW = ClassName("CreateThingResponseDataItem"), ClassName("DataItem")
OTHER = ir.Ref(ClassName("Other"))


def _ref() -> ir.Ref:
    return ir.Ref(OLD)


def _field(type_: ir.TypeExpr) -> ir.Field:
    return ir.Field(PyIdentifier("data_item"), "CreateThingResponseDataItem", type_, True, "CreateThingResponseDataItem")


def _definitions() -> list[ir.Definition]:
    every_kind = ir.UnionOf(
        (ir.ListOf(_ref()), ir.MapOf(_ref()), ir.TupleOf((OTHER, _ref())), ir.LiteralOf(("x",)), ir.NONE)
    )
    return [
        ir.Model(OLD, "doc", [_field(_ref())], ir.ANY, Location("spec.yaml", 3, "/a")),
        ir.Model(ClassName("Holder"), "doc", [_field(every_kind)], _ref(), None),
        ir.Alias(ClassName("Either"), "doc", ir.UnionOf((_ref(), OTHER)), None, None,
                 ir.Discriminator("type", (("data", OLD), ("other", OTHER.name)))),
        ir.Enum(ClassName("Color"), "doc", "str", [ir.EnumMember(PyIdentifier("RED"), "CreateThingResponseDataItem")], None),
    ]  # fmt: skip


def _operation() -> ir.Operation:
    media = ir.RequestMedia("json", "application/json", _ref())
    body = ir.RequestBody("json", "application/json", _ref(), True, "", (), (media,))
    answer = ir.Response("200", "json", "application/json", _ref(), "", (ir.ResponseMedia("application/json", "json", _ref()),))
    return ir.Operation(
        "createThing", PyIdentifier("create_thing"), "post", "/things", "", "",
        [ir.Parameter(PyIdentifier("filter"), "filter", "query", ir.ListOf(_ref()), False, "")],
        body, [answer], ir.UnionOf((_ref(), ir.NONE)), (), False, None,
        arguments=(_field(_ref()),), paging=ir.Paging("cursor", (PyIdentifier("data"),), _ref()),
    )  # fmt: skip


def _names(value: object) -> list[str]:
    """Every reference's name in a value, from its repr."""
    return [part.split("'")[1] for part in repr(value).split("Ref(name=")[1:]]


def test_every_reference_in_definitions_is_renamed() -> None:
    definitions = _definitions()
    same_list = definitions
    assert rename(definitions, {OLD: NEW}) is same_list  # in place
    assert _names(definitions) and set(_names(definitions)) == {"DataItem", "Other"}
    assert [d.name for d in definitions] == ["DataItem", "Holder", "Either", "Color"]
    alias = definitions[2]
    assert isinstance(alias, ir.Alias) and alias.discriminator is not None
    assert alias.discriminator.mapping == (("data", "DataItem"), ("other", "Other"))
    holder = definitions[1]
    assert isinstance(holder, ir.Model) and holder.extra == ir.Ref(NEW)
    # text that only reads like the old name is no reference: it stays
    assert holder.fields[0].wire == holder.fields[0].doc == "CreateThingResponseDataItem"
    enum = definitions[3]
    assert isinstance(enum, ir.Enum) and enum.members[0].value == "CreateThingResponseDataItem"


def test_every_reference_in_operations_is_renamed() -> None:
    groups = [ir.Group(PyIdentifier("things"), "things", [_operation()], resource=ClassName("CreateThingResponseDataItem"))]
    before = len(_names(groups))
    rename(groups, {OLD: NEW})
    assert len(_names(groups)) == before == 8 and set(_names(groups)) == {"DataItem"}
    assert groups[0].resource == "CreateThingResponseDataItem"  # a class name, not a reference


def test_error_bodies_and_the_shared_error_type_are_renamed() -> None:
    errors = [ir.ErrorClass(ClassName("NotFoundError"), "404", (_ref(), OTHER))]
    rename(errors, {OLD: NEW})
    assert errors[0].body == (ir.Ref(NEW), OTHER)


def test_nothing_to_rename_leaves_the_same_objects() -> None:
    definitions = _definitions()
    fields = [d.fields[0] for d in definitions if isinstance(d, ir.Model)]
    rename(definitions, {ClassName("Unknown"): NEW})
    assert [d.fields[0] for d in definitions if isinstance(d, ir.Model)] == fields
    assert all(a is b for a, b in zip([d.fields[0] for d in definitions if isinstance(d, ir.Model)], fields))
