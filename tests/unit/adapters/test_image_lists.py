"""The images column reads an event's images in their positions' order, whatever
order the database aggregated them in."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from eventcore.adapters.sqlalchemy.image_lists import EventImages
from eventcore.domain.events import EventImage


def test_images_are_read_in_position_order_with_their_primary_flag() -> None:
    # SQLite writes booleans as 0 and 1, PostgreSQL as false and true.
    aggregated = '[[2, "c.png", 0], [0, "a.png", false], [1, "b \\"quoted\\".png", true]]'
    read = EventImages().process_result_value(aggregated, sqlite.dialect())

    assert read == (
        EventImage("a.png", is_primary=False),
        EventImage('b "quoted".png', is_primary=True),
        EventImage("c.png", is_primary=False),
    )


def test_an_event_without_images_reads_none() -> None:
    # PostgreSQL's json_agg over no rows is NULL; SQLite's json_group_array is "[]".
    assert EventImages().process_result_value(None, postgresql.dialect()) == ()
    assert EventImages().process_result_value("[]", sqlite.dialect()) == ()
