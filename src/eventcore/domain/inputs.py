"""Typed inputs of the use cases: drafts to create from, and changes with an explicit unset.

An input class lists what one use case lets a client set; nothing else can be
passed. Its fields are declared with `required`, `optional` or `change`, each
with a check of the value's type, so that a library caller who leaves out a
required field or passes a value of the wrong type is refused the way a
client's bad input is: with InvalidValue naming the field, not a TypeError.

    @refuses_unknown_fields
    @frozen(kw_only=True)
    class TaskDraft:
        title: str = required(TEXT)
        due_date: datetime | None = optional(MOMENT, None)

    @refuses_unknown_fields
    @frozen(kw_only=True)
    class TaskChanges:
        title: Change[str] = change(TEXT)       # UNSET: leave the title as it is
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from eventcore.domain.errors import InvalidValue, Reason

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
C = TypeVar("C", bound=type)


class Unset(enum.Enum):
    """A change that leaves the value as it is (None may be a value of its own)."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET
Change: TypeAlias = T | Unset


class _Missing(enum.Enum):
    MISSING = "missing"


# A check takes the field's name and the value given, and returns the value to keep
# (the same, or its canonical form); it raises InvalidValue for a value of another kind.
Check = Callable[[str, Any], Any]


def _of(expected: str, *kinds: type, refuse: tuple[type, ...] = ()) -> Check:
    def check(field: str, value: Any) -> Any:
        if isinstance(value, refuse) or not isinstance(value, kinds):
            raise InvalidValue(field, Reason.WRONG_TYPE, expected=expected)
        return value

    return check


TEXT = _of("text", str)
FLAG = _of("true or false", bool)
# bool is an int to Python, never to a client.
WHOLE = _of("a whole number", int, refuse=(bool,))
MOMENT = _of("a date and time", datetime)
DAY = _of("a date", date, refuse=(datetime,))


def NUMBER(field: str, value: Any) -> float:  # noqa: N802 (a check, named like its kin)
    number: int | float = _of("a number", int, float, refuse=(bool,))(field, value)
    return float(number)


def DECIMAL(field: str, value: Any) -> Decimal:  # noqa: N802
    number: int | Decimal = _of("a number", int, Decimal, refuse=(bool,))(field, value)
    return Decimal(number)


def choice(kind: type[E]) -> Check:
    """A member of the enum `kind`, or its value (library callers may pass text)."""

    def check(field: str, value: Any) -> E:
        if isinstance(value, kind):
            return value
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(str(member.value) for member in kind)
            raise InvalidValue(field, Reason.NOT_ONE_OF, choices=choices) from None

    return check


def items(each: Check) -> Check:
    """A list or tuple whose every item passes `each`; kept as a tuple."""

    def check(field: str, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
            raise InvalidValue(field, Reason.WRONG_TYPE, expected="a list")
        return tuple(each(field, item) for item in value)

    return check


def mapping(keys: Check, values: Check) -> Check:
    """A mapping whose keys and values pass their checks; kept as a plain dict."""

    def check(field: str, value: Any) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise InvalidValue(field, Reason.WRONG_TYPE, expected="a mapping")
        return {keys(field, key): values(field, item) for key, item in value.items()}

    return check


def instance(kind: type[T], expected: str) -> Check:
    return _of(expected, kind)


def nullable(check: Check) -> Check:
    """`check`, or None."""

    def or_none(field: str, value: Any) -> Any:
        return None if value is None else check(field, value)

    return or_none


def _converter(check: Check, *, unset_ok: bool = False) -> Any:
    def convert(value: Any, field: attrs.Attribute[Any]) -> Any:
        if value is _Missing.MISSING:
            raise InvalidValue(field.name, Reason.REQUIRED)
        if value is UNSET and unset_ok:
            return value
        return check(field.name, value)

    return attrs.Converter(convert, takes_field=True)


def required(check: Check) -> Any:
    """A field the caller must give."""
    return attrs.field(default=_Missing.MISSING, converter=_converter(check))


def optional(check: Check, default: Any) -> Any:
    """A field with a default; wrap `check` in `nullable` when None is allowed."""
    return attrs.field(default=default, converter=_converter(check))


def change(check: Check) -> Any:
    """A field of a changes object: UNSET (the default) leaves the value as it is."""
    return attrs.field(default=UNSET, converter=_converter(check, unset_ok=True))


def given(changes: Any) -> dict[str, Any]:
    """The fields of an attrs changes object that are not UNSET, by name."""
    return {
        name: value
        for name, value in attrs.asdict(changes, recurse=False).items()
        if value is not UNSET
    }


def refuses_unknown_fields(cls: C) -> C:
    """Make the attrs input class `cls` refuse a keyword it does not list with
    InvalidValue naming it, as it refuses a value of the wrong type."""
    generated = vars(cls)["__init__"]
    known = {field.alias for field in attrs.fields(cls)}

    def __init__(self: Any, **values: Any) -> None:  # noqa: N807 (replaces the class's own)
        unknown = sorted(set(values) - known)
        if unknown:
            raise InvalidValue(unknown[0], Reason.NOT_SETTABLE)
        generated(self, **values)

    cls.__init__ = __init__  # type: ignore[misc]
    return cls
