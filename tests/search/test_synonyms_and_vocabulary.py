"""The glossary as synonyms, and the vocabulary that corrects typos."""

from __future__ import annotations

from pathlib import Path

from kb.model import GlossaryTerm
from kb.search.synonyms import plural_leads, plural_of, query_alternatives, synonyms
from kb.search.vocabulary import Vocabulary, edit_distance, words

REPO = Path(__file__).resolve().parents[2]

PAIRS = synonyms(
    [
        GlossaryTerm("CCE", "Child criminal exploitation", ""),
        GlossaryTerm("DA", "Domestic abuse", ""),
        GlossaryTerm("YOT", "Youth offending team", ""),
        GlossaryTerm("CYPS", "Children and Young People Services", ""),
        GlossaryTerm("Care leaver", "Care leaver", ""),  # no second form: not a synonym
    ]
)


def test_terms_without_a_second_form_are_not_synonyms() -> None:
    assert [pair.acronym for pair in PAIRS] == ["CCE", "DA", "YOT", "CYPS"]


def test_query_alternatives_swap_either_form() -> None:
    assert query_alternatives("cce newham", PAIRS) == ["Child criminal exploitation newham"]
    assert query_alternatives("child criminal exploitation", PAIRS) == ["CCE"]
    assert query_alternatives("da", PAIRS) == []  # two-letter acronyms only in capitals
    assert query_alternatives("DA", PAIRS) == ["Domestic abuse"]


def test_acronyms_in_the_plural_swap_like_the_singular() -> None:
    assert query_alternatives("YOTs in Newham", PAIRS) == ["Youth offending team in Newham"]
    assert query_alternatives("cces", PAIRS) == ["Child criminal exploitation"]
    assert query_alternatives("youth offending teams", PAIRS) == ["YOT"]
    assert query_alternatives("DAs", PAIRS) == ["Domestic abuse"]
    assert query_alternatives("das", PAIRS) == []


def test_only_acronyms_take_a_plural() -> None:
    assert [plural_of(term) for term in ("KPI", "CYPS", "Care leaver", "MyEnds", "Section 60")] == [
        "KPIs",
        None,
        None,
        None,
        None,
    ]


def test_the_site_gets_the_plurals_one_way_without_two_letter_ones() -> None:
    assert plural_leads(PAIRS) == [["CCEs", "Child criminal exploitation"], ["YOTs", "Youth offending team"]]


def test_edit_distance_counts_transpositions_as_one() -> None:
    assert edit_distance("philomina", "philomena", 2) == 1
    assert edit_distance("exploitaiton", "exploitation", 2) == 1
    assert edit_distance("protocol", "procedure", 2) == 3  # beyond the limit


def test_vocabulary_corrects_unknown_words_only() -> None:
    vocabulary = Vocabulary({"philomena": 4, "protocol": 30, "exploitation": 50})
    assert vocabulary.correct_query("philomina protocol") == "philomena protocol"
    assert vocabulary.correct_query("exploited") is None  # known through its stem
    assert vocabulary.correct_query("cat") is None  # too short to correct safely


def test_words_are_those_of_the_word_pattern() -> None:
    """`words` splits in C; it must find what the pattern it replaced found, apostrophes and all."""
    import re

    pattern = re.compile(r"[a-z][a-z']*[a-z]|[a-z]")

    def by_pattern(text: str) -> list[str]:
        found = pattern.findall(text.lower())
        return [word.removesuffix("'s").replace("'", "") if "'" in word else word for word in found]

    texts = [
        path.read_text(encoding="utf-8") for folder in ("protocols", "case_reviews") for path in (REPO / folder).glob("*.yaml")
    ]
    texts += ["", "'", "''s", "a'", "'a", "x''", "ab'cd's'", "boys' club", "the 's", "a''s", "don't o'neil's 's a's"]
    texts += ["İstanbul \u212a café naïve ﬁne ÀÉ ß", "x\ud800y", "tab\tnew\nline—dash 2026 ok"]
    assert all(words(text) == by_pattern(text) for text in texts)
    assert words("Children's services: DON'T wait") == ["children", "services", "dont", "wait"]
