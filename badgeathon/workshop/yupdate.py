"""Reads the shape of a Yjs update (the v1 encoding yjs and pycrdt write): the clock ranges it adds for each client,
the items it builds on and what it deletes, so the server can tell whether it can integrate an update before
acknowledging it, and whether it brings anything new (pure: no pycrdt, no Flask)."""

from dataclasses import dataclass

BITS5, BIT6, BIT7, BIT8 = 0x1F, 0x20, 0x40, 0x80
MAX_COUNT = 1 << 24  # no honest update holds more structs, ranges or entries than this


class Malformed(ValueError):
    """Bytes that are not a well-formed Yjs v1 update."""


@dataclass(frozen=True)
class Shape:
    """What an update holds, by Yjs ids (client, clock)."""

    adds: dict[int, list[tuple[int, int]]]  # client -> [(first clock, end clock)] of the structs it carries
    needs: frozenset[tuple[int, int]]  # ids its items point at (origins, parents)
    deletes: dict[int, list[tuple[int, int]]]  # client -> [(first clock, end clock)] it deletes
    roots: frozenset[str] = frozenset()  # names of the root types its items are put in directly

    def missing(self, state_vector: dict[int, int]) -> bool:
        """True if a peer holding `state_vector` cannot integrate it: a gap before its first clock, an item it
        builds on or a deletion it makes that the peer has never seen (Yjs would park it and change nothing)."""
        known = dict(state_vector)
        for client, ranges in self.adds.items():
            for start, end in ranges:
                if start > known.get(client, 0):
                    return True
                known[client] = max(known.get(client, 0), end)
        if any(clock >= known.get(client, 0) for client, clock in self.needs):
            return True
        return any(end > known.get(client, 0) for client, ranges in self.deletes.items() for _, end in ranges)

    def adds_beyond(self, state_vector: dict[int, int]) -> bool:
        """True if it carries a struct the peer holding `state_vector` does not have yet."""
        return any(end > state_vector.get(client, 0) for client, ranges in self.adds.items() for _, end in ranges)

    def deletes_beyond(self, delete_set: dict[int, list[tuple[int, int]]]) -> bool:
        """True if it deletes something `delete_set` (a document's deletions, sorted ranges) does not cover."""
        return any(
            not _covered(delete_set.get(client, ()), start, end)
            for client, ranges in self.deletes.items()
            for start, end in ranges
        )


