"""Compact memory of what an import has written, for files of millions of rows.

A set of Python ints costs about 64 bytes an entry and a dict of policy
numbers about 130, which at a million lines is hundreds of megabytes. These
structures keep the same answers in a few bytes an entry.
"""

from array import array

# Product positions below this fit the first-line array; beyond it, the set.
_ARRAY_LIMIT = 1 << 16
_POSITION_BITS = 20


class LineKeys:
    """The (policy id, product position) pairs of the lines an import wrote.

    Most policies have one line, so an array indexed by policy id holds the
    position of its first product (plus one); only further lines of a
    policy go into a set.
    """

    def __init__(self):
        self.first = array("H")
        self.more: set[int] = set()

    def __contains__(self, key: tuple[int, int]) -> bool:
        policy_id, position = key
        if policy_id < len(self.first) and self.first[policy_id] == position + 1:
            return True
        return (policy_id << _POSITION_BITS | position) in self.more

    def add(self, policy_id: int, position: int) -> None:
        first = self.first
        if policy_id >= len(first):
            grow = max(policy_id + 1 - len(first), len(first) // 2, 1024)
            first.frombytes(bytes(grow * first.itemsize))
        if first[policy_id] == 0 and position + 1 < _ARRAY_LIMIT:
            first[policy_id] = position + 1
        else:
            self.more.add(policy_id << _POSITION_BITS | position)


class NumberFilter:
    """A Bloom filter of strings: no false negatives, rare false positives.

    With the default 2**25 bits and three hashes, a million policy numbers
    give a false positive about once in 5,000 lookups (estimate from the
    Bloom formula); a positive must be confirmed elsewhere.
    """

    def __init__(self, bits: int = 1 << 25):
        self.mask = bits - 1
        self.bits = bytearray(bits >> 3)

    # The three bit positions come from one 64-bit hash, at bits 0, 21 and
    # 42. The methods spell them out: an import calls each once per policy.

    def add(self, text: str) -> None:
        value = hash(text) & 0xFFFFFFFFFFFFFFFF
        bits, mask = self.bits, self.mask
        for position in (value & mask, (value >> 21) & mask, (value >> 42) & mask):
            bits[position >> 3] |= 1 << (position & 7)

    def __contains__(self, text: str) -> bool:
        value = hash(text) & 0xFFFFFFFFFFFFFFFF
        bits, mask = self.bits, self.mask
        position = value & mask
        if not bits[position >> 3] & (1 << (position & 7)):
            return False
        position = (value >> 21) & mask
        if not bits[position >> 3] & (1 << (position & 7)):
            return False
        position = (value >> 42) & mask
        return bool(bits[position >> 3] & (1 << (position & 7)))


class IdSet:
    """A set of positive database ids as a bitmap: one bit per id up to the largest.

    A million customers cost 125 KB instead of about 60 MB as a set of ints.
    Iterating yields the ids in ascending order.
    """

    def __init__(self):
        self.bits = bytearray()
        self.count = 0

    def add(self, pk: int) -> None:
        index, bit = pk >> 3, 1 << (pk & 7)
        bits = self.bits
        if index >= len(bits):
            bits.extend(bytes(max(index + 1 - len(bits), len(bits) // 2, 1024)))
        if not bits[index] & bit:
            bits[index] |= bit
            self.count += 1

    def __contains__(self, pk: int) -> bool:
        index = pk >> 3
        return index < len(self.bits) and bool(self.bits[index] & (1 << (pk & 7)))

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        for index, byte in enumerate(self.bits):
            if byte:
                base = index << 3
                for bit in range(8):
                    if byte & (1 << bit):
                        yield base + bit
