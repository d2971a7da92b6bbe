"""The base of every surface's marshmallow schema: marshmallow's own, with a faster dump.

marshmallow looks every field's attribute up by its dotted path, and runs each
field's defaults and accessors, on every object it dumps; a page of 20 GatherHub
events is about 750 such lookups, which cost more than the page's SQL. This schema
prepares each field's lookup once per schema instance, an `operator.attrgetter`
of its path, and dumps by calling the field's own
`_serialize` on the value, which is what marshmallow does after its lookup, or
not even that where `_serialize` would return the value as it is (a `str` for a
String, an `int` for an Integer, anything for a field that does not convert). So
every field type, nested schemas and `only`/`exclude` dump as marshmallow dumps
them: every dump in every test is compared with marshmallow's own
(tests/conftest.py), and tests/unit/http/test_schema_dump.py covers the cases
where the two take different paths.

What marshmallow does differently stays with marshmallow: mappings (looked up by
key) and attributes that are missing (the field's `dump_default`). Dump hooks run
as before, around this. `_serialize` is marshmallow's private method: marshmallow
is pinned (constraints.txt), and the comparison in every test guards an upgrade.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import marshmallow
from marshmallow.fields import Field, Integer, String

# Stands for every type in a step's `unchanged`.
_EVERY_TYPE = frozenset({object})
# key in the output, attribute name, getter (None when the field reads no attribute,
# e.g. fields.Function), the field, the types of value its `_serialize` returns as
# they are.
_Step = tuple[str, str, Callable[[Any], Any] | None, Field[Any], frozenset[type]]


class Schema(marshmallow.Schema):
    def _serialize(self, obj: Any, *, many: bool = False) -> Any:
        if many and obj is not None:
            return [self._serialize(item) for item in obj]
        if hasattr(obj, "__getitem__"):  # a mapping, looked up by key
            return super()._serialize(obj)
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
        plan: list[_Step] | None = self.__dict__.get("_eventcore_dump_plan")
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
            self.__dict__["_eventcore_dump_plan"] = plan
        return plan


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
