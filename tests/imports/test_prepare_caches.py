"""Caches and shortcuts of the preparing step give what the plain code gives."""

import datetime as dt
import pickle
import random
from decimal import Decimal

import pytest

from revisit.core.exceptions import DomainError
from revisit.core.identity import check_character, parse_resident_id
from revisit.core.normalize import parse_date_text
from revisit.imports.codes import CodeTables
from revisit.imports.header import locate_header
from revisit.imports.normalize import cells as cells_module
from revisit.imports.normalize.cells import to_date
from revisit.imports.prepare import PreparedChunk
from revisit.imports.rows import RowPlan
from revisit.imports.validate import ResidentIdChecker

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _reference_check_character(first17: str) -> str:
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True)
    )
    return "10X98765432"[total % 11]


def _resident_id(birth: dt.date, sequence: int = 123) -> str:
    first17 = f"110105{birth:%Y%m%d}{sequence:03d}"
    return first17 + _reference_check_character(first17)


def test_check_character_matches_formula():
    rng = random.Random(5)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert check_character(first17) == _reference_check_character(first17)


def test_check_character_reads_unicode_digits():
    # Full-width digits take the int() path, as they did before.
    assert check_character("１１０１０５１９８００１０１１２３") == "8"


def test_id_checker_keeps_numbers_apart():
    checker = ResidentIdChecker()
    first = _resident_id(dt.date(1980, 1, 1), 123)
    second = _resident_id(dt.date(1975, 6, 30), 124)
    assert checker.check(first) == (first, "1980-01-01", "M")
    assert checker.check(second) == (second, "1975-06-30", "F")
    assert checker.check(first) == (first, "1980-01-01", "M")


def test_id_checker_matches_parse_resident_id():
    checker = ResidentIdChecker()
    number = "310104760813213"
    parsed = parse_resident_id(number)
    assert checker.check(number) == (
        parsed.number,
        parsed.birth_date.isoformat(),
        parsed.gender,
    )


def test_id_checker_returns_errors():
    checker = ResidentIdChecker()
    error = checker.check("110105198001011239")
    assert isinstance(error, DomainError)
    assert error.code == "id_check_digit"
    assert checker.check("110105198002301230").code == "id_birth_date"


def test_id_checker_accepts_birth_after_midnight():
    # A checker that started yesterday reads today's date again before it
    # rejects a birth date as being in the future.
    checker = ResidentIdChecker()
    today = dt.date.today()
    checker._today = today - dt.timedelta(days=1)
    number = _resident_id(today)
    assert checker.check(number) == (number, today.isoformat(), "M")


def test_id_checker_rejects_future_birth():
    checker = ResidentIdChecker()
    number = _resident_id(dt.date.today() + dt.timedelta(days=1))
    assert checker.check(number).code == "id_birth_date"


@pytest.mark.parametrize(
    "text",
    [
        "20190305",
        "2019/3/5",
        "2019.03.05",
        "2019-3-5",
        "2019/03/5",
        "2019/13/05",
        "2019/2/30",
        "1899/12/31",
        "2201.1.1",
        "00000000",
        "20191305",
        "2019-3/5",
        "2019/3/5/",
        "2019//15",
        "2019/123/5",
        "19/03/2019",
    ],
)
def test_short_date_forms_match_parser(text):
    try:
        expected = parse_date_text(text).isoformat()
    except DomainError as error:
        with pytest.raises(DomainError) as raised:
            to_date(text)
        assert raised.value.code == error.code
        assert raised.value.params == error.params
    else:
        assert to_date(text) == expected


HEADER = ["保单号", "投保人姓名", "投保人出生日期", "期交保费", "保单状态"]


def _plan() -> RowPlan:
    header = locate_header([(1, HEADER)])
    return RowPlan(header, CodeTables({}))


def _converted(column, cell):
    if cell == "":
        return None
    try:
        return column.normalise.convert(cell)
    except DomainError as error:
        return error


def _comparable(value):
    if isinstance(value, DomainError):
        return ("error", value.code, value.params)
    return value


