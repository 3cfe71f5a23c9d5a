"""Every recommendation of every review, as one list: what the recommendations page and the open data read.

Recommendations live inside the entries of the reviews that make them (the shared `recommendation`
definition of kb.content_model); this module gathers them, each with the review it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content_model import ENUM_LABELS
from .model import Entry, KnowledgeBase, Source

STATUS_LABELS = ENUM_LABELS["recommendation.status"]
LEVEL_LABELS = ENUM_LABELS["recommendation.level"]


@dataclass(frozen=True)
class TrackedRecommendation:
    review: Entry
    number: int  # its place in the review's list, from 1
    text: str
    owner: str
    level: str
    by_when: str
    status: str
    status_checked: str  # a partial ISO date
    status_source: Source | None

    @property
    def id(self) -> str:
        """Stable while the review keeps its order: the review's id and the number."""
        return f"{self.review.id}-{self.number}"

    @property
    def year(self) -> int:
        return review_year(self.review)

    @property
    def source(self) -> Source:
        """What the status rests on: its own source, or else the review's first source (which reports no progress)."""
        return self.status_source or self.review.sources[0]


def review_year(review: Entry) -> int:
    """The year a review was published: year_published for a case review, else its first source's year."""
    year = review.get("year_published")
    return int(year) if year else int(review.sources[0].date[:4])


def review_recommendations(review: Entry) -> list[TrackedRecommendation]:
    return [
        TrackedRecommendation(
            review=review,
            number=number,
            text=item["text"],
            owner=item["owner"],
            level=item["level"],
            by_when=item.get("by_when") or "Not published",
            status=item["status"],
            status_checked=str(item["status_checked"]),
            status_source=Source(**item["status_source"]) if item.get("status_source") else None,
        )
        for number, item in enumerate(review.get("recommendations") or [], start=1)
    ]


def tracked_recommendations(knowledge_base: KnowledgeBase) -> list[TrackedRecommendation]:
    """Newest review first, then by review title, each review's recommendations in its own order."""
    reviews = [entry for entry in knowledge_base.entries.values() if entry.get("recommendations")]
    reviews.sort(key=lambda review: (-review_year(review), review.title.lower()))
    return [recommendation for review in reviews for recommendation in review_recommendations(review)]
