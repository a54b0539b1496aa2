"""News-Media-Reliability (Baly et al. 2018, 2020): Media Bias/Fact Check's factuality and bias labels of web sites, keyed by domain.

Each labelled site rates the registry outlet that has exactly its domain (or, failing that, an outlet without domains
that the site's key names: 'drudgereport.com' is 'drudgereport'), else a new outlet named by its domain: the corpus
gives no outlet names. A site the corpus keys with a path ('npr.org-sections-news') is MBFC's page on a part of a
site; it rates the registry outlet that has that key as an alias, else an outlet of its own named by the key,
without the domain (which is the whole site's).

Scales, mapped from the corpus's labels:
- fact, both versions: `mbfc_factuality`, the labels as given (low, mixed, high).
- bias, emnlp18: `mbfc_bias`, MBFC's seven points; 'left-center' and 'right-center' are spelled 'center-left' and
  'center-right' as the schema has them, the other five are kept.
- bias, acl2020: scale `other`. Its three points (left, center, right) lump MBFC's extremes with left and right
  (101 of the sites emnlp18 rates extreme-right are 'right' in acl2020), so they are not values of `mbfc_bias`.
No rating has a date: the corpus does not say when MBFC's labels were read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.importers import Context, Corpus, Item, register
from toolkit.importers.rated_outlets import RatedOutlets
from toolkit.importers.reading import open_text, unreadable
from toolkit.problems import Problem, problem
from toolkit.registry import OutletRegistry, domain_of

CORPUS = Corpus(
    name="news-media-reliability",
    version="28ab9b418e9e69e6105d52ddb61a4dfdd791a412",
    license="unknown",
    url="https://github.com/ramybaly/News-Media-Reliability",
    redistributable=False,
    rights_note="no license stated; the labels are Media Bias/Fact Check's, whose terms govern their reuse: research use only",
)
GROUP = "news-media-reliability"
RATER = "Media Bias/Fact Check"
LICENSE = "no license stated by the corpus; Media Bias/Fact Check's terms govern its ratings (research use only)"
FIELDS = ("source_url", "source_url_normalized", "ref", "fact", "bias")
PAPERS = {"emnlp18": "Baly et al., EMNLP 2018", "acl2020": "Baly et al., ACL 2020"}
FACTUALITY = frozenset({"low", "mixed", "high"})
SEVEN_POINTS = {
    "extreme-left": "extreme-left",
    "left": "left",
    "left-center": "center-left",
    "center": "center",
    "right-center": "center-right",
    "right": "right",
    "extreme-right": "extreme-right",
}
THREE_POINTS = frozenset({"left", "center", "right"})
_DOMAIN = re.compile(r"([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Site:
    """One labelled site of one version: the corpus's key for it, its host and URL, and its ratings."""

    version: str
    key: str
    host: str
    url: str
    ratings: tuple[dict[str, Any], ...]

    @property
    def section(self) -> bool:
        """Whether the key names a section of the site (a path), not the whole site."""
        return self.key.lower() != self.host


@register("news-media-reliability")
def import_news_media_reliability(path: Path, ctx: Context) -> Iterator[Item]:
    """Outlets with MBFC's factuality and bias ratings, from every data/<version>/corpus.tsv of the folder."""
    files = sorted(path.glob("data/*/corpus.tsv"))
    if not files:
        yield problem("import.layout", "no data/<version>/corpus.tsv: not a News-Media-Reliability folder", file=str(path))
        return
    outlets = RatedOutlets(ctx.registry)
    for file in files:
        for site in read_version(file):
            if isinstance(site, Problem):
                yield site
            else:
                outlets.rate(registered(site, ctx.registry), draft(site), site.ratings)
    yield from outlets.items(GROUP)


def read_version(file: Path) -> Iterator[Site | Problem]:
    """The labelled sites of one version's corpus.tsv, and a problem for each row that cannot be read."""
    version = file.parent.name
    if version not in PAPERS:
        yield problem("import.skipped", f"version {version!r} is not one this importer knows ({', '.join(PAPERS)}): its bias scale is unknown", file=str(file))
        return
    try:
        with open_text(file) as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, restval="")
            missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
            if missing:
                yield problem("import.unreadable", f"no column {', '.join(missing)}: not a corpus.tsv of this corpus", file=str(file), line=1)
                return
            for row in reader:
                found = site_of(row, version)
                yield found if isinstance(found, Site) else problem("import.skipped", f"row skipped: {found}", file=str(file), line=reader.line_num)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        yield unreadable(error, file)


def site_of(row: dict[str, Any], version: str) -> Site | str:
    """The site a row labels, or why the row gives none."""
    url, key = _cell(row, "source_url"), _cell(row, "source_url_normalized")
    host = (domain_of(url) or "").lower() if url else ""
    if not key or not _DOMAIN.fullmatch(host):
        return f"no web domain in source_url {url!r}"
    fact, bias = _cell(row, "fact").lower(), _cell(row, "bias").lower()
    if fact not in FACTUALITY:
        return f"factuality label {fact!r} is not one of low, mixed, high"
    if bias not in (SEVEN_POINTS if version == "emnlp18" else THREE_POINTS):
        return f"bias label {bias!r} is not on the {version} scale"
    ref = _cell(row, "ref")
    source_url = ref if _URL.fullmatch(ref) else None
    return Site(version, key, host, url, (factuality(fact, version, source_url), leaning(bias, version, source_url)))


def factuality(label: str, version: str, source_url: str | None) -> dict[str, Any]:
    """MBFC's factuality label as a rating."""
    return _rating("mbfc_factuality", label, f"{version} ({PAPERS[version]}) factuality label {label!r}", source_url)


def leaning(label: str, version: str, source_url: str | None) -> dict[str, Any]:
    """MBFC's bias label as a rating: MBFC's seven points (emnlp18), or the authors' three points as scale 'other' (acl2020)."""
    if version == "emnlp18":
        return _rating("mbfc_bias", SEVEN_POINTS[label], f"emnlp18 ({PAPERS[version]}) bias label {label!r}", source_url)
    note = f"{version} ({PAPERS[version]}) bias label {label!r}, on the authors' three points (left, center, right), coarser than MBFC's seven"
    return _rating("other", label, note, source_url)


def _rating(scale: str, value: str, note: str, source_url: str | None) -> dict[str, Any]:
    rating = {"rater": RATER, "scale": scale, "value": value, "license": LICENSE}
    if source_url:
        rating["source_url"] = source_url
    return rating | {"provenance": CORPUS.provenance(f"{note}, read from MBFC by the corpus authors; the corpus does not date it")}


def registered(site: Site, registry: OutletRegistry) -> str | None:
    """The registry outlet a site rates: the one with exactly its domain, else a domainless one its key names; a part of a site, by its key only."""
    if site.section:
        return registry.find(name=site.key)
    if site.host in registry.by_domain:
        return registry.by_domain[site.host]
    named = registry.find(name=site.key)
    return named if named and not registry.outlets[named].get("domains") else None


def draft(site: Site) -> dict[str, Any]:
    """A new outlet for a site the registry does not have: named by its domain, or by its key for a section."""
    if site.section:
        note = f"a part of the site {site.host} that MBFC rates apart ({site.url}), named by the corpus's key"
        return {"type": "outlet", "name": site.key, "provenance": CORPUS.provenance(note)}
    note = "named by its domain: the corpus gives no outlet names"
    return {"type": "outlet", "name": site.host, "domains": [site.host], "provenance": CORPUS.provenance(note)}


def _cell(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""
