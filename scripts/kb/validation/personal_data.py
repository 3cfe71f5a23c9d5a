"""Personal data that must never reach a safeguarding knowledge base.

Each check is tuned to avoid false alarms on ordinary content (years, statistics,
document numbers): an NHS number must pass its modulus-11 check, a date must sit next
to words that make it a date of birth, and a phone number must look like a UK number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
# rule -> message; the entry form in the browser shows the same words (kb.entry_form.rules exports them).
MESSAGES = {
    "personal-nhs-number": "this looks like an NHS number; remove it: the knowledge base never holds a child's identifiers",
    "personal-ni-number": "this looks like a National Insurance number; remove it",
    "personal-date-of-birth": "this looks like a date of birth; give an age band instead (age_bands)",
    "personal-postcode": "a full postcode can identify a child's home; name the borough instead",
    "personal-mailbox": "`{address}` is a personal mailbox; give only a published work or team address",
    "personal-phone": "phone numbers belong in a `contact` field, and only as the source publishes them",
    "personal-email": "e-mail addresses belong in a `contact` field, and only as the source publishes them",
}

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
        return MESSAGES["personal-mailbox"].format(address=address), "personal-email"
    return None


def problems_in(text: str, *, in_contact: bool, postcodes_matter: bool) -> Iterator[tuple[str, str]]:
    """(message, rule) for personal data in one text value."""
    if not _DIGIT_OR_AT.search(text):
        return
    for match in _NHS_CANDIDATE.finditer(text):
        if is_valid_nhs_number("".join(match.groups())):
            yield MESSAGES["personal-nhs-number"], "personal-nhs-number"
    if _NI_NUMBER.search(text):
        yield MESSAGES["personal-ni-number"], "personal-ni-number"
    if _DATE_OF_BIRTH.search(text):
        yield MESSAGES["personal-date-of-birth"], "personal-date-of-birth"
    if postcodes_matter and _POSTCODE.search(text):
        yield MESSAGES["personal-postcode"], "personal-postcode"
    if in_contact:
        for match in _EMAIL.finditer(text):
            if found := personal_mailbox(match.group(0)):
                yield found
        return
    if _UK_PHONE.search(text):
        yield MESSAGES["personal-phone"], "personal-phone"
    if _EMAIL.search(text):
        yield MESSAGES["personal-email"], "personal-email"
