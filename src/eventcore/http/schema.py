"""The base of every surface's marshmallow schema: marshmallow's own, with a faster dump.

marshmallow looks every field's attribute up by its dotted path, and runs each
field's defaults and accessors, on every object it dumps; a page of 20 GatherHub
events is about 750 such lookups, which cost more than the page's SQL. This schema
writes, once per schema instance, a Python function that dumps one object: a line
per field, reading its attribute with a getter made once and calling the field's own
`_serialize` on the value, which is what marshmallow does after its lookup, or
not even that where `_serialize` would return the value as it is (a `str` for a
String, an `int` for an Integer, anything for a field that does not convert); a
`fields.Function` is a call of its function on the object, as its `_serialize` is. A
nested schema without dump hooks is dumped by calling its own dump function, as
marshmallow's `Nested` would through `Schema.dump`. So every field type, nested
schemas and `only`/`exclude` dump as marshmallow dumps them: every dump in every
test is compared with marshmallow's own (tests/conftest.py), and
tests/unit/http/test_schema_dump.py covers the cases where the two take different
paths.

A mapping is read the same way by its keys, when every field reads one key.
What marshmallow does differently stays with marshmallow: attribute paths into a
mapping, and attributes or keys that are missing (the field's `dump_default`): when
an attribute is missing, the object is dumped again field by field, marshmallow's
way for that field; when a key is, the mapping is dumped again by marshmallow.
Dump hooks run as before, around this. `_serialize` is marshmallow's private
method: marshmallow is pinned (constraints.txt), and the comparison in every test
guards an upgrade.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any

import marshmallow
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.fields import Field, Function, Integer, List, Nested, String

# Stands for every type in a step's `unchanged`.
_EVERY_TYPE = frozenset({object})
_DUMP_FUNCTION = "_eventcore_dump_one"
_DUMP_PLAN = "_eventcore_dump_plan"
# key in the output, attribute name, getter (None when the field reads no attribute,
# e.g. fields.Function), the field, the types of value its `_serialize` returns as
# they are.
_Step = tuple[str, str, Callable[[Any], Any] | None, Field[Any], frozenset[type]]


class Schema(marshmallow.Schema):
    def _serialize(self, obj: Any, *, many: bool = False) -> Any:
        if many and obj is not None:
            dump_one = self._dump_one()
            return [dump_one(item) for item in obj]
        return self._dump_one()(obj)

    def _dump_one(self) -> Callable[[Any], Any]:
        dump_one: Callable[[Any], Any] | None = self.__dict__.get(_DUMP_FUNCTION)
        if dump_one is None:
            dump_one = _written_dump(self, self._dump_plan())
            self.__dict__[_DUMP_FUNCTION] = dump_one
        return dump_one

    def _dump_by_field(self, obj: Any) -> Any:
        """One object, a field at a time: what the written function falls back to."""
        dumped: dict[str, Any] = {}
        for key, attribute, getter, field, unchanged in self._dump_plan():
            if getter is None:
                dumped[key] = field._serialize(None, attribute, obj)
                continue
            try:
                value = getter(obj)
            except AttributeError:
                # Missing here: marshmallow's own way, with the field's dump_default.
                value = field.serialize(attribute, obj, accessor=self.get_attribute)
                if value is not marshmallow.missing:
                    dumped[key] = value
                continue
            if unchanged is _EVERY_TYPE or type(value) in unchanged:
                dumped[key] = value
            else:
                dumped[key] = field._serialize(value, attribute, obj)
        return dumped

    def _dump_plan(self) -> list[_Step]:
        plan: list[_Step] | None = self.__dict__.get(_DUMP_PLAN)
        if plan is None:
            plan = [
                (
                    attribute if field.data_key is None else field.data_key,
                    attribute,
                    operator.attrgetter(field.attribute or attribute)
                    if field._CHECK_ATTRIBUTE
                    else None,
                    field,
                    _unchanged_by(field),
                )
                for attribute, field in self.dump_fields.items()
            ]
            self.__dict__[_DUMP_PLAN] = plan
        return plan


def _written_dump(schema: Schema, plan: list[_Step]) -> Callable[[Any], Any]:
    """The source of a function dumping one object by `plan`, compiled. Every value the
    lines use (fields, getters, types, nested schemas) is a name of its namespace; the
    only text taken from the schema is its keys and attribute names, written as
    literals by `repr`.

    An object is read by its attributes; a mapping by its keys, where every field
    reads one key (an attribute path like "event.id" is a lookup in depth, left to
    marshmallow). Whatever the lines cannot read (a missing attribute or key, a
    sequence rather than a mapping) is dumped again by marshmallow's way."""
    names: dict[str, Any] = {
        "by_field": schema._dump_by_field,
        "by_key": functools.partial(marshmallow.Schema._serialize, schema),
    }
    by_keys = all("." not in (field.attribute or attribute) for _, attribute, _, field, _ in plan)
    lines = [
        "def dump_one(obj):",
        "    if hasattr(obj, '__getitem__'):",
        "        return dump_mapping(obj)" if by_keys else "        return by_key(obj)",
        "    try:",
        *_field_lines(plan, names, lambda number, path: f"get{number}(obj)"),
        "    except AttributeError:",
        "        return by_field(obj)",
        "    return dumped",
    ]
    if by_keys:
        lines += [
            "def dump_mapping(obj):",
            "    try:",
            *_field_lines(plan, names, lambda number, path: f"obj[{path!r}]"),
            "    except (LookupError, TypeError, AttributeError):",
            "        return by_key(obj)",
            "    return dumped",
        ]
    # The source is the lines above: names of `names`, and keys written by repr.
    exec("\n".join(lines), names)
    dump_one: Callable[[Any], Any] = names["dump_one"]
    return dump_one


