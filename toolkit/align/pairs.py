"""Candidate pairs of articles and what tells whether a pair reports one event.

Candidates come from blocking, never from all pairs: an article's highest-weighted terms held by few articles are its
keys, the articles sharing keys are scored by the weight of the keys they share, and an article keeps its best few by
that score; of those, by exact cosine, it keeps its nearest `neighbours`; and each dated article keeps its nearest in
meaning among the articles of a few days around it (`meaning_neighbours`). A pair is a candidate when one of its two
articles keeps the other. Each candidate pair gets the features in FEATURES, among them the cosine of the two articles'
embeddings (toolkit.align.meaning); a logistic model over them (weights fitted on labelled pairs with `fit`) gives the
log-odds that the two articles report the same event. Some features measure a pair against its articles' other
candidates (background, ranks); in a crowd of reports of one story they sink, so a second model reads only the pair
itself (ABSOLUTE), and the pair counts at the better of the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse

from toolkit.align.features import Ints, Matrix, Profiles
from toolkit.align.meaning import Vectors

Floats = npt.NDArray[np.float64]
FEATURES = (
    "body",  # cosine of headline and text
    "headline",  # cosine of the headlines
    "names",  # cosine of the capitalized names
    "numbers",  # cosine of the numbers
    "background",  # body cosine less the mean of both articles' mean cosine to their nearest candidates
    "rank_near",  # log(1 + rank) of the pair in the list of the article that ranks it higher
    "rank_far",  # the same in the other article's list
    "dated",  # 1 when both days are known
    "days_apart",  # log(1 + days between them) when both are known
    "far_apart",  # 1 when both are known and further apart than the grace
    "weekday_shared",  # both name a weekday near the top, and one in common
    "weekday_conflict",  # both name weekdays near the top, none in common
    "same_outlet",  # 1 when one outlet published both
    "meaning",  # cosine of the two articles' embeddings (toolkit.align.meaning)
    "meaning_background",  # that cosine less the mean of both articles' mean embedding cosine to their nearest candidates
)
ABSOLUTE = tuple(name for name in FEATURES if name not in ("background", "rank_near", "rank_far", "meaning_background"))  # the pair alone, not its neighbours
STANDOUT = ("score", "margin_low", "margin_high")  # the second model's features: see `standout`
_CHUNK = 1 << 14  # pairs whose dot products are taken at once
_BLOCK = 1 << 12  # articles whose shared keys are counted at once
_PRODUCTS = 1 << 24  # dot products of embeddings taken at once (64 MB of float32)


def _rows(matrix: Matrix) -> Ints:
    """The row of every stored entry of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def _top_per_row(rows: Ints, values: Floats, k: int) -> npt.NDArray[np.bool_]:
    """Mask of the k largest values of each row, of entries given in order of row and then of their tie-breaker."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high > low else np.zeros(len(values))
    order = np.argsort(rows + (1 - scaled) * 0.5, kind="stable")  # by row, then value down; stable keeps the given order of ties
    starts = np.searchsorted(rows[order], rows[order], side="left")
    keep = np.zeros(len(rows), dtype=bool)
    keep[order[np.arange(len(order)) - starts < k]] = True
    return keep


def _in_order(first: Ints, second: Ints, values: Floats) -> tuple[Ints, Ints, Floats]:
    """The pairs and their values sorted by first, then second."""
    order = np.lexsort((second, first))
    return first[order], second[order], values[order]


def keys(body: Matrix, per_article: int, max_block: int) -> Matrix:
    """The body matrix reduced to each article's keys: its highest-weighted terms held by two articles or more, but by at most max_block as keys."""
    body.sort_indices()  # entries in order of row, then column, as _top_per_row takes them
    held = np.bincount(body.indices, minlength=body.shape[1])[body.indices] >= 2
    rows, columns, weights = _rows(body)[held], body.indices[held], body.data[held]
    keep = _top_per_row(rows, weights.astype(np.float64), per_article)
    rows, columns, weights = rows[keep], columns[keep], weights[keep]
    block = np.bincount(columns, minlength=body.shape[1])[columns] <= max_block  # a term keyed that often blocks too many pairs to help
    return sparse.csr_matrix((weights[block], (rows[block], columns[block])), shape=body.shape)


def cosines(matrix: Matrix, first: Ints, second: Ints) -> Floats:
    """Dot products of the rows first[n] and second[n], in chunks so memory stays bounded."""
    found = np.zeros(len(first))
    for start in range(0, len(first), _CHUNK):
        a, b = first[start : start + _CHUNK], second[start : start + _CHUNK]
        found[start : start + len(a)] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return found


def _directed(first: Ints, second: Ints, values: Floats) -> tuple[Ints, Ints, Floats]:
    """Each pair in both directions."""
    return np.concatenate([first, second]), np.concatenate([second, first]), np.concatenate([values, values])


