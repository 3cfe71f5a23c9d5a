"""Wording that blames an exploited child for the abuse, or speaks of them as an adult: a warning with the preferred words.

Each term cites the published guidance on language about exploited children that names it, with the
address read on 3 December 2026. Quoting a source verbatim is allowed: text inside double quotation
marks ("..." or “...”) or on a Markdown blockquote line (`> ...`) is not checked, so a quotation keeps
the words the source used and the entry's own words use the preferred ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..rules import entry_example, rule

CHILDRENS_SOCIETY_GUIDE = (
    "The Children's Society, Appropriate Language: Child Exploitation",
    "https://www.childrenssociety.org.uk/information/professionals/resources/child-exploitation-language-guide",
)
YJLC_SUMMARY = (
    "Youth Justice Legal Centre, Child Criminal Exploitation: The Power of Language (on The Children's Society's guide)",
    "https://yjlc.uk/resources/legal-updates/child-criminal-exploitation-power-language",
)
CARDIFF_LANGUAGE = (
    "Complex Safeguarding Wales (Cardiff University), Language use",
    "https://cardiff.ac.uk/complex-safeguarding-wales/information-for-practitioners/language-use",
)
CARDIFF_TERMS = (
    "Complex Safeguarding Wales (Cardiff University), Common terms",
    "https://cardiff.ac.uk/complex-safeguarding-wales/information-for-practitioners/common-terms",
)
DURHAM = (
    "Durham Safeguarding Children Partnership, Why language matters in harm outside the home",
    "https://durham-scp.org.uk/practitioners/harm-outside-the-home/why-language-matters-in-harm-outside-the-home",
)
CHILDRENS_SOCIETY_BLOG = (
    "The Children's Society, Changing language of child exploitation",
    "https://www.childrenssociety.org.uk/what-we-do/blogs/different-forms-child-exploitation",
)
NSPCC = (
    "NSPCC Learning, 'Sexting' or 'sharing nudes'? The importance of overcoming language barriers",
    "https://learning.nspcc.org.uk/news/why-language-matters/sexting-sharing-nudes-importance-of-overcoming-language-barriers",
)


@dataclass(frozen=True)
class Term:
    pattern: str  # a regular expression in lower case, matched without regard to case (syntax common to Python and JavaScript)
    why: str
    preferred: str
    source: tuple[str, str]  # (title, address) of the guidance that names it


TERMS = (
    Term(
        # "became involved in ..." is the next term's (one finding per phrase)
        r"(?<!become )(?<!becomes )(?<!became )(?<!becoming )(?<!get )(?<!gets )(?<!got )(?<!getting )"
        r"\binvolved in (?:cse|cce|child (?:sexual|criminal) exploitation|(?:sexual|criminal) exploitation|county lines|gangs?)\b"
        r"(?! (?:work|prevention|services?|teams?|meetings?|panels?|operations?|policing|strategy))",
        "suggests the child chose to take part",
        "“a victim of sexual (or criminal) exploitation” or “being exploited”",
        YJLC_SUMMARY,
    ),
    Term(
        r"\bput(?:s|ting)? (?:themselves|himself|herself) at risk\b",
        "places the responsibility on the child, not on the people harming them",
        "“is being put at risk by people who exploit them” (say who and how)",
        DURHAM,
    ),
    Term(
        r"\b(?:child(?:ren)?|teen(?:age)?|underage|young) prostitut\w*|\bprostitut\w* of (?:a )?child",
        "implies consent and a trade; a child cannot consent to their own abuse",
        "“a child who is being sexually exploited” or “child sexual exploitation”",
        CHILDRENS_SOCIETY_BLOG,
    ),
    Term(
        r"\bsexting\b",
        "is an adult word that hides the harm where a child's own images are meant",
        "“sharing nudes and semi-nudes” or “self-generated intimate images”",
        NSPCC,
    ),
    Term(
        r"\b(?:county lines|drugs?|street) runners?\b",
        "names the child by the crime they are made to commit",
        "“a child criminally exploited to carry or sell drugs”",
        CARDIFF_TERMS,
    ),
    Term(
        r"\bmoney mules?\b",
        "names the child by the crime they are made to commit",
        "“a child exploited to move money”",
        YJLC_SUMMARY,
    ),
    Term(
        r"\b(?:become|becomes|became|becoming|get|gets|got|getting) involved in "
        r"(?:crime|criminality|offending|gangs?|county lines|drug dealing|cse|cce|(?:child )?(?:sexual|criminal) exploitation)\b",
        "suggests the child chose to take part",
        "“has been groomed into” or “is being criminally exploited”",
        CARDIFF_LANGUAGE,
    ),
    Term(
        r"\brecruited (?:into|by) (?:an? |the )?(?:gangs?|county lines|drug)",
        "suggests the child joined of their own will",
        "“groomed” or “criminally exploited”",
        CARDIFF_LANGUAGE,
    ),
    Term(
        r"\b(?:makes?|making|made) (?:poor|bad|risky|unsafe) (?:relationship |lifestyle )?choices\b",
        "places the responsibility on the child, not on the people harming them",
        "words that say what the people harming the child do (“is being groomed”, “is being controlled”)",
        DURHAM,
    ),
)
# Words every term contains: most text holds none of them, so one search of the lower-cased text decides for
# nearly all; the patterns (lower case, as is every term's) then run on lower-cased text, which is much faster
# than matching without regard to case.
CUES = re.compile(
    "involved in|themselves at risk|himself at risk|herself at risk|prostitut|sexting|runner|mule|recruited|choices"
)
COMPILED = [(re.compile(term.pattern), term) for term in TERMS]
# What counts as a marked quotation: double quotation marks, straight or curly, or a blockquote line.
QUOTATION = re.compile(r"\"[^\"\n]*\"|“[^”]*”|^[ \t]*>.*$", re.MULTILINE)
QUOTATION_HELP = (
    'To quote a source verbatim, put the quotation in double quotation marks ("..." or “...”) or on a Markdown '
    "blockquote line beginning with `>`: quoted words are not checked."
)
# Citations give titles exactly as published, so they are not checked.
NOT_PROSE = ("sources", "status_source", "successor", "watch")

LANGUAGE = rule(
    "language-victim-blaming",
    "warning",
    "Wording that blames an exploited child or speaks of them as an adult",
    "“{found}” {why}; write {preferred} instead ({title}: {url}); if you are quoting a source, put the quotation in "
    'double quotation marks ("...") or on a `>` line',
    entry_example("language-victim-blaming", what_was_done="Workers supported girls involved in CSE to plan their safety."),
)


def problems_in(text: str) -> Iterator[tuple[str, str]]:
    """(message, rule) for each blaming or adultifying term outside a marked quotation."""
    if not CUES.search(text.lower()):
        return
    unquoted = QUOTATION.sub(lambda match: " " * len(match.group()), text)
    lowered = unquoted.lower()
    same_places = len(lowered) == len(unquoted)  # lower() keeps every place in nearly all text
    for pattern, term in COMPILED:
        for match in pattern.finditer(lowered):
            found = unquoted[match.start() : match.end()] if same_places else match.group()
            title, url = term.source
            yield LANGUAGE.say(found=found, why=term.why, preferred=term.preferred, title=title, url=url), LANGUAGE.code


def checks(path: tuple[str | int, ...]) -> bool:
    """Whether the text at this path is the entry's own prose (a citation is not)."""
    return not path or path[0] not in NOT_PROSE