def _field_lines(
    plan: list[_Step], names: dict[str, Any], read: Callable[[int, str], str]
) -> list[str]:
    """The lines filling `dumped` by `plan`, each value read by the expression
    `read(number, attribute path)` gives."""
    lines = ["        dumped = {}"]
    for number, (key, attribute, getter, field, unchanged) in enumerate(plan):
        names[f"field{number}"] = field
        serialize = f"field{number}._serialize(value, {attribute!r}, obj)"
        if type(field) is Function and field.serialize_func is not None:
            # What Function._serialize does, a call less.
            names[f"function{number}"] = field.serialize_func
            lines.append(f"        dumped[{key!r}] = function{number}(obj)")
            continue
        if getter is None:
            lines.append(
                f"        dumped[{key!r}] = field{number}._serialize(None, {attribute!r}, obj)"
            )
            continue
        names[f"get{number}"] = getter
        lines.append(f"        value = {read(number, field.attribute or attribute)}")
        nested = _hookless_nested(field)
        if nested is not None:
            names[f"nested{number}"] = nested._dump_one()
            if isinstance(field, List):
                value = f"[None if item is None else nested{number}(item) for item in value]"
            elif nested.many or field.many:  # type: ignore[attr-defined]
                value = f"[nested{number}(item) for item in value]"
            else:
                value = f"nested{number}(value)"
            lines.append(f"        dumped[{key!r}] = None if value is None else {value}")
        elif unchanged is _EVERY_TYPE:
            lines.append(f"        dumped[{key!r}] = value")
        elif unchanged:
            names[f"unchanged{number}"] = unchanged
            kept = f"type(value) in unchanged{number}"
            lines.append(f"        dumped[{key!r}] = value if {kept} else {serialize}")
        else:
            lines.append(f"        dumped[{key!r}] = {serialize}")
    return lines


def _hookless_nested(field: Field[Any]) -> Schema | None:
    """The schema a `Nested` field (or a `List` of one) dumps with, when that is one of
    ours without dump hooks, which its dump function may then be called for directly."""
    nested = field.inner if isinstance(field, List) else field
    if type(nested) is not Nested:  # not Pluck, whose dump picks one field
        return None
    # "self", a name or a lambda may nest itself: left to marshmallow, which resolves
    # them lazily, as deep as the data goes.
    if not isinstance(nested.nested, type | marshmallow.Schema):
        return None
    schema = nested.schema
    if not isinstance(schema, Schema) or schema._hooks[PRE_DUMP] or schema._hooks[POST_DUMP]:
        return None
    if nested is not field and (schema.many or nested.many):
        return None  # a list of lists: marshmallow's way
    return schema


def _unchanged_by(field: Field[Any]) -> frozenset[type]:
    """The types of value `field._serialize` returns unchanged (exact types: a bool is
    an int to Python, but an Integer turns it into 1)."""
    kind = type(field)
    if kind._serialize is Field._serialize:
        return _EVERY_TYPE
    if kind is String:
        return frozenset({str, type(None)})
    if kind is Integer and not field.as_string:  # type: ignore[attr-defined]
        return frozenset({int, type(None)})
    return frozenset()
