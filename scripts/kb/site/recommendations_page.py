"""The recommendations page (`recommendations/`): every recommendation of every review in one table.

The table is complete in the HTML, so it works, prints and is indexed without JavaScript; a small
script beside it (no third-party request) adds the filters and sortable columns. It is one of the
site's own pages (`pages.index_pages`), not a plug-in: core pages link to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from ..content_model import RECOMMENDATION_LEVELS, RECOMMENDATION_STATUSES
from ..model import KnowledgeBase
from ..recommendations import LEVEL_LABELS, STATUS_LABELS, TrackedRecommendation, tracked_recommendations
from .rendering import front_matter, render

PAGE_URL = "recommendations/"
ASSETS = ("recommendations.js", "recommendations.css")
COLUMNS = (
    ("text", "Recommendation"),
    ("review", "Review"),
    ("year", "Year"),
    ("owner", "Owner"),
    ("level", "Level"),
    ("by_when", "By when"),
    ("status", "Status"),
)
DESCRIPTION = "Every recommendation of every review, with its owner, deadline and dated status."
STATUS_RANK = {status: rank for rank, status in enumerate(RECOMMENDATION_STATUSES)}


@dataclass(frozen=True)
class Filter:
    name: str  # the row's data-<name> attribute the script compares with
    label: str
    options: list[tuple[str, str, int]]  # value, label, how many recommendations have it
    many: bool = False  # the row's attribute holds several space-separated values (areas, themes)


def _options(values: Iterable[str], label: Callable[[str], str], order: list[str] | None = None) -> list[tuple[str, str, int]]:
    counts = Counter(values)
    keys = order if order is not None else sorted(counts, key=lambda value: label(value).lower())
    return [(value, label(value), counts[value]) for value in keys]


def filters(recommendations: list[TrackedRecommendation], knowledge_base: KnowledgeBase) -> list[Filter]:
    areas, themes = knowledge_base.taxonomy.areas, knowledge_base.taxonomy.themes
    titles = {item.review.id: item.review.title for item in recommendations}
    years = sorted({str(item.year) for item in recommendations}, reverse=True)
    return [
        # Every status and level is offered, even one no recommendation has yet: "Completed (0)" is an answer.
        Filter(
            "status", "Status", _options((i.status for i in recommendations), STATUS_LABELS.__getitem__, RECOMMENDATION_STATUSES)
        ),
        Filter("review", "Review", _options((i.review.id for i in recommendations), titles.__getitem__)),
        Filter("owner", "Owner", _options((i.owner for i in recommendations), str)),
        Filter("level", "Level", _options((i.level for i in recommendations), LEVEL_LABELS.__getitem__, RECOMMENDATION_LEVELS)),
        Filter(
            "themes",
            "Theme",
            _options((t for i in recommendations for t in i.review.themes), lambda t: themes[t].label if t in themes else t),
            many=True,
        ),
        Filter(
            "areas",
            "Area",
            _options((a for i in recommendations for a in i.review.areas), lambda a: areas[a].label if a in areas else a),
            many=True,
        ),
        Filter("year", "Year of the review", _options((str(i.year) for i in recommendations), str, years)),
    ]


def recommendations_markdown(knowledge_base: KnowledgeBase) -> str:
    recommendations = tracked_recommendations(knowledge_base)
    body = render(
        "recommendations.md.j2",
        PAGE_URL,
        recommendations=recommendations,
        review_count=len({item.review.id for item in recommendations}),
        filters=filters(recommendations, knowledge_base),
        columns=COLUMNS,
        status_labels=STATUS_LABELS,
        level_labels=LEVEL_LABELS,
        status_rank=STATUS_RANK,
    )
    # No "On this page" column: the table needs the width.
    head = front_matter("Recommendations, tracked", description=DESCRIPTION)
    return head.replace("\n---\n", '\nhide: ["toc"]\n---\n', 1) + body


def recommendations_pages(knowledge_base: KnowledgeBase) -> dict[str, str]:
    """The page and its script and style, docs-relative path -> text."""
    assets = resources.files("kb.site") / "assets"
    files = {f"{PAGE_URL}{name}": (assets / name).read_text(encoding="utf-8") for name in ASSETS}
    files[f"{PAGE_URL}index.md"] = recommendations_markdown(knowledge_base)
    return files
