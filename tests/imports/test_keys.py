from revisit.imports.keys import IdSet, LineKeys, NumberFilter


def test_line_keys_remember_first_and_further_lines():
    keys = LineKeys()
    keys.add(5, 0)
    keys.add(5, 3)
    keys.add(70_000, 2)
    assert (5, 0) in keys
    assert (5, 3) in keys
    assert (70_000, 2) in keys
    assert (5, 1) not in keys
    assert (6, 0) not in keys
    assert (10**7, 0) not in keys


def test_number_filter_has_no_false_negatives():
    numbers = NumberFilter(bits=1 << 16)
    for n in range(2000):
        numbers.add(f"P{n}")
    assert all(f"P{n}" in numbers for n in range(2000))
    false_positives = sum(f"Q{n}" in numbers for n in range(2000))
    assert false_positives < 200


def test_id_set_counts_and_iterates_in_order():
    ids = IdSet()
    for pk in (900, 3, 3, 12_345, 8):
        ids.add(pk)
    assert len(ids) == 4
    assert list(ids) == [3, 8, 900, 12_345]
    assert 8 in ids
    assert 9 not in ids
    assert 10**9 not in ids
