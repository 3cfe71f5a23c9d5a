"""Ranked search over the Whoosh index: BM25F across weighted fields, glossary synonyms, typo correction.

Whoosh keeps the index and gives each term's BM25F score in each document; the scores are added up
here, one term's postings at a time. Whoosh's own tree of matchers makes several Python calls per
document per term, which took 240 ms a query at 3,000 entries (issue #7). The sums are the ones
Whoosh's union and intersection matchers make:

- a word scores the sum of its fields' scores, each times the field's weight (`FIELD_WEIGHTS`);
- the query's words are added up, with Whoosh's coordination ("SQR") bonus for entries that match
  more of the query's terms, counted over all of the query's terms in the index (Whoosh recounted
  them as its posting lists ran out, so its scores depended on the order of the documents);
- each glossary alternative of the query ("CCE" for "child criminal exploitation") adds its own sum
  in entries that contain every one of its words;
- when nothing matches, the fallback scores a word in a field as its best-scoring spelling within
  two edits;
- an entry whose title is the query, case and punctuation aside (`title_key`), comes first (issue #14).
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from dataclasses import asdict, dataclass, field

from whoosh import query as q
from whoosh.analysis import StemmingAnalyzer
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from ..content_model import KINDS_BY_NAME
from ..model import Source, StatusClaim
from .documents import title_key
from .index import FIELD_WEIGHTS, SearchIndex
from .synonyms import query_alternatives

COORDINATION = 0.9  # an entry matching more of the query's words ranks higher
FUZZY_EDITS = 2
CANDIDATES = 30  # scored hits kept before superseded entries are moved below their successors
_analyzer = StemmingAnalyzer()

Scores = dict[int, float]  # document number -> score


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    theme: str | None = None
    area: str | None = None
    status: str | None = None  # a value of the status facet (kb.model.STATUS_FACETS), e.g. "Current, confirmed"


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    url: str
    score: float
    status: str  # the status claim's label, as on the page: "Current: confirmed 28 November 2026", or ""
    last_reviewed: str
    superseded_by: str
    weight: float | None = None  # the status's rank weight (guidance only): see `guidance_by_weight`
    raw: float = 0.0  # the score before any status weight


@dataclass
class Response:
    query: str
    total: int  # every entry that matches, not only those shown
    suggestion: str | None
    results: list[Hit]

    def as_json(self) -> dict:
        results = [
            {key: value for key, value in asdict(hit).items() if key in ("id", "kind", "title", "url", "score", "status")}
            for hit in self.results
        ]
        return {"query": self.query, "total": self.total, "suggestion": self.suggestion, "results": results}


def search(
    target: SearchIndex, text: str, filters: Filters = Filters(), limit: int = 10, today: dt.date | None = None
) -> Response:
    """Ranked results; a status confirmed longer ago than its kind's interval before `today` counts as unconfirmed."""
    today = today or dt.date.today()
    suggestion = target.vocabulary.correct_query(text)
    wanted = suggestion or text
    alternatives = query_alternatives(wanted, target.synonyms)
    allowed = _allowed(target.searcher(), filters)
    titled = [number for number in target.titles.get(title_key(text), []) if allowed is None or number in allowed]
    response = _run(target, wanted, alternatives, allowed, titled, limit, fuzzy=False, today=today, status=filters.status)
    if not response.total:
        response = _run(target, wanted, alternatives, allowed, titled, limit, fuzzy=True, today=today, status=filters.status)
    return Response(text, response.total, suggestion, response.results)


def _run(
    target: SearchIndex,
    text: str,
    alternatives: list[str],
    allowed: set[int] | None,
    titled: list[int],
    limit: int,
    *,
    fuzzy: bool,
    today: dt.date,
    status: str | None,
) -> Response:
    scores = _QueryScores(target, fuzzy).of(text, alternatives)
    if allowed is not None:
        scores = {document: score for document, score in scores.items() if document in allowed}
    stored = target.searcher().stored_fields
    for number in titled:  # found even if a typo correction changed the words searched
        scores.setdefault(number, 0.0)
    if status:  # the status facet depends on today, so it is read from each matching entry, not from the index
        scores = {document: score for document, score in scores.items() if _facet(stored(document), today) == status}
    titled = [number for number in titled if number in scores]
    best = heapq.nlargest(max(limit * 3, CANDIDATES), scores.items(), key=lambda item: (item[1], -item[0]))
    titles = sorted(((number, scores[number]) for number in titled), key=lambda item: -item[1])
    first = [_hit(stored(number), score, today) for number, score in titles]
    others = [_hit(stored(number), score, today) for number, score in best if number not in titled]
    return Response(text, len(scores), None, (first + successors_first(guidance_by_weight(others)))[:limit])


@dataclass
class _WordScores:
    scores: Scores = field(default_factory=dict)  # the sum over the word's fields
    matched: dict[int, int] = field(default_factory=dict)  # how many of its field terms each document has
    terms: int = 0  # how many of its field terms are in the index at all

    def add(self, scores: Scores, matched: dict[int, int], terms: int) -> None:
        self.terms += terms
        mine, mine_matched = self.scores, self.matched
        for document, score in scores.items():
            if document in mine:
                mine[document] += score
                mine_matched[document] += matched[document]
            else:
                mine[document] = score
                mine_matched[document] = matched[document]


