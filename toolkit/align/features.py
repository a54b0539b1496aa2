"""What event grouping reads from an article: TF-IDF matrices of its words, headline, names and numbers, its day, its weekdays.

Every matrix has one row per article, L2-normalized TF-IDF (sublinear term frequency, smoothed idf), so the dot product
of two rows is their cosine. Names are runs of two or more capitalized words (a cheap stand-in for named entities and
actors); numbers are digit groups of two or more characters, commas dropped. The day is the publication date, else a
date written in the URL's path; weekdays are those named near the top of the article ("on Tuesday"), which reports of
one event tend to share.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse

Matrix: TypeAlias = Any  # a scipy.sparse CSR matrix (scipy ships no type hints)
Ints = npt.NDArray[np.int64]

_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does
    doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over own said same says she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves would also new one two year years told say like get according mr ms mrs""".split()
)
_NAME = re.compile(r"[A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+)+")
_NAME_LEAD = frozenset("a an the but and or as in on at for if when while after before this that these those his her their our its".split())
_NUMBER = re.compile(r"\d[\d,.]*\d")
_TERMS: dict[str, str] = {}  # word -> token, a cache: most words of a corpus repeat
_TERMS_KEPT = 1 << 18
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {name: n for n, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_URL_DATES = (
    re.compile(r"(?<![0-9])(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d|[a-z]{3,9})[/_-](?P<d>[0-3]?\d)(?![0-9])"),
    re.compile(r"(?<![0-9])(?P<m>[01]\d)[_-](?P<d>[0-3]\d)[_-](?P<y>(?:19|20)\d\d)(?![0-9])"),
    re.compile(r"(?<![0-9])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![0-9])"),
)


@dataclass(frozen=True)
class Profiles:
    """The features of a list of articles, row n of each matrix and entry n of each array being article n."""

    body: Matrix  # headline (weighted) and text
    headline: Matrix
    names: Matrix
    numbers: Matrix
    days: Ints  # proleptic ordinal of the day, -1 when unknown
    weekdays: Ints  # bit n set when weekday n is named near the top
    outlets: Ints  # outlet code, a distinct negative number when unknown


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, numbers of one digit or plural s."""
    folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).encode("ascii", "ignore").decode("ascii").lower()
    if len(_TERMS) > _TERMS_KEPT:
        _TERMS.clear()
    words = _WORD.findall(folded)
    for word in set(words):
        if word not in _TERMS:
            _TERMS[word] = _term(word)
    return [term for term in map(_TERMS.__getitem__, words) if term]


def _term(word: str) -> str:
    """The token a word stands for, or "" for none."""
    word = word.strip("'").split("'")[0]
    if word in _STOP or len(word) < 2:
        return ""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def names(text: str) -> list[str]:
    """Runs of two or more capitalized words, lower-cased, without a leading article or conjunction."""
    found = []
    for match in _NAME.finditer(text):
        words = match.group(0).replace("’", "'").lower().split()
        while words and words[0] in _NAME_LEAD:
            words.pop(0)
        if len(words) >= 2:
            found.append(" ".join(word.strip(".'") for word in words))
    return found


def numbers(text: str) -> list[str]:
    """Digit groups of two or more characters, without thousands separators or a final point."""
    return [match.group(0).replace(",", "").rstrip(".") for match in _NUMBER.finditer(text)]


def day(published: Any, url: Any = None) -> int:
    """The ordinal of the publication day, else of a date in the URL's path; -1 when neither gives one."""
    if isinstance(published, str) and len(published) >= 10:
        try:
            return date.fromisoformat(published[:10]).toordinal()
        except ValueError:
            pass
    return url_day(url) if isinstance(url, str) else -1


def url_day(url: str) -> int:
    """The ordinal of a date written in a URL's path (2021/06/04, 2021/jun/04, 2021-06-04, 06-04-2021, 20210604), else -1."""
    path = url.split("://", 1)[-1].partition("/")[2].lower()
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            month = match.group("m")
            number = int(month) if month.isdigit() else _MONTHS.get(month[:3], 0)
            try:
                return date(int(match.group("y")), number, int(match.group("d"))).toordinal()
            except ValueError:
                continue
    return -1


def weekdays(text: str) -> int:
    """Bit mask of the weekdays a text names."""
    lower = text.lower()
    return sum(1 << n for n, name in enumerate(_WEEKDAYS) if name in lower)


class TermRows:
    """Rows of term counts added one document at a time, made into a TF-IDF matrix at the end."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.indptr, self.indices, self.counts = array("q", [0]), array("q"), array("f")

    def add(self, doc: Iterable[str]) -> None:
        """Count the terms of one more document."""
        counts, vocabulary = Counter(doc), self.vocabulary
        for term in counts:  # in order of first appearance, so the same articles give the same columns
            if term not in vocabulary:
                vocabulary[term] = len(vocabulary)
        self.indices.extend(map(vocabulary.__getitem__, counts))
        self.counts.extend(counts.values())
        self.indptr.append(len(self.indices))

    def matrix(self) -> Matrix:
        """L2-normalized TF-IDF rows (sublinear tf, smoothed idf); columns in order of first appearance."""
        rows = len(self.indptr) - 1
        columns = np.array(self.indices, dtype=np.int64)
        idf = np.log((1 + rows) / (1 + np.bincount(columns, minlength=len(self.vocabulary)))) + 1
        data = ((1 + np.log(np.array(self.counts, dtype=np.float32))) * idf[columns]).astype(np.float32)
        matrix = sparse.csr_matrix((data, columns, np.array(self.indptr, dtype=np.int64)), shape=(rows, max(1, len(self.vocabulary))))
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags((1 / norms).astype(np.float32)) @ matrix)


def tfidf(docs: Iterable[Iterable[str]]) -> Matrix:
    """L2-normalized TF-IDF rows of token lists."""
    rows = TermRows()
    for doc in docs:
        rows.add(doc)
    return rows.matrix()


def outlet_codes(articles: list[dict[str, Any]]) -> Ints:
    """A code per article, equal for articles of one outlet; an article of unknown outlet gets a negative code of its own."""
    codes: dict[str, int] = {}
    found = []
    for n, article in enumerate(articles):
        outlet = article.get("outlet_id")
        found.append(codes.setdefault(str(outlet), len(codes)) if outlet else -1 - n)
    return np.array(found, dtype=np.int64)


def profiles(articles: list[dict[str, Any]], headline_weight: int, top_chars: int) -> Profiles:
    """The features of every article (a missing headline or text counts as empty), reading each text once."""
    body, headline, named, counted = TermRows(), TermRows(), TermRows(), TermRows()
    days, marks = [], []
    for article in articles:
        head, text = str(article.get("headline") or ""), str(article.get("text") or "")
        head_words, full = tokens(head), f"{head}\n{text}"
        body.add(head_words * headline_weight + tokens(text))
        headline.add(head_words)
        named.add(names(full))
        counted.add(numbers(full))
        days.append(day(article.get("published"), article.get("url")))
        marks.append(weekdays(full[:top_chars]))
    return Profiles(
        body=body.matrix(),
        headline=headline.matrix(),
        names=named.matrix(),
        numbers=counted.matrix(),
        days=np.array(days, dtype=np.int64),
        weekdays=np.array(marks, dtype=np.int64),
        outlets=outlet_codes(articles),
    )
