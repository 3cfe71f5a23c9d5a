"""Personal data that must never reach a safeguarding knowledge base.

Each check is tuned to avoid false alarms on ordinary content (years, statistics,
document numbers): an NHS number must pass its modulus-11 check, a date must sit next
to words that make it a date of birth, and a phone number must look like a UK number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..rules import entry_example, rule

_NHS_CANDIDATE = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
# Prefixes D, F, I, Q, U, V are never issued, nor is O second; BG, GB, NK, KN, TN, NT, ZZ are not used.
_NI_NUMBER = re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TY-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = rf"(\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_DATE_OF_BIRTH = re.compile(rf"\b(date of birth|d\.?o\.?b\.?|born(\s+on)?)\s*[:\-]?\s*{_DATE}", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b")
_UK_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s-]?\)?){9,10}(?!\d)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
_DIGIT_OR_AT = re.compile(r"[\d@]")  # every pattern above needs one: most prose has neither and skips them all
PERSONAL_MAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "live.com",
    "live.co.uk",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "aol.com",
    "btinternet.com",
    "protonmail.com",
}
NHS_NUMBER = rule(
    "personal-nhs-number",
    "error",
    "An NHS number",
    "this looks like an NHS number; remove it: the knowledge base never holds a child's identifiers",
    entry_example("personal-nhs-number", what_was_done="The plan was filed under NHS number 943 476 5919."),
)
NI_NUMBER = rule(
    "personal-ni-number",
    "error",
    "A National Insurance number",
    "this looks like a National Insurance number; remove it",
    entry_example("personal-ni-number", what_was_done="The plan was filed under AB 12 34 56 C."),
)
DATE_OF_BIRTH = rule(
    "personal-date-of-birth",
    "error",
    "A date of birth",
    "this looks like a date of birth; give an age band instead (age_bands)",
    entry_example("personal-date-of-birth", what_was_done="The young person, born on 12/03/2009, was offered a mentor."),
)
POSTCODE = rule(
    "personal-postcode",
    "error",
    "A full postcode in a case review",
    "a full postcode can identify a child's home; name the borough instead",
    entry_example("personal-postcode", "case_review", learning_points=["The family lived at ZZ9 9ZZ, near the school."]),
)
PERSONAL_MAILBOX = rule(
    "personal-mailbox",
    "error",
    "A personal webmail address",
    "`{address}` is a personal mailbox; give only a published work or team address",
    entry_example("personal-mailbox", contact={"organisation": "London Borough of Example", "email": "jo.bloggs@gmail.com"}),
)
PHONE = rule(
    "personal-phone",
    "error",
    "A phone number outside a `contact` field",
    "phone numbers belong in a `contact` field, and only as the source publishes them",
    entry_example("personal-phone", what_was_done="Practitioners call 020 7946 0000 to book a place."),
)
EMAIL = rule(
    "personal-email",
    "error",
    "An e-mail address outside a `contact` field",
    "e-mail addresses belong in a `contact` field, and only as the source publishes them",
    entry_example("personal-email", what_was_done="Practitioners write to youth.team@example.org to book a place."),
)
MESSAGES = {each.code: each.message for each in (NHS_NUMBER, NI_NUMBER, DATE_OF_BIRTH, POSTCODE, PERSONAL_MAILBOX, PHONE, EMAIL)}

# What the entry form in the browser runs (kb.entry_form.rules exports their source and flags).
PATTERNS = {
    "nhs_candidate": _NHS_CANDIDATE,
    "ni_number": _NI_NUMBER,
    "date_of_birth": _DATE_OF_BIRTH,
    "postcode": _POSTCODE,
    "uk_phone": _UK_PHONE,
    "email": _EMAIL,
    "digit_or_at": _DIGIT_OR_AT,
}


def is_valid_nhs_number(digits: str) -> bool:
    """The NHS number's modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def personal_mailbox(address: str) -> tuple[str, str] | None:
    """(message, rule) if the address is at a personal webmail provider: only work or team mailboxes are published."""
    if address.rsplit("@", 1)[-1].lower() in PERSONAL_MAIL_DOMAINS:
        return PERSONAL_MAILBOX.say(address=address), PERSONAL_MAILBOX.code
    return None


def problems_in(text: str, *, in_contact: bool, postcodes_matter: bool) -> Iterator[tuple[str, str]]:
    """(message, rule) for personal data in one text value."""
    if not _DIGIT_OR_AT.search(text):
        return
    for match in _NHS_CANDIDATE.finditer(text):
        if is_valid_nhs_number("".join(match.groups())):
            yield NHS_NUMBER.message, NHS_NUMBER.code
    if _NI_NUMBER.search(text):
        yield NI_NUMBER.message, NI_NUMBER.code
    if _DATE_OF_BIRTH.search(text):
        yield DATE_OF_BIRTH.message, DATE_OF_BIRTH.code
    if postcodes_matter and _POSTCODE.search(text):
        yield POSTCODE.message, POSTCODE.code
    has_at = "@" in text  # an address needs one; looking for it is much faster than the pattern's search
    if in_contact:
        for match in _EMAIL.finditer(text) if has_at else ():
            if found := personal_mailbox(match.group(0)):
                yield found
        return
    if _UK_PHONE.search(text):
        yield PHONE.message, PHONE.code
    if has_at and _EMAIL.search(text):
        yield EMAIL.message, EMAIL.code
