import datetime as dt

from revisit.development.ical import occasion_vevent, occasions_vevents
from revisit.development.selectors.occasions import Occasion, OccasionKind

STAMP = dt.datetime(2027, 3, 1, 8, 30, tzinfo=dt.UTC)


def birthday(**fields):
    values = {
        "date": dt.date(2027, 3, 3),
        "kind": OccasionKind.BIRTHDAY,
        "reason": "王强 turns 40.",
        "action": "Send birthday wishes, or call in with a small gift.",
        "customer_id": 7,
        "customer_name": "王强",
    }
    values.update(fields)
    return Occasion(**values)


def unfolded(text):
    return text.replace("\r\n ", "")


def test_vevent_is_an_all_day_event():
    event = occasion_vevent(birthday(), stamp=STAMP)

    lines = event.split("\r\n")
    assert lines[0] == "BEGIN:VEVENT"
    assert "DTSTART;VALUE=DATE:20270303" in lines
    assert "DTEND;VALUE=DATE:20270304" in lines
    assert "DTSTAMP:20270301T083000Z" in lines
    assert event.endswith("END:VEVENT\r\n")


def test_vevent_uid_is_stable():
    first = occasion_vevent(birthday(), stamp=STAMP)
    second = occasion_vevent(birthday(), stamp=STAMP + dt.timedelta(days=1))

    uid = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert uid == [line for line in second.split("\r\n") if line.startswith("UID:")]
    assert uid[0].endswith("@occasions.revisit")


def test_vevent_escapes_text_values():
    event = occasion_vevent(birthday(reason="a, b; c\\d"), stamp=STAMP)

    assert "DESCRIPTION:a\\, b\\; c\\\\d\\n" in unfolded(event)


def test_vevent_folds_long_lines_within_75_octets():
    event = occasion_vevent(birthday(reason="保单周年" * 40), stamp=STAMP)

    for line in event.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "保单周年" * 40 in unfolded(event)


def test_festival_event_summary_is_the_festival():
    festival = Occasion(
        date=dt.date(2027, 2, 6),
        kind=OccasionKind.FESTIVAL,
        reason="春节",
        action="送福",
        key="spring",
    )

    event = occasion_vevent(festival, stamp=STAMP)

    assert "SUMMARY:春节" in event.split("\r\n")


def test_vevents_concatenate():
    text = occasions_vevents([birthday(), birthday(customer_id=8)], stamp=STAMP)

    assert text.count("BEGIN:VEVENT") == 2
