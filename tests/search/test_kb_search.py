"""`kb search` over a scratch knowledge base: ranking, synonyms, typos, filters, JSON and the cache."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from whoosh import query as q

from kb.cli import main
from kb.search.index import CACHE_DIR, FIELD_WEIGHTS, TEXT_FIELDS, field_lengths, on_disk
from kb.search.query import Filters, search
from kb.search.vocabulary import Vocabulary, allowed_edits, edit_distance


@pytest.fixture
def base(scratch):  # type: ignore[no-untyped-def]
    scratch.write(
        "protocol",
        "philomena-protocol",
        title="Philomena Protocol",
        summary="A London protocol for care homes on what to do when a child goes missing from care.",
        themes=["missing-children"],
    )
    scratch.write(
        "practice_example",
        "newham-cce-panel",
        title="Newham exploitation panel",
        summary="A panel that meets about CCE cases every month.",
        areas=["newham"],
    )
    scratch.write(
        "practice_example",
        "lambeth-exploitation-work",
        title="Lambeth work on exploitation",
        summary="Work with young people at risk of child criminal exploitation.",
        areas=["lambeth"],
    )
    scratch.write(
        "protocol",
        "old-exploitation-protocol",
        title="Exploitation protocol (2017)",
        summary="The earlier exploitation protocol for London partners.",
        status="superseded",
        superseded_by="new-exploitation-protocol",
    )
    scratch.write(
        "protocol",
        "new-exploitation-protocol",
        title="London child exploitation operating protocol",
        summary="The protocol that replaced the 2017 one.",
    )
    return scratch


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in response.results]


def test_title_match_ranks_first(base) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(on_disk(base.root), "philomena"))[0] == "philomena-protocol"


def test_acronym_finds_its_expansion_and_the_reverse(base) -> None:  # type: ignore[no-untyped-def]
    assert {"newham-cce-panel", "lambeth-exploitation-work"} <= set(ids(search(on_disk(base.root), "CCE")))
    assert {"newham-cce-panel", "lambeth-exploitation-work"} <= set(
        ids(search(on_disk(base.root), "child criminal exploitation"))
    )


def test_stemming(base) -> None:  # type: ignore[no-untyped-def]
    assert "lambeth-exploitation-work" in ids(search(on_disk(base.root), "exploited"))


def test_typo_is_corrected_with_a_suggestion(base) -> None:  # type: ignore[no-untyped-def]
    response = search(on_disk(base.root), "philomina protocol")
    assert response.suggestion == "philomena protocol"
    assert ids(response)[0] == "philomena-protocol"


def test_place_name_finds_the_borough(base) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(on_disk(base.root), "Newham"))[0] == "newham-cce-panel"


def test_filters(base) -> None:  # type: ignore[no-untyped-def]
    found = search(on_disk(base.root), "exploitation", Filters(kind="protocol"))
    assert set(ids(found)) == {"old-exploitation-protocol", "new-exploitation-protocol"}
    assert ids(search(on_disk(base.root), "exploitation", Filters(area="lambeth"))) == ["lambeth-exploitation-work"]


def test_superseded_ranks_below_its_successor(base) -> None:  # type: ignore[no-untyped-def]
    found = ids(search(on_disk(base.root), "2017 exploitation protocol"))
    assert found.index("new-exploitation-protocol") < found.index("old-exploitation-protocol")


TODAY = dt.date(2026, 11, 22)
SAME_TEXT = {"title": "Harbour referral protocol", "summary": "What partners do when a harbour referral is made."}


@pytest.fixture
def three_statuses(scratch):  # type: ignore[no-untyped-def]
    """Three protocols with the same words: confirmed this month, last confirmed in 2021, and superseded."""
    scratch.write("protocol", "confirmed-protocol", status_checked="2026-11-01", **SAME_TEXT)
    scratch.write("protocol", "unconfirmed-protocol", status_checked="2021-11-01", **SAME_TEXT)
    scratch.write("protocol", "superseded-protocol", status="superseded", superseded_by="other-protocol", **SAME_TEXT)
    scratch.write("protocol", "other-protocol", title="Other protocol", summary="Not about that.")
    return scratch


def test_superseded_and_unconfirmed_guidance_rank_below_confirmed_current_guidance(three_statuses) -> None:  # type: ignore[no-untyped-def]
    found = search(on_disk(three_statuses.root), "harbour referral", today=TODAY).results
    assert [hit.id for hit in found] == ["confirmed-protocol", "unconfirmed-protocol", "superseded-protocol"]
    assert [hit.status for hit in found] == [
        "Current: confirmed on 1 November 2026 against An example partnership's page; watched weekly",
        "Current: not confirmed since 1 November 2021",
        "Superseded",
    ]
    a_year_later = search(on_disk(three_statuses.root), "harbour referral", today=dt.date(2027, 11, 2)).results
    assert a_year_later[0].status == "Current: not confirmed since 1 November 2026"  # both unconfirmed now: text decides


def test_status_facet_filters_by_confirmation(three_statuses, capsys) -> None:  # type: ignore[no-untyped-def]
    root = three_statuses.root
    assert [
        hit.id for hit in search(on_disk(root), "harbour", Filters(status="Not confirmed recently"), today=TODAY).results
    ] == ["unconfirmed-protocol"]
    assert main(["search", "harbour", "--status", "Current, confirmed", "--today", "2026-11-22", "--root", str(root)]) == 0
    printed = capsys.readouterr().out
    assert (
        "[Current: confirmed on 1 November 2026 against An example partnership's page; watched weekly]" in printed
        and "unconfirmed" not in printed
    )
    assert "checked against its sources on 2026-01-15" in printed


def test_an_exact_title_comes_first_even_when_superseded(base) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(on_disk(base.root), "exploitation protocol 2017"))[0] == "old-exploitation-protocol"
    assert ids(search(on_disk(base.root), "Exploitation Protocol (2017)!"))[0] == "old-exploitation-protocol"


def test_json_output_has_exactly_the_documented_keys(base, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "CCE", "--json", "--limit", "1", "--root", str(base.root)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"query", "total", "suggestion", "results"}
    assert printed["query"] == "CCE" and printed["total"] >= 2 and printed["suggestion"] is None
    assert len(printed["results"]) == 1
    assert set(printed["results"][0]) == {"id", "kind", "title", "url", "score", "status"}


def test_total_counts_every_matching_entry_not_only_those_shown(base, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "exploitation", "--json", "--limit", "1", "--root", str(base.root)]) == 0
    printed = json.loads(capsys.readouterr().out)
    # four entries say "exploitation" (title, summary or their theme's label); the Philomena Protocol does not
    assert printed["total"] == 4 and len(printed["results"]) == 1
    assert search(on_disk(base.root), "exploitation", Filters(kind="protocol")).total == 2


def test_total_counts_only_entries_that_pass_the_filters(base) -> None:  # type: ignore[no-untyped-def]
    found = search(on_disk(base.root), "philomena", Filters(area="lambeth"))
    assert (found.total, found.results) == (0, [])


def test_scores_are_whooshs_bm25f_over_the_weighted_fields(base) -> None:  # type: ignore[no-untyped-def]
    index = on_disk(base.root)
    mine = {hit.id: hit.score for hit in search(index, "panel").results}
    word = q.Or([q.Term(name, "panel", boost=weight) for name, weight in FIELD_WEIGHTS.items()])
    with index.index.searcher() as searcher:  # Whoosh's default weighting is BM25F too
        whooshs = {hit["id"]: round(hit.score, 4) for hit in searcher.search(word)}
    assert mine == whooshs and mine


def test_the_cache_keeps_what_whoosh_would_read_again(base) -> None:  # type: ignore[no-untyped-def]
    on_disk(base.root)
    cached = on_disk(base.root)  # from the meta file, not recomputed
    assert cached.lengths == {name: field_lengths(cached.searcher(), name) for name in TEXT_FIELDS}
    assert cached.vocabulary.stems == Vocabulary(cached.vocabulary.counts).stems and cached.vocabulary.stems


def test_an_entry_with_more_of_the_words_ranks_higher(base) -> None:  # type: ignore[no-untyped-def]
    found = ids(search(on_disk(base.root), "philomena missing london"))
    assert found[0] == "philomena-protocol"  # the only entry with all three words
    assert set(found) >= {"new-exploitation-protocol", "old-exploitation-protocol"}  # "London" alone


def test_human_output_shows_kind_status_date_and_url(base, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "philomena", "--today", "2026-11-22", "--root", str(base.root)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(
        "Protocol or guidance: Philomena Protocol [Current: confirmed on 1 November 2026 against An example partnership's page; watched weekly]"
    )
    assert "checked against its sources on 2026-01-15" in first and first.endswith("protocols/philomena-protocol/")


def test_nothing_found_says_so(base, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "xylophone", "--root", str(base.root)]) == 0
    assert "No entries match" in capsys.readouterr().out


def test_index_is_cached_and_rebuilt_when_an_entry_changes(base) -> None:  # type: ignore[no-untyped-def]
    on_disk(base.root)
    segments = set((base.root / CACHE_DIR).iterdir())
    on_disk(base.root)
    assert set((base.root / CACHE_DIR).iterdir()) == segments  # reused, not rebuilt
    path: Path = base.write("practice_example", "zanzibar-work", title="Zanzibar youth work")
    later = time.time() + 5
    os.utime(path, (later, later))
    assert ids(search(on_disk(base.root), "zanzibar")) == ["zanzibar-work"]


def test_typo_correction_skips_no_word_a_full_scan_would_pick() -> None:
    counts = {
        word: len(word) % 5 + 1
        for word in (
            "exploitation",
            "explanation",
            "exploration",
            "philomena",
            "phenomena",
            "protocol",
            "protocols",
            "criminal",
            "carnival",
            "panel",
            "planet",
            "lane",
        )
    }
    vocabulary = Vocabulary(counts)
    for typo in (
        "exploitaton",
        "exploitaiton",
        "xeploitation",
        "philomina",
        "phlimoena",
        "protcool",
        "crimnial",
        "plaent",
        "exqloitatiom",
        "plamet",
        "lanx",
    ):
        limit = allowed_edits(typo)
        scan = min((edit_distance(typo, word, limit), -count, order, word) for order, (word, count) in enumerate(counts.items()))
        assert vocabulary.correct(typo) == (scan[3] if scan[0] <= limit else None), typo


def test_status_weights_reorder_guidance_among_its_own_places_only() -> None:
    from kb.search.query import Hit, guidance_by_weight

    def hit(entry_id: str, score: float, weight: float | None) -> Hit:
        return Hit(entry_id, "protocol" if weight else "topic", entry_id, "", score, "", "", "", weight, score)

    hits = [hit("unconfirmed", 10.0, 0.9), hit("topic", 9.5, None), hit("confirmed", 9.2, 1.0), hit("example", 1.0, None)]
    assert [h.id for h in guidance_by_weight(hits)] == ["confirmed", "topic", "unconfirmed", "example"]
    far_better = [hit("unconfirmed", 20.0, 0.9), hit("confirmed", 9.2, 1.0)]
    assert [h.id for h in guidance_by_weight(far_better)] == ["unconfirmed", "confirmed"]  # a soft weight, not a tier