def _undirected(first: Ints, second: Ints) -> tuple[Ints, Ints]:
    """Distinct pairs (i < j) of directed ones, in order."""
    low, high = np.minimum(first, second), np.maximum(first, second)
    size = int(high.max(initial=0)) + 1
    codes = np.unique(low * size + high)
    return codes // size, codes % size


def _shortlist(key: Matrix, shortlist: int) -> tuple[Ints, Ints]:
    """Each article's `shortlist` best other articles by shared key weight, a block of rows at a time so memory stays bounded."""
    first, second = [], []
    transposed = sparse.csr_matrix(key.T)
    for start in range(0, key.shape[0], _BLOCK):
        shared = sparse.csr_matrix(key[start : start + _BLOCK] @ transposed)
        shared.sort_indices()
        rows, columns = _rows(shared) + start, shared.indices.astype(np.int64)
        other = rows != columns
        listed = _top_per_row(rows[other], shared.data[other].astype(np.float64), shortlist)
        first.append(rows[other][listed])
        second.append(columns[other][listed])
    return np.concatenate(first or [np.zeros(0, np.int64)]), np.concatenate(second or [np.zeros(0, np.int64)])


def dense_cosines(vectors: Vectors, first: Ints, second: Ints) -> Floats:
    """Dot products of the dense rows first[n] and second[n], in chunks so memory stays bounded."""
    found = np.zeros(len(first))
    for start in range(0, len(first), _CHUNK):
        a, b = first[start : start + _CHUNK], second[start : start + _CHUNK]
        found[start : start + len(a)] = np.einsum("ij,ij->i", vectors[a], vectors[b], dtype=np.float64)
    return found


def candidates(
    body: Matrix, per_article: int, max_block: int, shortlist: int, neighbours: int, more: tuple[Ints, Ints] | None = None
) -> tuple[Ints, Ints, Floats]:
    """Candidate pairs (i < j) with their body cosine: each article's `neighbours` nearest of its `shortlist` best by
    shared keys, and the pairs `more` (first and second indexes, found otherwise) as well."""
    first, second = _undirected(*_shortlist(keys(body, per_article, max_block), shortlist))
    source, target, value = _in_order(*_directed(first, second, cosines(body, first, second)))
    near = _top_per_row(source, value, neighbours)
    first, second = source[near], target[near]
    if more is not None:
        first, second = np.concatenate([first, more[0]]), np.concatenate([second, more[1]])
    first, second = _undirected(first, second)
    return first, second, cosines(body, first, second)


def meaning_neighbours(days: Ints, vectors: Vectors, window: int, k: int) -> tuple[Ints, Ints]:
    """Pairs (i < j) in which one dated article keeps another as one of its k nearest in meaning among the articles
    published at most `window` days from it. Blocking on rare terms misses reports of a crowded story that share no
    rare term the crowd does not share too; this finds them. The cost grows with the articles of each window, not with
    the square of all of them."""
    dated = np.flatnonzero(days >= 0)
    if k <= 0 or len(dated) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = dated[np.argsort(days[dated], kind="stable")]
    ordered_days = days[order]
    first, second = [], []
    for value in np.unique(ordered_days):
        low, high = np.searchsorted(ordered_days, [value - window, value + window + 1])
        others = order[low:high]
        keep = min(k, len(others) - 1)
        if keep <= 0:
            continue
        rows = order[np.searchsorted(ordered_days, value) : np.searchsorted(ordered_days, value + 1)]
        step = max(1, _PRODUCTS // len(others))
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            likeness = vectors[chunk] @ vectors[others].T
            likeness[chunk[:, None] == others[None, :]] = -np.inf  # an article is not its own neighbour
            nearest = np.argpartition(-likeness, keep - 1, axis=1)[:, :keep]
            first.append(np.repeat(chunk, keep))
            second.append(others[nearest].ravel())
    if not first:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return _undirected(np.concatenate(first).astype(np.int64), np.concatenate(second).astype(np.int64))


def floors(first: Ints, second: Ints, scores: Floats, size: int, full: int, absent: float) -> Floats:
    """Per article, the score of its `full`-th best candidate, or `absent` when it has fewer.

    An article whose `full` best candidates all score well sits in a crowd: a pair it had no room for is one more
    member of that crowd as likely as not, so linkage counts it at the lower of the two articles' floors rather than as
    evidence against (toolkit.align.linkage). An article with room to spare, or with weak candidates among its best,
    changes nothing."""
    source, target, value = _directed(first, second, scores)
    chosen = _positions(source, target, value) == full - 1
    found = np.full(size, absent)
    found[source[chosen]] = np.maximum(value[chosen], absent)
    return found


def _positions(source: Ints, target: Ints, value: Floats) -> Ints:
    """Position of each directed pair in its source's list, best value first (ties: smaller target first)."""
    order = np.lexsort((target, -value, source))
    starts = np.searchsorted(source[order], source[order], side="left")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order)) - starts
    return position


