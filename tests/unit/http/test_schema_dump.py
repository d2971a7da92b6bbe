"""The faster dump of eventcore.http.schema gives what marshmallow's gives, in the
cases where the two take different paths (the suite-wide check in tests/conftest.py
compares them on every response the tests make)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import marshmallow
from marshmallow import fields

from eventcore.http.schema import Schema


@attrs.frozen
class Inner:
    name: str


@attrs.frozen
class Outer:
    id: int
    inner: Inner | None
    inners: tuple[Inner, ...] = ()


class InnerOut(Schema):
    name = fields.String()
    shout = fields.Function(lambda inner: inner.name.upper())


class OuterOut(Schema):
    id = fields.Integer(data_key="identifier")
    name = fields.String(attribute="inner.name", allow_none=True)
    inner = fields.Nested(InnerOut, allow_none=True)
    first_only = fields.List(fields.Nested(InnerOut, only=("name",)), attribute="inners")
    absent = fields.String(dump_default="fallback")
    absent_without_default = fields.String()


def _stock(schema: Schema, obj: Any, many: bool = False) -> Any:
    return marshmallow.Schema._serialize(schema, obj, many=many)


def test_attributes_paths_nesting_and_defaults_dump_as_marshmallow_dumps() -> None:
    schema = OuterOut()
    full = Outer(1, Inner("ada"), (Inner("bo"), Inner("cy")))
    assert schema.dump(full) == {
        "identifier": 1,
        "name": "ada",
        "inner": {"name": "ada", "shout": "ADA"},
        "first_only": [{"name": "bo"}, {"name": "cy"}],
        "absent": "fallback",
    }
    empty = Outer(2, None)
    assert schema.dump(empty) == _stock(schema, empty)
    assert schema.dump([full, empty], many=True) == _stock(schema, [full, empty], many=True)


def test_mappings_are_looked_up_by_key() -> None:
    schema = OuterOut()
    row = {"id": 3, "inner": Inner("di"), "inners": []}
    assert schema.dump(row) == _stock(schema, row)
    assert schema.dump(row)["name"] == "di"


@attrs.frozen
class Loose:
    count: Any
    label: Any
    flag: Any
    amount: Any = 1


class LooseOut(Schema):
    count = fields.Integer()
    label = fields.String()
    flag = fields.Boolean()
    amount = fields.Integer(as_string=True)


def test_values_a_field_would_convert_are_converted() -> None:
    # Only exact types skip the field's conversion: a bool is an int to Python, but
    # an Integer dumps it as 1; bytes and str subclasses become plain str.
    class Name(str):
        pass

    schema = LooseOut()
    for loose in (Loose(True, b"caf\xc3\xa9", 1), Loose(7, Name("x"), None), Loose(None, None, 0)):
        dumped = schema.dump(loose)
        assert dumped == _stock(schema, loose)
        assert [type(value) for value in dumped.values()] == [
            type(value) for value in _stock(schema, loose).values()
        ]
    assert schema.dump(Loose(True, b"caf\xc3\xa9", 1)) == {
        "count": 1,
        "label": "café",
        "flag": 1,
        "amount": "1",
    }


class HookedOut(Schema):
    name = fields.String()

    @marshmallow.post_dump
    def upper(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {"name": data["name"].upper()}


class NestingOut(Schema):
    # Nested schemas without hooks are dumped by calling their dump directly; these
    # take marshmallow's way instead, or nest in ways that direct call must match.
    many = fields.Nested(InnerOut, many=True, attribute="inners", dump_only=True)
    hooked = fields.Nested(HookedOut, attribute="inner", allow_none=True, dump_only=True)
    hooked_list = fields.List(fields.Nested(HookedOut), attribute="inners", dump_only=True)
    picked = fields.Pluck(InnerOut, "name", attribute="inner", allow_none=True, dump_only=True)
    names = fields.List(fields.String(), attribute="labels", dump_only=True)


@attrs.frozen
class Nesting:
    inner: Inner | None
    inners: tuple[Inner | None, ...]
    labels: tuple[str, ...] = ("a", "b")


def test_nested_schemas_dump_as_marshmallow_dumps_them() -> None:
    schema = NestingOut()
    full = Nesting(Inner("ada"), (Inner("bo"), Inner("cy")))
    assert schema.dump(full) == {
        "many": [{"name": "bo", "shout": "BO"}, {"name": "cy", "shout": "CY"}],
        "hooked": {"name": "ADA"},
        "hooked_list": [{"name": "BO"}, {"name": "CY"}],
        "picked": "ada",
        "names": ["a", "b"],
    }
    empty = Nesting(None, ())
    assert schema.dump(empty) == _stock(schema, empty)
    # A None in a list of nested objects stays None, as marshmallow's Nested leaves it.
    holey = OuterOut().dump(Outer(4, None, (Inner("bo"), None)))  # type: ignore[arg-type]
    assert holey["first_only"] == [{"name": "bo"}, None]


def test_an_object_missing_an_attribute_is_dumped_field_by_field() -> None:
    @attrs.frozen
    class Partial:
        id: int

    schema = OuterOut()
    assert schema.dump(Partial(5)) == _stock(schema, Partial(5))
    assert schema.dump(Partial(5)) == {"identifier": 5, "absent": "fallback"}


class TreeOut(Schema):
    name = fields.String()
    children = fields.List(fields.Nested(lambda: TreeOut()), dump_only=True)


@attrs.frozen
class Tree:
    name: str
    children: tuple[Tree, ...] = ()


def test_a_schema_nesting_itself_dumps_as_deep_as_its_data() -> None:
    tree = Tree("root", (Tree("leaf"), Tree("branch", (Tree("twig"),))))
    assert TreeOut().dump(tree) == _stock(TreeOut(), tree)
    assert TreeOut().dump(tree)["children"][1]["children"] == [{"name": "twig", "children": []}]


class Exclaimed(fields.Function):
    """A Function field of its own: its `_serialize` must still be called."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return f"{super()._serialize(value, attr, obj, **kwargs)}!"


