"""The dataset card (README.md) of a release: YAML front matter and the Hugging Face card sections, filled from the data.

The body comes from `cards/dataset_card.md`, a `string.Template` whose `$name` placeholders are filled here with
statistics computed from the records; those of its Comparisons section by the functions of `parallax tables`
(`toolkit.release.comparisons`). `info` carries what the records cannot say:

- `pretty_name`, `license` (a Hub license id; `other` by default, with `license_name` / `license_link` when given),
  `task_categories`, `version`, `repository`, `curators`, `contact`, `more_information`;
- `extraction_scores`: evaluation name -> scores as `toolkit.score.ClaimScores.to_dict()` gives them
  (`{"overall": {"gold": .., "predicted": .., "scores": {level: {"precision", "recall", "f1"}}}}`);
- `alignment_scores`: evaluation name -> `{"measure", "precision", "recall", "f1"}`, the error rates of the events and
  propositions `parallax align` makes (B-cubed of events, pairwise of propositions);
- `no_text`: True when the release leaves out every text.

Rendering reads no clock and sorts every table, so the same records and info give the same bytes. Every value taken
from the records or the info goes through `escape` (or `code`, `link`) before it reaches the Markdown, and into the
front matter only through the YAML dumper, so no outlet name, corpus name or note can add markup, HTML or a line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

from toolkit.release.comparisons import COMPARED_CONFIGS, comparison_values
from toolkit.release.markdown import Markdown, code, escape, link, table
from toolkit.release.parquet import card_yaml
from toolkit.tables import Records, from_records

TEMPLATE = resources.files("toolkit") / "cards" / "dataset_card.md"  # cards/ ships inside the package, like schemas/
UNKNOWN = Markdown("[More Information Needed]")  # the Hub template's placeholder, kept as Markdown
DEFAULT_TASKS = ["token-classification", "text-classification"]

#: Headings every card has (the Hugging Face card template's sections).
REQUIRED_SECTIONS = (
    "## Dataset Details",
    "### Dataset Description",
    "### Dataset Sources",
    "## Uses",
    "## Dataset Structure",
    "## Dataset Creation",
    "### Curation Rationale",
    "### Source Data",
    "### Annotations",
    "#### Personal and Sensitive Information",
    "## Bias, Risks, and Limitations",
    "### Recommendations",
    "## Citation",
    "## More Information",
)

#: BibTeX of each corpus, keyed by its name as records give it in `source.corpus.name`; taken from the corpus's ABOUT.md.
CITATIONS: dict[str, tuple[str, ...]] = {
    "allsides-neus": (
        """@inproceedings{lee2022neus,
  title = {NeuS: Neutral Multi-News Summarization for Mitigating Framing Bias},
  author = {Lee and others},
  booktitle = {NAACL},
  year = {2022}
}""",
    ),
    "allsides-ratings": (
        """@misc{allsider2019,
  title = {AllSideR},
  howpublished = {\\url{https://github.com/favstats/AllSideR}},
  note = {Commit 48ccaf4481a7c5af5664ea3467d314a7d67d516d, data update 2019-10-18; ratings: AllSides Media Bias Ratings},
  year = {2019}
}""",
    ),
    "article-bias-prediction": (
        """@inproceedings{baly2020detect,
  title = {We Can Detect Your Bias: Predicting the Political Ideology of News Articles},
  author = {Baly and {Da San Martino} and Glass and Nakov},
  booktitle = {EMNLP},
  year = {2020}
}""",
    ),
    "basil": (
        """@inproceedings{fan2019plain,
  title = {In Plain Sight: Media Bias Through the Lens of Factual Reporting},
  author = {Fan and others},
  booktitle = {EMNLP},
  year = {2019}
}""",
    ),
    "narrative-frames": (
        """@inproceedings{frermann2023conflicts,
  title = {Conflicts, Villains, Resolutions: Towards models of Narrative Media Framing},
  author = {Frermann and Li and Khanehzar and Mikolajczak},
  booktitle = {ACL},
  year = {2023}
}""",
    ),
    "news-media-reliability": (
        """@inproceedings{baly2018predicting,
  title = {Predicting Factuality of Reporting and Bias of News Media Sources},
  author = {Baly and others},
  booktitle = {EMNLP},
  year = {2018}
}""",
        """@inproceedings{baly2020written,
  title = {What Was Written vs. Who Read It},
  author = {Baly and others},
  booktitle = {ACL},
  year = {2020}
}""",
    ),
    "pac": (
        """@inproceedings{zou2023crossing,
  title = {Crossing the Aisle: Unveiling Partisan and Counter-Partisan Events in News Reporting},
  author = {Zou and others},
  booktitle = {Findings of EMNLP},
  year = {2023}
}""",
    ),
    "polnear": (
        """@inproceedings{newell2018attribution,
  title = {An attribution relations corpus for political news},
  author = {Newell and Margolin and Ruths},
  booktitle = {LREC},
  year = {2018}
}""",
    ),
}

#: The registry's provenance note names the corpora an outlet's names and domains come from (maintainer.registry).
_REGISTRY_CORPORA = re.compile(r"(?:as the corpora give them|names and domains from the corpora): ([a-z0-9, -]+)$")
NO_CORPUS = "(none: converted by parallax)"
MAX_OUTLET_ROWS = 50


#: What the card reads of an article (its text is never needed).
ARTICLE_KEYS = ("id", "outlet_id", "outlet_name", "language", "source", "rights")


class CardStats:
    """What the card says about the records, gathered one record at a time: claims are counted, not kept."""

    def __init__(self) -> None:
        self.outlets: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []
        self.claim_places: Counter[tuple[Any, Any, Any]] = Counter()  # (article_id, outlet_id, outlet_name) of claims
        self.kinds: Counter[str] = Counter()
        self.verb_classes: Counter[str] = Counter()
        self.claim_methods: Counter[str] = Counter()
        self.framing: Counter[tuple[str, str, str]] = Counter()
        self.framing_methods: Counter[tuple[str, str]] = Counter()
        self.corpora: set[str] = set()

    def add(self, config: str, record: dict[str, Any]) -> None:
        """Count one record of a config."""
        corpus = (record.get("source") or {}).get("corpus") or {}
        if corpus.get("name"):
            self.corpora.add(str(corpus["name"]))
        if config == "outlets":
            self.outlets.append(record)
        elif config == "articles":
            self.articles.append({k: record[k] for k in ARTICLE_KEYS if k in record})
            self._labels("article", record)
        elif config == "claims":
            self.claim_places[(record.get("article_id", ""), record.get("outlet_id"), record.get("outlet_name"))] += 1
            self.kinds[str(record.get("kind"))] += 1
            self.verb_classes[str((record.get("cue") or {}).get("verb_class", "(unclassified)"))] += 1
            self.claim_methods[str(record.get("provenance", {}).get("method", "(none)"))] += 1
            self._labels("claim", record)

    def _labels(self, on: str, record: dict[str, Any]) -> None:
        for label in record.get("framing") or ():
            self.framing[(str(label["scheme"]), str(label["label"]), on)] += 1
            self.framing_methods[(str(label["scheme"]), str((label.get("provenance") or {}).get("method", "(none)")))] += 1

    def render(self, counts: dict[str, int], info: dict[str, Any], shards: dict[str, str] | None = None, *, compared: Records) -> str:
        """The README.md of a release: YAML front matter (card metadata, configs, features) and the filled card template.

        `shards` names each config's Parquet file (see `toolkit.release.parquet.card_yaml`); `compared` holds the
        release's records as `toolkit.tables` reads them, for the Comparisons section.
        """
        articles, outlets = self.articles, self.outlets
        languages = sorted({str(a["language"]).split("-")[0].lower() for a in articles if a.get("language")})
        front: dict[str, Any] = {"pretty_name": info.get("pretty_name", "Parallax"), "license": info.get("license", "other")}
        for key in ("license_name", "license_link"):
            if key in info:
                front[key] = info[key]
        if languages:
            front["language"] = languages
        front["task_categories"] = list(info.get("task_categories", DEFAULT_TASKS))
        front["size_categories"] = [size_category(max(counts.values(), default=0))]
        front |= card_yaml(counts, shards)
        corpora = sorted(self.corpora | set(registry_corpora(outlets)))
        values = {
            "front_matter": yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000),
            "pretty_name": escape(front["pretty_name"]),
            "curators": escape(info.get("curators", UNKNOWN)),
            "languages": escape(", ".join(languages) or UNKNOWN),
            "license": escape(info.get("license_name", front["license"])),
            "version": escape(info.get("version", UNKNOWN)),
            "repository": link(info.get("repository") or info.get("url"), UNKNOWN),
            "corpus_names": escape(", ".join(corpora) or "none"),
            "load_lines": "\n".join(f'- {code(c)} ({n} rows): `datasets.load_dataset("<this folder>", "{c}")`' for c, n in counts.items()),
            "configs_table": table(["config", "rows"], [[code(c), n] for c, n in counts.items()]),
            "outlets_table": outlets_table(articles, self.claim_places, outlets),
            "corpora_table": corpora_table(articles, self.claim_places),
            "kinds_table": counted("kind", self.kinds, "claims"),
            "verb_classes_table": counted("verb class", self.verb_classes, "claims"),
            "framing_table": framing_table(self.framing),
            "sources_table": sources_table(articles),
            "registry_corpora": escape(", ".join(registry_corpora(outlets)) or "none (no outlet record names a corpus)"),
            "claim_methods_table": counted("provenance", self.claim_methods, "claims"),
            "framing_methods_table": framing_methods_table(self.framing_methods),
            "ratings_table": ratings_table(outlets),
            "rights_summary": rights_summary(articles, bool(info.get("no_text"))),
            "rights_table": rights_table(articles),
            "extraction_scores": extraction_table(info.get("extraction_scores") or {}),
            "alignment_scores": alignment_table(info.get("alignment_scores") or {}),
            "citations": citations(corpora),
            "more_information": escape(info.get("more_information", UNKNOWN)),
            "contact": escape(info.get("contact", UNKNOWN)),
        } | comparison_values(compared)
        filled = {k: str(v) for k, v in values.items()}
        if info.get("card_template"):  # a project's own template may name placeholders of its own: they stay as written
            return Template(Path(str(info["card_template"])).read_text(encoding="utf-8")).safe_substitute(filled)
        return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(filled)


def render_card(records: Mapping[str, Iterable[dict[str, Any]]], counts: dict[str, int], info: dict[str, Any]) -> str:
    """The README.md of a release from its records by config (see CardStats.render)."""
    held = {config: list(items) for config, items in records.items()}
    stats = CardStats()
    for config, items in held.items():
        for record in items:
            stats.add(config, record)
    compared = {c: items for c, items in held.items() if c in COMPARED_CONFIGS} if held.get("comparisons") else {}  # nothing compared: nothing to type
    return stats.render(counts, info, compared=from_records(compared))


def size_category(rows: int) -> str:
    """The Hugging Face size category of a number of rows (its bins from `datasets`: n<1K, 1K<n<10K, ..., n>1T)."""
    bins = [b for b in json.loads(resources.files("datasets.utils.resources").joinpath("size_categories.json").read_text()) if b != "unknown"]
    return str(bins[min(max(len(str(max(rows, 0))) - 3, 0), len(bins) - 1)])


def registry_corpora(outlets: Iterable[dict[str, Any]]) -> list[str]:
    """The corpora whose outlet names and domains the registry's outlet records state they were built from."""
    found: set[str] = set()
    for outlet in outlets:
        named = _REGISTRY_CORPORA.search(str((outlet.get("provenance") or {}).get("note", "")))
        if named:
            found.update(name.strip() for name in named.group(1).split(",") if name.strip())
    return sorted(found)


def citations(corpora: list[str]) -> str:
    """The BibTeX of the corpora in one block, and the names of any corpus without a known citation."""
    known = [entry for name in corpora for entry in CITATIONS.get(name, ())]
    unknown = [name for name in corpora if name not in CITATIONS]
    text = "```bibtex\n" + "\n\n".join(known) + "\n```" if known else "The release contains no records from a published corpus."
    if unknown:
        text += "\n\nNo citation is on file for: " + ", ".join(escape(name) for name in unknown) + "."
    return text


def ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    """Counts, the largest first, ties by key."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def counted(what: str, counter: Counter[str], unit: str) -> str:
    """A two-column table of counts, with the share of each."""
    total = sum(counter.values())
    return table([what, unit, "share"], [[key, n, f"{n / total:.1%}"] for key, n in ranked(counter)])


def outlets_table(articles: list[dict[str, Any]], claims: Counter[tuple[Any, Any, Any]], outlets: list[dict[str, Any]]) -> str:
    """Articles and claims per outlet, the outlets with most articles first (at most MAX_OUTLET_ROWS rows, the rest summed)."""
    names = {o["id"]: o.get("name", o["id"]) for o in outlets}

    def key(record: dict[str, Any]) -> Markdown:
        outlet = record.get("outlet_id")
        if outlet:
            return Markdown(f"{escape(names.get(outlet, outlet))} ({code(outlet)})")
        return Markdown(f"{escape(record['outlet_name'])} (not in the registry)" if record.get("outlet_name") else "(unknown)")

    by_article = Counter(key(a) for a in articles)
    article_outlet = {a["id"]: key(a) for a in articles}
    by_claim: Counter[Markdown] = Counter()
    for (article_id, outlet_id, outlet_name), n in claims.items():
        by_claim[article_outlet.get(article_id, key({"outlet_id": outlet_id, "outlet_name": outlet_name}))] += n
    order = sorted(set(by_article) | set(by_claim), key=lambda k: (-by_article[k], -by_claim[k], k))
    rows: list[list[Any]] = [[k, by_article[k], by_claim[k]] for k in order[:MAX_OUTLET_ROWS]]
    rest = order[MAX_OUTLET_ROWS:]
    if rest:
        rows.append([f"{len(rest)} other outlets", sum(by_article[k] for k in rest), sum(by_claim[k] for k in rest)])
    return table(["outlet", "articles", "claims"], rows)


def _corpus(article: dict[str, Any]) -> str:
    return str(((article.get("source") or {}).get("corpus") or {}).get("name", NO_CORPUS))


def corpora_table(articles: list[dict[str, Any]], claims: Counter[tuple[Any, Any, Any]]) -> str:
    """Articles and claims per corpus (source.corpus.name); claims counted by (article_id, outlet_id, outlet_name)."""
    by_article = Counter(_corpus(a) for a in articles)
    article_corpus = {a["id"]: _corpus(a) for a in articles}
    by_claim: Counter[str] = Counter()
    for (article_id, _, _), n in claims.items():
        by_claim[article_corpus.get(article_id, "(article not in the release)")] += n
    order = sorted(set(by_article) | set(by_claim), key=lambda k: (-by_article[k], -by_claim[k], k))
    return table(["corpus", "articles", "claims"], [[k, by_article[k], by_claim[k]] for k in order])


def sources_table(articles: list[dict[str, Any]]) -> str:
    """The corpora of the articles with the version, license and address their records give."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for article in articles:
        corpus = (article.get("source") or {}).get("corpus")
        if corpus:
            seen[(str(corpus["name"]), str(corpus.get("version", "")), str(corpus.get("license", "")), link(corpus.get("url")))] += 1
        else:
            seen[(NO_CORPUS, "", "", "")] += 1
    return table(["corpus", "version", "license", "url", "articles"], [[*k, n] for k, n in sorted(seen.items())])


def framing_table(found: Counter[tuple[str, str, str]]) -> str:
    """Framing labels by scheme, label and the record they are on."""
    rows = sorted(found.items(), key=lambda item: (item[0][0], -item[1], item[0][1], item[0][2]))
    return table(["scheme", "label", "on", "labels"], [[*k, n] for k, n in rows])


def framing_methods_table(found: Counter[tuple[str, str]]) -> str:
    """Framing labels by scheme and provenance method."""
    return table(["scheme", "provenance", "labels"], [[*k, n] for k, n in sorted(found.items())])


def ratings_table(outlets: list[dict[str, Any]]) -> str:
    """Outlet ratings by rater and scale: how many outlets each rater rated."""
    found: Counter[tuple[str, str]] = Counter()
    for outlet in outlets:
        found.update({(str(r["rater"]), str(r["scale"])) for r in outlet.get("ratings") or ()})
    return table(["rater", "scale", "outlets rated"], [[*k, n] for k, n in sorted(found.items())])


def rights_summary(articles: list[dict[str, Any]], no_text: bool) -> str:
    """How many article texts the release carries and how many it leaves out."""
    free = sum(1 for a in articles if (a.get("rights") or {}).get("redistributable") is True)
    kept = 0 if no_text else free
    dropped = len(articles) - kept
    why = "this release was built without text" if no_text else "their text may not be redistributed"
    return (
        f"Of {len(articles)} articles, {free} may be redistributed. {kept} are released with their text and {dropped} without it "
        f"({why}): their offsets, hashes, lengths and URLs are kept, and `parallax hydrate` restores the text from a user's own copy."
    )


def rights_table(articles: list[dict[str, Any]]) -> str:
    """Articles by whether their text may be redistributed, with the rights note."""
    found = Counter(("yes" if (a.get("rights") or {}).get("redistributable") else "no", str((a.get("rights") or {}).get("note", ""))) for a in articles)
    rows = sorted(found.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
    return table(["redistributable", "note", "articles"], [[*k, n] for k, n in rows])


def alignment_table(scores: Mapping[str, Any]) -> str:
    """Event and proposition alignment scores as measured, per evaluation, with the miss and spurious rates."""
    rows: list[list[Any]] = []
    for name in sorted(scores):
        s = scores[name]
        p, r, f = float(s["precision"]), float(s["recall"]), float(s["f1"])
        rows.append([name, s.get("measure", ""), *(f"{value:.3f}" for value in (p, r, f, 1 - r, 1 - p))])
    if not rows:
        return "No alignment scores were measured for this release; treat events and alignments not marked `human` as unverified."
    return table(["evaluation", "measure", "precision", "recall", "F1", "missed (1 - recall)", "spurious (1 - precision)"], rows)


def extraction_table(scores: Mapping[str, Any]) -> str:
    """Claim extraction scores as measured, per evaluation and level, with the miss and spurious rates."""
    rows: list[list[Any]] = []
    for name in sorted(scores):
        overall = scores[name].get("overall", scores[name])
        for level, s in sorted(overall["scores"].items()):
            p, r, f = float(s["precision"]), float(s["recall"]), float(s["f1"])
            rates = [f"{value:.3f}" for value in (p, r, f, 1 - r, 1 - p)]
            rows.append([name, level, *rates, overall.get("gold", ""), overall.get("predicted", "")])
    if not rows:
        return "No extraction scores were measured for this release; treat claims not marked `human` as unverified."
    return table(["evaluation", "level", "precision", "recall", "F1", "missed (1 - recall)", "spurious (1 - precision)", "gold", "predicted"], rows)
