"""Checks across the whole input, once every chunk is scanned: duplicates, references, deferred spans."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from itertools import compress
from typing import Any

from toolkit.actors.identity import canonical_ids
from toolkit.problems import Problem, problem
from toolkit.validate.locate import column_of
from toolkit.validate.refs import check_span
from toolkit.validate.scan import Pending, Scanner
from toolkit.validate.state import Index, Ledger, id_key

UNKNOWN = {
    "article": "ref.unknown-article",
    "outlet": "ref.unknown-outlet",
    "actor": "ref.unknown-actor",
    "event": "ref.unknown-event",
    "claim": "ref.unknown-claim",
    "alignment": "ref.unknown-alignment",
}


def _runs(values: array[int], files: array[int], lines: array[int], skip: int | None = None) -> Iterator[list[int]]:
    """Rows sharing a value, in file and line order, for each value but `skip` held by more than one row (by value)."""
    repeated = _repeated(values)
    repeated.discard(skip)
    if not repeated:
        return
    rows: dict[int, list[int]] = {value: [] for value in repeated}
    for row in compress(range(len(values)), map(repeated.__contains__, values)):
        rows[values[row]].append(row)
    for value in sorted(rows):
        yield sorted(rows[value], key=lambda row: (files[row], lines[row]))


def _repeated(values: array[int]) -> set[int]:
    """The values held more than once, a bucket at a time (most buckets repeat none)."""
    repeated: set[int] = set()
    for bucket in _buckets(values):
        if len(set(bucket)) < len(bucket):
            repeated.update(value for value, n in Counter(bucket).items() if n > 1)
    return repeated


def sorted_column(values: array[int]) -> array[int]:
    """The values in ascending order: the buckets in order, each sorted."""
    column = array("Q")
    for bucket in _buckets(values):
        column.extend(sorted(bucket))
    return column


def _buckets(values: array[int]) -> list[array[int]]:
    """The 64-bit values split by their top 6 bits, in order."""
    # Ids and fingerprints are hashes, so a set or sort of one bucket holds about a 64th of a column's Python ints at
    # once: a set of a million claims' ids alone would be about 70 MB.
    buckets = [array("Q") for _ in range(64)]
    appends = [bucket.append for bucket in buckets]
    for value in values:
        appends[value >> 58](value)
    return buckets


def ledger_duplicates(kind: str, ledger: Ledger, paths: list[str]) -> Iterator[Problem]:
    """Ids used twice, and the same content under two ids, found over compact columns."""
    if not ledger.ids:
        return
    keys, fps, files, lines = ledger.ids, ledger.fingerprints, ledger.files, ledger.lines
    for rows in _runs(keys, files, lines):
        first = rows[0]
        for row in rows[1:]:
            yield problem(
                "id.duplicate", f"{kind} id already used at {paths[files[first]]}:{lines[first]}", file=paths[files[row]], line=lines[row], pointer="/id"
            )
    for rows in _runs(fps, files, lines, skip=0):  # 0: no fingerprint (a record whose schema check failed)
        first, reported = rows[0], {keys[rows[0]]}
        for row in rows[1:]:
            if keys[row] not in reported:
                reported.add(keys[row])
                yield problem(
                    "dup.content",
                    f"same {kind} content as the record at {paths[files[first]]}:{lines[first]}, under another id",
                    file=paths[files[row]],
                    line=lines[row],
                    pointer="/id",
                )


def registry_duplicates(entries: list[tuple[str, str, int, int, dict[str, Any]]], paths: list[str]) -> Iterator[Problem]:
    """Outlet and actor ids used twice, and two of them sharing a Wikidata id, a domain or a name."""
    first_at: dict[tuple[str, str], tuple[int, int]] = {}
    claimed: dict[tuple[str, str, str], tuple[str, int, int]] = {}
    for kind, rid, file, line, keys in entries:
        where = {"file": paths[file], "line": line}
        if (kind, rid) in first_at:
            first_file, first_line = first_at[(kind, rid)]
            yield problem("id.duplicate", f"{kind} id {rid!r} already used at {paths[first_file]}:{first_line}", pointer="/id", **where)
            continue
        first_at[(kind, rid)] = (file, line)
        for pointer, what, value in _registry_keys(keys):
            other = claimed.setdefault((kind, what, value), (rid, file, line))
            if other[0] != rid:
                yield problem(
                    "dup.registry", f"{what} {value!r} is also that of {kind} {other[0]!r} at {paths[other[1]]}:{other[2]}", pointer=f"/{pointer}", **where
                )


def actor_links(entries: list[tuple[str, str, int, int, dict[str, Any]]], paths: list[str]) -> Iterator[Problem]:
    """`same_as` links that make a cycle, or one actor of two that a `distinct_from` keeps apart."""
    links: dict[str, str] = {}
    places: dict[str, dict[str, Any]] = {}
    apart: dict[str, list[Any]] = {}
    for kind, rid, file, line, keys in entries:
        if kind != "actor" or rid in places:
            continue
        places[rid] = {"file": paths[file], "line": line}
        if isinstance(keys.get("same_as"), str) and keys["same_as"] != rid:  # a link to itself is actor.same-as-self
            links[rid] = keys["same_as"]
        apart[rid] = list(keys.get("distinct_from") or ())
    yield from _cycles(links, places)
    ids = canonical_ids({rid: {"same_as": links.get(rid)} for rid in places})
    told: set[frozenset[str]] = set()
    for rid in sorted(apart):
        for i, other in enumerate(apart[rid]):
            if other in ids and ids[other] == ids[rid] and frozenset((rid, other)) not in told:
                told.add(frozenset((rid, other)))
                message = f"actor {rid!r} is distinct from {other!r}, yet same_as links make them one actor ({ids[rid]})"
                yield problem("actor.same-as-distinct", message, pointer=f"/distinct_from/{i}", **places[rid])


def _cycles(links: dict[str, str], places: dict[str, dict[str, Any]]) -> Iterator[Problem]:
    """Each cycle of `same_as` links once, at the record of its smallest id."""
    done: set[str] = set()
    for start in sorted(links):
        path: list[str] = []
        at: dict[str, int] = {}
        current = start
        while current in links and current not in done and current not in at:
            at[current] = len(path)
            path.append(current)
            current = links[current]
        done.update(path)
        if current not in at:
            continue
        cycle = path[at[current] :]
        first = cycle.index(min(cycle))
        shown = " -> ".join([*cycle[first:], *cycle[:first], cycle[first]])
        yield problem("actor.same-as-cycle", f"same_as links make a cycle: {shown}", pointer="/same_as", **places[cycle[first]])


def _registry_keys(keys: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    if keys.get("name"):
        yield "name", "name", keys["name"].casefold()
    if keys.get("wikidata"):
        yield "wikidata", "Wikidata id", keys["wikidata"]
    for i, domain in enumerate(keys.get("domains") or ()):
        yield f"domains/{i}", "domain", domain


class Resolver:
    """Resolves references left pending while scanning, against the whole input."""

    def __init__(self, index: Index, ledgers: dict[str, Ledger], scanner: Scanner, paths: list[str]) -> None:
        self.index, self.ledgers, self.scanner, self.paths = index, ledgers, scanner, paths
        self.unchecked: Counter[str] = Counter()
        self._sorted: dict[str, array[int]] = {}

    def resolve(self, pending: list[Pending]) -> Iterator[Problem]:
        """Problems of every pending reference: unknown targets, outlet mismatches, bad spans."""
        for item in pending:
            if not self._known(item.target, item.target_id):
                message = f"{item.target} {item.target_id!r} is not defined"
                yield problem(UNKNOWN[item.target], message, pointer=item.pointer, **self._where(item, item.pointer))
            elif item.target == "article":
                yield from self._against_article(item)

    def _where(self, item: Pending, pointer: str) -> dict[str, Any]:
        """File, line and, read back from the record's line, the column of a pointer."""
        where: dict[str, Any] = {"file": self.paths[item.file], "line": item.line}
        if item.offset >= 0:
            where["column"] = column_of(self.scanner.raw_line(item.file, item.offset, item.length), pointer)
        return where

    def _known(self, target: str, target_id: str) -> bool:
        table = self.index.table(target)
        if table is not None:
            return target_id in table
        if target not in self._sorted:
            ledger = self.ledgers.get(target)
            self._sorted[target] = sorted_column(ledger.ids) if ledger else array("Q")
        column, key = self._sorted[target], id_key(target_id)
        at = bisect_left(column, key)
        return at < len(column) and column[at] == key

    def _against_article(self, item: Pending) -> Iterator[Problem]:
        ref = self.index.articles[item.target_id]
        if not ref.valid:
            return
        if item.check_outlet and item.outlet_id != ref.outlet_id:
            message = f"outlet_id {item.outlet_id!r} but article {item.target_id!r} is from {ref.outlet_id!r}"
            yield problem("ref.outlet-mismatch", message, pointer="/outlet_id", **self._where(item, "/outlet_id"))
        if not item.spans:
            return
        texts = self.scanner.texts(item.target_id, ref)
        if texts is None:
            self.unchecked[item.target_id] += len(item.spans)
            return
        for pointer, span in item.spans:
            for code, at, message in check_span(span, texts, pointer):
                yield problem(code, message, pointer=at, **self._where(item, at))