class _QueryScores:
    """One query's scores; a word shared by the query and its glossary alternatives is scored once."""

    def __init__(self, target: SearchIndex, fuzzy: bool):
        self.target = target
        self.fuzzy = fuzzy
        self.words: dict[str, _WordScores] = {}

    def of(self, text: str, alternatives: list[str]) -> Scores:
        total = self.any_word(_tokens(text))
        for alternative in alternatives:
            for document, score in self.every_word(_tokens(alternative)).items():
                total[document] = total.get(document, 0.0) + score
        return total

    def any_word(self, tokens: list[str]) -> Scores:
        words = [self.word(token) for token in tokens]
        summed = _WordScores()
        for word in words:
            summed.add(word.scores, word.matched, word.terms)
        if len(words) < 2 or summed.terms < 2:
            return summed.scores
        return {
            document: _coordinated(score, summed.matched[document], summed.terms) for document, score in summed.scores.items()
        }

    def every_word(self, tokens: list[str]) -> Scores:
        words = [self.word(token).scores for token in tokens]
        if not words:
            return {}
        common = set(words[0]).intersection(*words[1:])
        return {document: sum(word[document] for word in words) for document in common}

    def word(self, token: str) -> _WordScores:
        if token not in self.words:
            self.words[token] = word = _WordScores()
            for field_name, weight in FIELD_WEIGHTS.items():
                forms = _forms(self.target.searcher(), field_name, token, self.fuzzy)
                if forms:
                    scores = _best_of([_term_scores(self.target, field_name, form, weight) for form in forms])
                    word.add(scores, dict.fromkeys(scores, 1), terms=1)
        return self.words[token]


def _coordinated(score: float, matched: int, terms: int) -> float:
    """Whoosh's CoordMatcher: a small bonus per extra matching term, scaled by (terms - 1) / terms."""
    return (score + (matched - 1) / (terms - COORDINATION) ** 2) * ((terms - 1) / terms)


def _forms(searcher: Searcher, field_name: str, token: str, fuzzy: bool) -> list[bytes]:
    """The indexed words that stand for a query word in a field: itself, or when fuzzy its near spellings."""
    reader = searcher.reader()
    if fuzzy:
        return sorted(reader.terms_within(field_name, token, FUZZY_EDITS, prefix=1))
    word = token.encode("utf-8")
    return [word] if (field_name, word) in reader else []


def _term_scores(target: SearchIndex, field_name: str, word: bytes, weight: float) -> Scores:
    """One term's score in each document that has it: the field's weight times BM25, the arithmetic of
    `whoosh.scoring.bm25` written out here, as a call per posting was a tenth of a search's time."""
    searcher = target.searcher()
    model: BM25F = searcher.weighting
    idf, b, k1 = searcher.idf(field_name, word), model.B, model.K1
    average = searcher.avg_field_length(field_name) or 1
    lengths = target.field_lengths(field_name)
    matcher = searcher.reader().postings(field_name, word)
    scores: Scores = {}
    while matcher.is_active():
        document, frequency = matcher.id(), matcher.weight()
        scores[document] = (
            idf * ((frequency * (k1 + 1)) / (frequency + k1 * ((1 - b) + b * lengths[document] / average))) * weight
        )
        matcher.next()
    return scores


def _best_of(term_scores: list[Scores]) -> Scores:
    if len(term_scores) == 1:
        return term_scores[0]
    best: Scores = {}
    for scores in term_scores:
        for document, score in scores.items():
            best[document] = max(score, best.get(document, score))
    return best


def _tokens(text: str) -> list[str]:
    return list(dict.fromkeys(token.text for token in _analyzer(text)))


def _allowed(searcher: Searcher, filters: Filters) -> set[int] | None:
    terms = [
        q.Term(field_name, value)
        for field_name, value in (("kind", filters.kind), ("themes", filters.theme), ("areas", filters.area))
        if value
    ]
    return set(searcher.docs_for_query(q.And(terms))) if terms else None


def status_claim(stored: dict, today: dt.date) -> StatusClaim | None:
    """The entry's status claim as the index keeps it: enough for its label, facet and weight (no successor)."""
    if not stored.get("status"):
        return None
    checked, source = stored.get("status_checked"), stored.get("status_source")
    return StatusClaim(
        status=stored["status"],
        checked=dt.date.fromisoformat(checked) if checked else None,
        source=Source(**json.loads(source)) if source else None,
        interval_days=KINDS_BY_NAME[stored["kind"]].review_interval_days,
        today=today,
        watch_url=stored.get("watch_url") or None,
    )


def _facet(stored: dict, today: dt.date) -> str:
    claim = status_claim(stored, today)
    return claim.facet if claim else ""


def _hit(stored: dict, score: float, today: dt.date) -> Hit:
    claim = status_claim(stored, today)
    placed = score * claim.rank_weight if claim is not None and claim.replaced else score
    return Hit(
        stored["id"],
        stored["kind"],
        stored["title"],
        stored["url"],
        round(placed, 4),
        claim.label if claim else "",
        stored.get("last_reviewed", ""),
        stored.get("superseded_by", ""),
        claim.rank_weight if claim else None,
        score,
    )


def guidance_by_weight(hits: list[Hit]) -> list[Hit]:
    """By score; then the places guidance holds filled again by its score times its status's weight, so
    superseded and unconfirmed guidance rank below confirmed current guidance and other results keep their places."""
    ordered = sorted(hits, key=lambda hit: -hit.score)
    slots = [at for at, hit in enumerate(ordered) if hit.weight is not None]
    guidance = sorted((ordered[at] for at in slots), key=lambda hit: -hit.raw * (hit.weight or 1.0))
    for at, hit in zip(slots, guidance, strict=True):
        ordered[at] = hit
    return ordered


def successors_first(hits: list[Hit]) -> list[Hit]:
    """In the order given, but a superseded entry moved to just below its successor when both are found."""
    ordered = list(hits)
    for hit in [hit for hit in ordered if hit.superseded_by]:
        position = {item.id: index for index, item in enumerate(ordered)}
        successor = position.get(hit.superseded_by)
        if successor is not None and successor > position[hit.id]:
            ordered.remove(hit)
            ordered.insert(successor, hit)
    return ordered