def _covered(ranges, start: int, end: int) -> bool:
    for first, last in ranges:
        if first <= start < last:
            start = last
            if start >= end:
                return True
    return start >= end


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise Malformed("truncated")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 63:
                raise Malformed("integer too long")

    def count(self) -> int:
        value = self.uint()
        if value > MAX_COUNT:
            raise Malformed("count too large")
        return value

    def skip(self, n: int) -> bytes:
        if n > len(self.data) - self.pos:
            raise Malformed("truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def string(self) -> str:
        try:
            return self.skip(self.count()).decode("utf-8")
        except UnicodeDecodeError as error:
            raise Malformed("not utf-8") from error

    def signed(self) -> None:
        byte = self.byte()
        shift = 6
        while byte & 0x80:
            byte = self.byte()
            shift += 7
            if shift > 70:
                raise Malformed("integer too long")

    def any(self, depth: int = 0) -> None:
        """Skip one lib0 'any' value."""
        if depth > 64:
            raise Malformed("nested too deep")
        kind = self.byte()
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:
            self.signed()
        elif kind == 124:
            self.skip(4)
        elif kind in (123, 122):
            self.skip(8)
        elif kind == 119:
            self.string()
        elif kind == 118:
            for _ in range(self.count()):
                self.string()
                self.any(depth + 1)
        elif kind == 117:
            for _ in range(self.count()):
                self.any(depth + 1)
        elif kind == 116:
            self.skip(self.count())
        else:
            raise Malformed(f"unknown value type {kind}")


def _content_length(reader: _Reader, ref: int) -> int:
    """Read an item's content; its length in clocks."""
    if ref == 1:  # deleted
        return reader.uint()
    if ref == 2:  # JSON
        n = reader.count()
        for _ in range(n):
            reader.string()
        return n
    if ref == 3:  # binary
        reader.skip(reader.count())
        return 1
    if ref == 4:  # string: clocks count UTF-16 code units, as in JavaScript
        return len(reader.string().encode("utf-16-le")) // 2
    if ref == 5:  # embed
        reader.string()
        return 1
    if ref == 6:  # format
        reader.string()
        reader.string()
        return 1
    if ref == 7:  # a shared type
        if reader.uint() in (3, 5):  # XML element or hook: a name follows
            reader.string()
        return 1
    if ref == 8:  # any
        n = reader.count()
        for _ in range(n):
            reader.any()
        return n
    if ref == 9:  # sub-document
        reader.string()
        reader.any()
        return 1
    raise Malformed(f"unknown content type {ref}")


def read(update: bytes) -> Shape:
    """The shape of a v1 update; Malformed if it is not one (trailing bytes included)."""
    reader = _Reader(bytes(update))
    adds: dict[int, list[tuple[int, int]]] = {}
    needs: set[tuple[int, int]] = set()
    roots: set[str] = set()
    for _ in range(reader.count()):
        structs, client, clock = reader.count(), reader.uint(), reader.uint()
        ranges = adds.setdefault(client, [])
        for _ in range(structs):
            info = reader.byte()
            ref = info & BITS5
            if ref == 0:  # GC: a deleted range, still part of the history
                length = reader.uint()
            elif ref == 10:  # skip: a gap, nothing to apply
                clock += reader.uint()
                continue
            else:
                if info & BIT8:
                    needs.add((reader.uint(), reader.uint()))
                if info & BIT7:
                    needs.add((reader.uint(), reader.uint()))
                if not info & (BIT7 | BIT8):
                    if reader.uint() == 1:  # parent is a root type, by name
                        roots.add(reader.string())
                    else:
                        needs.add((reader.uint(), reader.uint()))
                    if info & BIT6:
                        reader.string()  # key in a map
                length = _content_length(reader, ref)
            if length <= 0:
                raise Malformed("empty struct")
            if ranges and ranges[-1][1] == clock:
                ranges[-1] = (ranges[-1][0], clock + length)
            else:
                ranges.append((clock, clock + length))
            clock += length
        if not ranges:
            del adds[client]
    deletes = _delete_set(reader)
    if reader.pos != len(reader.data):
        raise Malformed("trailing bytes")
    own = {
        (client, clock) for client, clock in needs if any(start <= clock < end for start, end in adds.get(client, ()))
    }
    return Shape(adds, frozenset(needs - own), deletes, frozenset(roots))


def _delete_set(reader: _Reader) -> dict[int, list[tuple[int, int]]]:
    deletes: dict[int, list[tuple[int, int]]] = {}
    for _ in range(reader.count()):
        client = reader.uint()
        ranges = [
            (clock, clock + length)
            for clock, length in ((reader.uint(), reader.uint()) for _ in range(reader.count()))
            if length > 0
        ]
        if ranges:
            deletes.setdefault(client, []).extend(ranges)
    for ranges in deletes.values():
        ranges.sort()
    return deletes


def delete_set(update: bytes) -> dict[int, list[tuple[int, int]]]:
    """The deletions an update (typically a whole document's state) holds."""
    return read(update).deletes


def state_vector(encoded: bytes) -> dict[int, int]:
    """A Yjs state vector as {client: clock}."""
    reader = _Reader(bytes(encoded))
    vector = {}
    for _ in range(reader.count()):
        client = reader.uint()
        vector[client] = reader.uint()
    if reader.pos != len(reader.data):
        raise Malformed("trailing bytes")
    return vector


def covers(state_vector_a: dict[int, int], state_vector_b: dict[int, int]) -> bool:
    """True if a peer at `a` has everything a peer at `b` has (of the structs)."""
    return all(state_vector_a.get(client, 0) >= clock for client, clock in state_vector_b.items())