def _ranks(first: Ints, second: Ints, values: Floats) -> tuple[Ints, Ints, Floats]:
    """Rank of second[n] in first[n]'s list and of first[n] in second[n]'s (0: nearest), and the values in both directions."""
    source, target, value = _directed(first, second, values)
    rank = _positions(source, target, value)
    return rank[: len(first)], rank[len(first) :], value


def _background(first: Ints, second: Ints, values: Floats, size: int, k: int) -> Floats:
    """Each article's mean cosine to its k nearest candidates (missing ones count as 0)."""
    forward, backward, value = _ranks(first, second, values)
    source = np.concatenate([first, second])
    top = np.concatenate([forward, backward]) < k
    return np.bincount(source[top], weights=value[top], minlength=size) / max(k, 1)


def features(profiles: Profiles, first: Ints, second: Ints, body: Floats, hub_k: int, grace_days: int, scale_days: float, vectors: Vectors) -> Floats:
    """The FEATURES of each candidate pair, one row per pair."""
    size = len(profiles.days)
    forward, backward, _ = _ranks(first, second, body)
    background = _background(first, second, body, size, hub_k)
    days_a, days_b = profiles.days[first], profiles.days[second]
    dated = (days_a >= 0) & (days_b >= 0)
    apart = np.where(dated, np.abs(days_a - days_b), 0)
    decay = np.exp(-np.maximum(apart - grace_days, 0) / scale_days)  # so that no likeness of text joins reports years apart
    marks_a, marks_b = profiles.weekdays[first], profiles.weekdays[second]
    both_marked = (marks_a > 0) & (marks_b > 0)
    shared = (marks_a & marks_b) > 0
    likeness = [body, *(cosines(matrix, first, second) for matrix in (profiles.headline, profiles.names, profiles.numbers))]
    columns = [
        *(column * decay for column in likeness),
        (body - (background[first] + background[second]) / 2) * decay,
        np.log1p(np.minimum(forward, backward)),
        np.log1p(np.maximum(forward, backward)),
        dated,
        np.log1p(apart),
        apart > grace_days,
        shared,
        both_marked & ~shared,
        profiles.outlets[first] == profiles.outlets[second],
    ]
    meaning = dense_cosines(vectors, first, second)
    around = _background(first, second, meaning, size, hub_k)
    columns += [meaning * decay, (meaning - (around[first] + around[second]) / 2) * decay]
    return np.column_stack([np.asarray(column, dtype=np.float64) for column in columns])


def standout(first: Ints, second: Ints, scores: Floats, outlets: Ints, rank: int, missing: float) -> Floats:
    """Rows (score, smaller margin, larger margin): the margins of a pair's score over each article's rival, its candidate of that rank."""
    # ranks (0: best) count candidates of other outlets only; `missing` stands in for a rival an article lacks. The idea of
    # `background`, on the model's scores: a pair counts for more when it stands out among each article's candidates.
    other = outlets[first] != outlets[second]
    source, target, value = _directed(first[other], second[other], scores[other])
    chosen = _positions(source, target, value) == rank
    rival = np.full(len(outlets), missing)
    rival[source[chosen]] = value[chosen]
    margins = np.column_stack([scores - rival[first], scores - rival[second]])
    return np.column_stack([scores, margins.min(axis=1), margins.max(axis=1)])


def absolute(table: Floats) -> Floats:
    """The columns of a FEATURES table that the ABSOLUTE model reads."""
    return table[:, [FEATURES.index(name) for name in ABSOLUTE]]


def log_odds(table: Floats, weights: Sequence[float]) -> Floats:
    """The model's log-odds per row: weights[0] is the intercept, the rest go with the table's columns in order."""
    return np.asarray(weights[0] + table @ np.asarray(weights[1:], dtype=np.float64), dtype=np.float64)


def fit(table: Floats, labels: npt.NDArray[np.bool_], l2: float = 1e-3, rounds: int = 50) -> list[float]:
    """Logistic-regression weights (intercept first) for the rows of table, by Newton steps on standardized features."""
    mean, scale = table.mean(axis=0), table.std(axis=0) + 1e-9
    design = np.column_stack([np.ones(len(table)), (table - mean) / scale])
    penalty = l2 * len(table) * np.diag(np.r_[0.0, np.ones(table.shape[1])])
    weights = np.zeros(design.shape[1])
    target = labels.astype(np.float64)
    for _ in range(rounds):
        chance = 1 / (1 + np.exp(-(design @ weights)))
        gradient = design.T @ (chance - target) + penalty @ weights
        hessian = (design * (chance * (1 - chance))[:, None]).T @ design + penalty
        weights -= np.linalg.solve(hessian, gradient)
    raw = weights[1:] / scale
    return [float(weights[0] - (weights[1:] * mean / scale).sum()), *(float(w) for w in raw)]