class CalledOut(Schema):
    plain = fields.Function(lambda inner: inner.name)
    exclaimed = Exclaimed(lambda inner: inner.name)
    method = fields.Method("twice")

    def twice(self, inner: Inner) -> str:
        return inner.name * 2


def test_function_fields_are_called_as_marshmallow_calls_them() -> None:
    # A plain Function's function is called directly; subclasses and Method fields
    # go through their own `_serialize`.
    schema = CalledOut()
    ada = Inner("ada")
    assert schema.dump(ada) == {"plain": "ada", "exclaimed": "ada!", "method": "adaada"}
    assert schema.dump(ada) == _stock(schema, ada)


class CountOut(Schema):
    day = fields.Date()
    count = fields.Integer()
    label = fields.String(dump_default="none")


class CountsOut(Schema):
    status = fields.Constant("success")
    total = fields.Integer()
    days = fields.List(fields.Nested(CountOut))
    first = fields.Nested(CountOut, allow_none=True)


def test_mappings_whose_fields_read_one_key_each_dump_as_marshmallow_dumps() -> None:
    schema = CountsOut()
    day = dt.date(2030, 6, 3)
    counts = {
        "total": 3,
        "days": [{"day": day, "count": 2, "label": "busy"}, {"day": day, "count": 1}],
        "first": None,
    }
    dumped = schema.dump(counts)
    assert dumped == _stock(schema, counts)
    assert dumped["days"][1] == {"day": "2030-06-03", "count": 1, "label": "none"}
    # A key missing, or not a mapping at all: marshmallow's own way.
    assert (
        schema.dump({"days": []})
        == _stock(schema, {"days": []})
        == {
            "status": "success",
            "days": [],
        }
    )
    assert schema.dump(("2030", 1)) == _stock(schema, ("2030", 1)) == {"status": "success"}
