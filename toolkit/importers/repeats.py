"""Articles a corpus gives twice: the same outlet and body text make one record, and each repeat is reported."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.importers import Item
from toolkit.problems import Problem, problem


def reported_repeats(items: Iterator[Item]) -> Iterator[Item]:
    """The items with each repeated article replaced by a note naming the first one."""
    first: dict[str, str] = {}
    for item in items:
        if isinstance(item, Problem) or item[1].get("type") != "article":
            yield item
            continue
        record = item[1]
        original = str(record.get("source", {}).get("original_id", record["id"]))
        if record["id"] in first:
            yield problem("import.skipped", f"article {original}: same outlet and body text as article {first[record['id']]} ({record['id']}); imported once")
            continue
        first[record["id"]] = original
        yield item
