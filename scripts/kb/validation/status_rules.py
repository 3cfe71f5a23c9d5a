"""A protocol's status is a dated claim: checks on when, and against what, it was last confirmed.

The schema requires `status_checked` and `watch` for a current or under-review protocol (`watch-missing`
is worded here, `kb.validation.schema_rules` uses it); these checks read the values against today: not
in the future (an error), not older than the kind's review interval (a warning, `status-unconfirmed`:
the page then says "not confirmed since"), confirmed against the watched issuer's own site and not a
third party's (`status-source-secondary`), and a page off GOV.UK watched with its text's digest
(`watch-digest-missing`). Across entries, `refers-to-replaced` warns of a pointer at replaced guidance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..content_model import KINDS_BY_NAME
from ..dates import human_date
from ..loader import Document, Problem
from ..model import GOV_UK, IN_FORCE, KnowledgeBase, StatusClaim, secondary_source, site_of
from ..rules import entry_example, rule

STATUS_CHECKED_FUTURE = rule(
    "status-checked-future",
    "error",
    "A status confirmed on a day after today",
    "`status_checked` is {checked}, after today ({today}); write the day you actually confirmed the status",
    entry_example("status-checked-future", "protocol", status_checked="2999-01-15"),
)
STATUS_UNCONFIRMED = rule(
    "status-unconfirmed",
    "warning",
    "A protocol's status not confirmed within its review interval",
    "the status `{status}` was last confirmed on {checked}, {age} days ago (more than {interval}); confirm it against "
    "the issuer's own public page and update `status_checked` (the day you read it) and `status_source` (its title, "
    "publisher, date and address), or leave it: the page will say 'not confirmed since'",
    entry_example("status-unconfirmed", "protocol", status_checked="2020-01-15"),
)
WATCH_MISSING = rule(  # the schema requires `watch`; kb.validation.schema_rules reports it in these words
    "watch-missing",
    "error",
    "A protocol in force does not name the issuer's page that is watched for changes",
    "a current or under-review protocol must name the issuer's own page for it, which `kb sources check` watches "
    "every week: add `watch:` with `url:` (the GOV.UK publication page, legislation.gov.uk, london.gov.uk or the "
    "procedures' own site; not a third party's page) and, for a page not on GOV.UK, `text_digest:` as "
    "`kb sources digest URL` prints it",
    entry_example("watch-missing", "protocol", watch=None),
)
WATCH_DIGEST_MISSING = rule(
    "watch-digest-missing",
    "warning",
    "A watched page off GOV.UK has no digest of its text to compare with",
    "`watch.url` is not on GOV.UK, so `kb sources check` compares its text with the digest recorded when the status "
    "was confirmed; run `kb sources digest {watched}` on the day you confirm it and record what it prints as "
    "`watch.text_digest` (until then every check asks for the status to be confirmed again)",
    entry_example("watch-digest-missing", "protocol", watch={"url": "https://www.example.org/protocol"}),
)
STATUS_SOURCE_SECONDARY = rule(
    "status-source-secondary",
    "warning",
    "A status confirmed against a third party's page, not the issuer's own",
    "the status was confirmed against {source_site}, not the issuer's own site {watched_site} (`watch.url`): "
    "the page says it was confirmed against {secondary}, in amber; read {watched} and, if it "
    "shows the guidance in force, cite that page in `status_source` with the day you read it in `status_checked`",
    entry_example(
        "status-source-secondary",
        "protocol",
        status_source={
            "title": "News: partnership publishes its protocol",
            "publisher": "An example news site",
            "date": "2026-11",
            "url": "https://www.example.com/news/protocol",  # example.com: a second reserved site, a third party here
        },
    ),
)
REFERS_TO_REPLACED = rule(
    "refers-to-replaced",
    "warning",
    "An entry points at superseded or withdrawn guidance",
    "{field} {words} (its page says so, and `kb report stale` lists it); {next_step}",
    entry_example("refers-to-replaced", related=["pan-london-cse-protocol-2017"]),
)


def status_problems(document: Document, schema_name: str, today: dt.date) -> Iterator[Problem]:
    data = document.data or {}
    if schema_name != "protocol" or data.get("status") not in IN_FORCE:
        return
    yield from _watch_problems(document)
    checked = _day(data.get("status_checked"))
    if checked is None:
        return  # missing or not a date: the schema says so
    line = document.line_of(("status_checked",))
    if checked > today:
        yield STATUS_CHECKED_FUTURE.problem(document.path, line, checked=checked.isoformat(), today=today.isoformat())
        return
    interval = KINDS_BY_NAME[schema_name].review_interval_days
    claim = StatusClaim(status=data["status"], checked=checked, source=None, interval_days=interval, today=today)
    if claim.unconfirmed:  # the same test as the page's "not confirmed since"
        age = (today - checked).days
        yield STATUS_UNCONFIRMED.problem(
            document.path, line, status=data["status"], checked=human_date(checked), age=age, interval=interval
        )


def _watch_problems(document: Document) -> Iterator[Problem]:
    data = document.data or {}
    watch, source = data.get("watch"), data.get("status_source")
    watched = watch.get("url") if isinstance(watch, dict) and isinstance(watch.get("url"), str) else None
    if watched is None:
        return  # missing: the schema's `watch-missing`
    if site_of(watched) != GOV_UK and not watch.get("text_digest"):
        yield WATCH_DIGEST_MISSING.problem(document.path, document.line_of(("watch", "url")), watched=watched)
    url = source.get("url") if isinstance(source, dict) else None
    if isinstance(url, str) and site_of(url) != site_of(watched):
        yield STATUS_SOURCE_SECONDARY.problem(
            document.path,
            document.line_of(("status_source", "url")),
            source_site=site_of(url),
            watched_site=site_of(watched),
            secondary=_secondary_words(source),
            watched=watched,
        )


def _secondary_words(source: dict[str, object]) -> str:
    """As the page says it, from a status source that may not have passed the schema yet."""
    try:
        return secondary_source(str(source.get("publisher", "")), str(source.get("date", "")))
    except (ValueError, IndexError):  # a date the schema refuses: say it as written
        return f"a secondary source ({source.get('publisher', '')}, {source.get('date', '')})"


def replaced_reference_problems(knowledge_base: KnowledgeBase, documents: dict[str, Document]) -> list[Problem]:
    """`refers-to-replaced`: an entry whose `related` or a source's address points at superseded or withdrawn guidance."""
    problems = []
    for entry in knowledge_base.entries.values():
        document = documents.get(entry.path)
        for reference in knowledge_base.replaced_references(entry):
            field = "`related`" if reference.via == "related" else "a source's address"
            where = (reference.via, reference.index) if reference.via == "related" else ("sources", reference.index, "url")
            next_step = (
                f"point at {reference.successor_title} instead if the entry is about what applies now, or keep it "
                "if the entry is about the earlier edition"
                if reference.successor_title
                else "check with the issuing body what applies now"
            )
            line = document.line_of(where) if document else 1
            problems.append(REFERS_TO_REPLACED.problem(entry.path, line, field=field, words=reference.words, next_step=next_step))
    return problems


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
