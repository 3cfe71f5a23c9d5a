"""The search page, its script and style, and the two small files its script reads: `lexicon.json`
(glossary acronym <-> expansion pairs, the words practitioners use for each theme, and the words so
common that searching for them tells little and would only fetch another index chunk), on first use,
and `vocabulary.txt` (the site's words, most frequent first), only when a word found nothing and may be
a typo. The facets' values are written into the page itself."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from itertools import chain

from ..model import Taxonomy
from ..site.hooks import BuildContext
from .documents import full_text
from .pagefind_markup import facet_choices
from .synonyms import plural_leads, synonyms
from .vocabulary import counted, site_vocabulary, words

COMMON_SHARE = 0.6  # a word in more than this share of entries is "common"

ASSETS = ("search.js", "search.css")
SEARCH_FOLDER = "search"
SHORTEST_CORRECTED = 4  # the page corrects only words this long or longer


def write_search_page(context: BuildContext) -> None:
    folder = context.docs_dir / SEARCH_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    assets = resources.files("kb.search") / "assets"
    (folder / "index.md").write_text(search_page(context), encoding="utf-8")
    for name in ASSETS:
        with resources.as_file(assets / name) as path:
            shutil.copyfile(path, folder / name)
    entry_words = [words(full_text(entry)) for entry in context.knowledge_base.entries.values()]
    counts = counted(chain.from_iterable(entry_words))
    corrected = [word for word in site_vocabulary(counts) if len(word) >= SHORTEST_CORRECTED]
    (folder / "vocabulary.txt").write_text("\n".join(corrected) + "\n", encoding="utf-8")
    taxonomy = context.knowledge_base.taxonomy
    lexicon = {
        "pairs": glossary_pairs(taxonomy),
        "plurals": plural_leads(synonyms(taxonomy.glossary)),
        "leads": theme_leads(taxonomy),
        "common": common_words(entry_words),
    }
    (folder / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def search_page(context: BuildContext) -> str:
    """site/templates/search/page.md.j2, with every facet's values (as JSON) for its script."""
    from ..site.rendering import render

    choices = json.dumps(facet_choices(context.knowledge_base, context.today), ensure_ascii=False, separators=(",", ":"))
    return render("search/page.md.j2", f"{SEARCH_FOLDER}/", choices=choices)


def glossary_pairs(taxonomy: Taxonomy) -> list[list[str]]:
    """[acronym, expansion]: the page searches either form for the other."""
    return [[pair.acronym, pair.expansion] for pair in synonyms(taxonomy.glossary)]


def theme_leads(taxonomy: Taxonomy) -> list[list[str]]:
    """[practitioner's word, theme label]: one way only ("gangs" finds the theme; the theme does not search "gangs")."""
    return [
        [str(word), theme.label]
        for theme in taxonomy.themes.values()
        for word in theme.extra.get("synonyms", [])
        if str(word).casefold() != theme.label.casefold()
    ]


def common_words(entry_words: list[list[str]]) -> list[str]:
    """Words found in more than COMMON_SHARE of the entries ("child", "young", "london"), given each entry's words."""
    document_frequency = counted(chain.from_iterable(map(set, entry_words)))
    limit = COMMON_SHARE * len(entry_words)
    return sorted(word for word, count in document_frequency.items() if count > limit)
