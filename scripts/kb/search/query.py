"""Ranked search over the Whoosh index: BM25F across weighted fields, glossary synonyms, typo correction."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from whoosh import query as q
from whoosh import searching
from whoosh.analysis import StemmingAnalyzer
from whoosh.scoring import BM25F

from .index import FIELD_WEIGHTS, SearchIndex
from .synonyms import query_alternatives

COORDINATION = 0.9  # an entry matching more of the query's words ranks higher
SUPERSEDED_PENALTY = 0.5
_analyzer = StemmingAnalyzer()


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    theme: str | None = None
    area: str | None = None


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    url: str
    score: float
    status: str
    last_reviewed: str
    superseded_by: str


@dataclass
class Response:
    query: str
    total: int
    suggestion: str | None
    results: list[Hit]

    def as_json(self) -> dict:
        results = [
            {key: value for key, value in asdict(hit).items() if key in ("id", "kind", "title", "url", "score")}
            for hit in self.results
        ]
        return {"query": self.query, "total": self.total, "suggestion": self.suggestion, "results": results}


def search(target: SearchIndex, text: str, filters: Filters = Filters(), limit: int = 10) -> Response:
    suggestion = target.vocabulary.correct_query(text)
    response = _run(target, suggestion or text, filters, limit, fuzzy=False)
    if not response.total:
        response = _run(target, suggestion or text, filters, limit, fuzzy=True)
    return Response(text, response.total, suggestion, response.results)


def _run(target: SearchIndex, text: str, filters: Filters, limit: int, fuzzy: bool) -> Response:
    alternatives = [_all_words(variant, fuzzy) for variant in query_alternatives(text, target.synonyms)]
    main = _any_words(text, fuzzy)
    parts = [part for part in (main, *alternatives) if part is not None]
    if not parts:
        return Response(text, 0, None, [])
    with target.index.searcher(weighting=BM25F()) as searcher:
        results = searcher.search(q.Or(parts), filter=_filter(filters), limit=max(limit * 3, 30))
        hits = [_hit(result) for result in results]
        total = len(results)
    return Response(text, total, None, successors_first(hits)[:limit])


def _word_query(word: str, fuzzy: bool) -> q.Query:
    if fuzzy:
        terms = [q.FuzzyTerm(field, word, boost=weight, maxdist=2, prefixlength=1) for field, weight in FIELD_WEIGHTS.items()]
    else:
        terms = [q.Term(field, word, boost=weight) for field, weight in FIELD_WEIGHTS.items()]
    return q.Or(terms)


def _tokens(text: str) -> list[str]:
    return list(dict.fromkeys(token.text for token in _analyzer(text)))


def _any_words(text: str, fuzzy: bool) -> q.Query | None:
    tokens = _tokens(text)
    return q.Or([_word_query(token, fuzzy) for token in tokens], scale=COORDINATION) if tokens else None


def _all_words(text: str, fuzzy: bool) -> q.Query | None:
    tokens = _tokens(text)
    return q.And([_word_query(token, fuzzy) for token in tokens]) if tokens else None


def _filter(filters: Filters) -> q.Query | None:
    terms = [
        q.Term(field, value)
        for field, value in (("kind", filters.kind), ("themes", filters.theme), ("areas", filters.area))
        if value
    ]
    return q.And(terms) if terms else None


def _hit(result: searching.Hit) -> Hit:
    score = float(result.score) * (SUPERSEDED_PENALTY if result["status"] == "superseded" else 1.0)
    return Hit(
        result["id"],
        result["kind"],
        result["title"],
        result["url"],
        round(score, 4),
        result.get("status", ""),
        result.get("last_reviewed", ""),
        result.get("superseded_by", ""),
    )


def successors_first(hits: list[Hit]) -> list[Hit]:
    """By score, then a superseded entry moved to just below its successor when both are found."""
    ordered = sorted(hits, key=lambda hit: -hit.score)
    for hit in [hit for hit in ordered if hit.superseded_by]:
        position = {item.id: index for index, item in enumerate(ordered)}
        successor = position.get(hit.superseded_by)
        if successor is not None and successor > position[hit.id]:
            ordered.remove(hit)
            ordered.insert(successor, hit)
    return ordered