def _random_rows(rng, count):
    dates = ["2019-03-05", "2019/3/5", "20190305", "1999-02-30", "5/1/2023", ""]
    statuses = ["有效", "失效", "未知状态", ""]
    return [
        [
            f"P{rng.randrange(40)}",
            rng.choice(["张三", "李 四", "王五", ""]),
            rng.choice(dates),
            rng.choice(["100", "1,200.50", "-5", "abc", f"{rng.randrange(30)}.5"]),
            rng.choice(statuses),
        ]
        for _ in range(count)
    ]


@pytest.mark.parametrize("cache_limit", [3, 8, 20_000])
def test_normalise_matches_uncached_conversion(monkeypatch, cache_limit):
    # Small limits make the caches clear and stop caching between and
    # inside chunks; every value and first bad cell must stay the same.
    monkeypatch.setattr(cells_module, "CACHE_LIMIT", cache_limit)
    plan = _plan()
    rng = random.Random(cache_limit)
    for _chunk in range(6):
        rows = _random_rows(rng, 50)
        values, problems = plan.normalise(rows)
        expected_problems = {}
        for position, row in enumerate(rows):
            expected = [
                _converted(column, row[column.index]) for column in plan.columns
            ]
            assert list(map(_comparable, values[position][:-1])) == list(
                map(_comparable, expected)
            )
            assert values[position][-1] is None
            for column, value in zip(plan.columns, expected, strict=True):
                if isinstance(value, DomainError):
                    expected_problems[position] = (column.field, row[column.index])
                    break
        assert {
            position: (field, cell)
            for position, (field, cell, _error) in problems.items()
        } == expected_problems
        for field, cell, error in problems.values():
            column = next(c for c in plan.columns if c.field == field)
            assert _comparable(error) == _comparable(_converted(column, cell))


def test_normalise_keeps_equal_cells_of_a_chunk_apart():
    plan = _plan()
    rows = [
        ["P1", "张三", "2019/3/5", "100", "有效"],
        ["P2", "李四", "2019/3/6", "200", "失效"],
        ["P1", "张三", "2019/3/5", "100", "有效"],
    ]
    values, problems = plan.normalise(rows)
    assert values[0][:5] == (
        "P1",
        "张三",
        "2019-03-05",
        Decimal("100.00"),
        values[0][4],
    )
    assert values[1][:4] == ("P2", "李四", "2019-03-06", Decimal("200.00"))
    assert values[2] == values[0]
    assert values[1][4] != values[0][4]
    assert problems == {}


def test_cached_error_reported_after_cache_clears(monkeypatch):
    # The second chunk hits the cached error, then fills the cache, which
    # clears it: the row with the bad amount must still be reported.
    monkeypatch.setattr(cells_module, "CACHE_LIMIT", 3)
    plan = _plan()

    def row(premium):
        return ["P1", "张三", "2019-03-05", premium, "有效"]

    _values, problems = plan.normalise([row("abc")])
    assert problems[0][:2] == ("premium", "abc")
    values, problems = plan.normalise([row("abc"), row("1"), row("2"), row("3")])
    assert isinstance(values[0][3], DomainError)
    assert problems[0][:2] == ("premium", "abc")
    assert sorted(problems) == [0]


@pytest.mark.parametrize(
    "cells",
    [
        [["P1", "张三", "2019/3/5"], ["P2", "", "x" * 300]],
        [["P1", 2.5, dt.datetime(2019, 3, 5)], ["P2", True, None]],
        [["P1", "张三"], ["P2", dt.date(2019, 3, 5), 7, -0.0]],
        [["P1"], []],
        [],
    ],
    ids=["text", "workbook", "date in a later row", "empty row", "no rows"],
)
def test_prepared_chunk_cells_survive_pickling(cells):
    chunk = PreparedChunk(list(range(len(cells))), [], [], {}, cells)
    received = pickle.loads(pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
    for position, row in enumerate(cells):
        assert received.cells(position) == row
        assert [type(cell) for cell in received.cells(position)] == [
            type(cell) for cell in row
        ]
    again = pickle.loads(pickle.dumps(received, pickle.HIGHEST_PROTOCOL))
    assert [again.cells(position) for position in range(len(cells))] == cells
