"""Every validator rule: a fixture that breaks it, and the message that names the line and the fix."""

from __future__ import annotations

import pytest

from kb.validation import NotAnEntryFile, validate_files
from tests.conftest import TODAY, ScratchBase, entry_data, entry_yaml


def problems_for(scratch: ScratchBase, rule: str) -> list[str]:
    return [problem.format() for problem in scratch.validate().problems if problem.rule == rule]


def test_a_valid_entry_of_every_kind_passes(scratch: ScratchBase) -> None:
    for kind in ("practice_example", "protocol", "case_review", "service", "resource", "topic"):
        scratch.write(kind, f"valid-{kind.replace('_', '-')}")
    result = scratch.validate()
    assert result.errors == 0, [problem.format() for problem in result.problems]
    assert len(result.knowledge_base.entries) == 6


@pytest.mark.parametrize(
    ("overrides", "rule", "fragment"),
    [
        ({"summary": None}, "required", "missing required field `summary`"),
        ({"summary": ""}, "empty", "`summary` is empty"),
        ({"themes": []}, "empty", "`themes` needs at least 1 item"),
        ({"title": "x" * 121}, "too-long", "the limit is 120"),
        ({"summary": ["a", "list"]}, "type", "`summary` should be text"),
        ({"titel": "Typo"}, "unknown-key", "did you mean `title`?"),
        ({"evidence_level": "strong"}, "enum", "is not allowed in `evidence_level`"),
        ({"last_reviewed": "15/01/2026"}, "date-format", "not an ISO date"),
        ({"last_reviewed": "2026-02-30"}, "date-impossible", "is not a real date"),
        ({"last_reviewed": "2027-01-01"}, "date-future", "is in the future"),
        ({"themes": ["child-criminal-exploitaton"]}, "taxonomy-unknown", "did you mean `child-criminal-exploitation`?"),
        ({"areas": ["gotham"]}, "taxonomy-unknown", "taxonomy/areas.yaml"),
        ({"category": "no-such-category"}, "taxonomy-unknown", "taxonomy/categories.yaml"),
        ({"audiences": ["wizards"]}, "taxonomy-unknown", "taxonomy/agencies.yaml"),
        ({"related": ["nowhere-entry"]}, "reference-unknown", "`related` points at `nowhere-entry`"),
        ({"sources": [{"title": "T", "publisher": "P", "date": "2021", "url": "javascript:alert(1)"}]}, "url-scheme", "https://"),
        ({"sources": [{"title": "T", "publisher": "P", "date": "2021", "url": "data:text/html,x"}]}, "url-scheme", "https://"),
    ],
)
def test_field_rules(scratch: ScratchBase, overrides: dict, rule: str, fragment: str) -> None:
    scratch.write("practice_example", "the-entry", **overrides)
    messages = problems_for(scratch, rule)
    assert messages, [problem.format() for problem in scratch.validate().problems]
    assert any(fragment in message for message in messages), messages
    assert all(message.startswith("practice_examples/the-entry.yaml:") for message in messages)


def test_message_points_at_the_line_of_the_field(scratch: ScratchBase) -> None:
    text = entry_yaml("practice_example", entry_data("practice_example", "the-entry", evidence_level="strong"))
    scratch.write_text("practice_example", "the-entry", text)
    expected_line = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith("evidence_level:"))
    (problem,) = [p for p in scratch.validate().problems if p.rule == "enum"]
    assert problem.line == expected_line


def test_id_must_equal_file_name(scratch: ScratchBase) -> None:
    scratch.write_text(
        "practice_example", "file-name", entry_yaml("practice_example", entry_data("practice_example", "other-id"))
    )
    assert any("rename the file to `other-id.yaml`" in m for m in problems_for(scratch, "id-filename"))


def test_ids_are_unique_across_kinds_and_aliases(scratch: ScratchBase) -> None:
    scratch.write("practice_example", "shared-id")
    scratch.write_text("protocol", "shared-id", entry_yaml("protocol", entry_data("protocol", "shared-id")))
    scratch.write("service", "a-service", aliases=["shared-id"])
    assert len(problems_for(scratch, "id-duplicate")) == 2


def test_superseded_protocol_needs_a_successor_that_exists(scratch: ScratchBase) -> None:
    scratch.write("protocol", "old-protocol", status="superseded")
    assert problems_for(scratch, "superseded-without-successor")
    scratch.write("protocol", "old-protocol", status="superseded", superseded_by="missing-protocol")
    assert any("`superseded_by` points at `missing-protocol`" in m for m in problems_for(scratch, "reference-unknown"))
    scratch.write("protocol", "new-protocol")
    scratch.write("protocol", "old-protocol", status="superseded", superseded_by="new-protocol")
    assert scratch.validate().errors == 0


SUCCESSOR_PAGE = {
    "title": "Example protocol 2026",
    "publisher": "An example partnership",
    "date": "2026-10",
    "url": "https://www.example.org/protocol-2026",
}


def test_superseded_protocol_may_name_an_external_successor(scratch: ScratchBase) -> None:
    scratch.write("protocol", "old-protocol", status="superseded", status_checked=None, successor=SUCCESSOR_PAGE)
    assert scratch.validate().errors == 0, [p.format() for p in scratch.validate().problems]
    scratch.write("protocol", "old-protocol", status="superseded", status_checked=None)
    (message,) = problems_for(scratch, "superseded-without-successor")
    assert "`superseded_by`" in message and "`successor`" in message
    assert message.startswith("protocols/old-protocol.yaml:")


def test_successor_address_must_be_https(scratch: ScratchBase) -> None:
    page = {**SUCCESSOR_PAGE, "url": "http://www.example.org/protocol-2026"}
    scratch.write("protocol", "old-protocol", status="superseded", successor=page)
    (message,) = problems_for(scratch, "successor-not-https")
    assert "https://" in message and "`successor.url`" in message


@pytest.mark.parametrize("status", ["current", "under-review"])
def test_a_status_in_force_needs_the_day_it_was_confirmed(scratch: ScratchBase, status: str) -> None:
    scratch.write("protocol", "the-protocol", status=status, status_checked=None)
    (message,) = problems_for(scratch, "status-unchecked")
    assert "`status_checked`" in message and "`status_source`" in message and "source document's date" in message
    text = (scratch.root / "protocols" / "the-protocol.yaml").read_text(encoding="utf-8").splitlines()
    status_line = next(number for number, line in enumerate(text, 1) if line.startswith("status:"))
    assert message.startswith(f"protocols/the-protocol.yaml:{status_line}:")


def test_status_checked_in_the_future_is_an_error(scratch: ScratchBase) -> None:
    scratch.write("protocol", "the-protocol", status_checked="2026-11-23")  # the tests' today is 2026-11-22
    (problem,) = [p for p in scratch.validate().problems if p.rule == "status-checked-future"]
    assert problem.severity == "error" and "2026-11-23" in problem.message


@pytest.mark.parametrize(("checked", "warned"), [("2025-11-22", False), ("2025-11-21", True), ("2021-11-01", True)])
def test_a_status_confirmed_more_than_a_year_ago_is_a_warning(scratch: ScratchBase, checked: str, warned: bool) -> None:
    scratch.write("protocol", "the-protocol", status_checked=checked)
    result = scratch.validate()
    found = [p for p in result.problems if p.rule == "status-unconfirmed"]
    assert result.errors == 0
    assert bool(found) == warned
    if warned:
        (problem,) = found
        assert problem.severity == "warning"
        assert "update `status_checked`" in problem.message and "`status_source`" in problem.message
        assert "not confirmed since" in problem.message


def test_a_superseded_status_is_not_warned_about_its_age(scratch: ScratchBase) -> None:
    scratch.write("protocol", "old-protocol", status="superseded", status_checked="2019-01-01", successor=SUCCESSOR_PAGE)
    assert "status-unconfirmed" not in scratch.rules()


def test_modeline_is_required(scratch: ScratchBase) -> None:
    text = entry_yaml("practice_example", entry_data("practice_example", "no-modeline")).split("\n", 1)[1]
    scratch.write_text("practice_example", "no-modeline", text)
    assert any("yaml-language-server" in m for m in problems_for(scratch, "schema-modeline"))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Read <b>this</b> first.", "markdown-html"),
        ("<script>alert(1)</script>", "markdown-html"),
        ("Hidden <!-- a comment --> note.", "markdown-html"),
        ("[Click](javascript:alert(1))", "markdown-link-scheme"),
        ("![pixel](data:image/png;base64,AAAA)", "markdown-link-scheme"),
        ("[relative](../secret)", "markdown-link-scheme"),
        ("[ref]\n\n[ref]: javascript:alert(1)", "markdown-link-scheme"),
        ('A paragraph.\n{: onclick="alert(1)" }', "markdown-attribute-list"),
        ("Heading text {#id .class}", "markdown-attribute-list"),
    ],
)
def test_unsafe_markdown_is_refused(scratch: ScratchBase, text: str, rule: str) -> None:
    scratch.write("practice_example", "markdown", what_was_done=text)
    assert problems_for(scratch, rule)


def test_safe_markdown_passes(scratch: ScratchBase) -> None:
    text = "Read **the protocol** and [the guidance](https://www.gov.uk/) or [write](mailto:team@example.org). Ages 10 < 18."
    scratch.write("practice_example", "markdown", what_was_done=text)
    rules = scratch.rules()
    assert not {rule for rule in rules if rule.startswith("markdown")}


@pytest.mark.parametrize(
    ("text", "rule", "kind"),
    [
        ("The child's NHS number was 943 476 5919.", "personal-nhs-number", "practice_example"),
        ("NI number AB 12 34 56 C was recorded.", "personal-ni-number", "practice_example"),
        ("Date of birth: 03/04/2009.", "personal-date-of-birth", "practice_example"),
        ("She was born on 3 April 2009.", "personal-date-of-birth", "practice_example"),
        ("Call 020 7946 0000 for help.", "personal-phone", "practice_example"),
        ("Write to someone@example.org.", "personal-email", "practice_example"),
        ("The family lived at SW1A 1AA.", "personal-postcode", "case_review"),
    ],
)
def test_personal_data_in_free_text_is_refused(scratch: ScratchBase, text: str, rule: str, kind: str) -> None:
    field = "what_was_done" if kind == "practice_example" else "details"
    scratch.write(kind, "personal", **{field: text})
    assert problems_for(scratch, rule)


def test_numbers_that_are_not_personal_data_pass(scratch: ScratchBase) -> None:
    # 1234567890 fails the NHS modulus-11 check; years and statistics are fine.
    text = "Reference 123 456 7890. In 2021, 58 versus 637 days. Published 2021-11-30."
    scratch.write("practice_example", "numbers", what_was_done=text)
    assert not {rule for rule in scratch.rules() if rule.startswith("personal")}


def test_contact_fields_may_hold_published_work_details(scratch: ScratchBase) -> None:
    contact = {"name": "Team mailbox", "email": "team@example.gov.uk", "phone": "020 7946 0000"}
    scratch.write("practice_example", "contact", contact=contact)
    assert not {rule for rule in scratch.rules() if rule.startswith("personal")}


def test_personal_mailbox_refused_even_in_contact(scratch: ScratchBase) -> None:
    scratch.write("practice_example", "contact", contact={"name": "A worker", "email": "someone@gmail.com"})
    assert problems_for(scratch, "personal-mailbox")


def test_validation_never_changes_a_file(scratch: ScratchBase) -> None:
    path = scratch.write("practice_example", "untouched", title="x" * 200)
    before = path.read_bytes()
    scratch.validate()
    assert path.read_bytes() == before


def test_validating_named_files_checks_them_against_the_rest(scratch: ScratchBase) -> None:
    scratch.write("practice_example", "named-entry", related=["missing-entry"], aliases=["other-entry"])
    scratch.write("practice_example", "other-entry")
    scratch.write("practice_example", "broken-elsewhere", title="")
    named = scratch.root / "practice_examples" / "named-entry.yaml"
    result = validate_files(scratch.root, [named], today=TODAY)
    assert {problem.path for problem in result.problems} == {"practice_examples/named-entry.yaml"}
    assert {problem.rule for problem in result.problems} == {"reference-unknown", "id-duplicate"}
    assert result.files_checked == 1
    # the same words as a full run; a clash of ids is always reported on the named file (a full run
    # reports it on whichever of the two files comes second)
    full = [p for p in scratch.validate().problems if p.path == "practice_examples/named-entry.yaml"]
    assert [p.format() for p in full if p.rule != "id-duplicate"] == [
        p.format() for p in result.problems if p.rule != "id-duplicate"
    ]


def test_a_named_file_outside_the_knowledge_base_is_a_usage_error(scratch: ScratchBase) -> None:
    with pytest.raises(NotAnEntryFile, match="not a knowledge base file"):
        validate_files(scratch.root, [scratch.root / "README.md"])


def _line_of(scratch: ScratchBase, kind_folder: str, entry_id: str, starts: str) -> int:
    text = (scratch.root / kind_folder / f"{entry_id}.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(text, 1) if line.lstrip().startswith(starts))


@pytest.mark.parametrize("status", ["current", "under-review"])
def test_a_protocol_in_force_must_name_the_issuers_page_it_is_watched_on(scratch: ScratchBase, status: str) -> None:
    scratch.write("protocol", "the-protocol", status=status, watch=None)
    result = scratch.validate()
    (problem,) = [p for p in result.problems if p.rule == "watch-missing"]
    assert problem.severity == "error" and result.errors == 1
    assert "`watch:`" in problem.message and "`kb sources digest URL`" in problem.message and "third party" in problem.message
    assert problem.line == _line_of(scratch, "protocols", "the-protocol", "status:")


def test_a_replaced_protocol_needs_no_watch(scratch: ScratchBase) -> None:
    scratch.write("protocol", "old-protocol", status="superseded", watch=None, successor=SUCCESSOR_PAGE)
    assert "watch-missing" not in scratch.rules()


def test_a_status_confirmed_on_another_site_than_the_watched_page_is_a_secondary_source(scratch: ScratchBase) -> None:
    source = {
        "title": "Guidance explained",
        "publisher": "A training company",
        "date": "2024-02-05",
        "url": "https://blog.example.net/x",
    }
    scratch.write("protocol", "the-protocol", status_source=source, watch={"url": "https://www.gov.uk/government/publications/x"})
    result = scratch.validate()
    (problem,) = [p for p in result.problems if p.rule == "status-source-secondary"]
    assert problem.severity == "warning" and result.errors == 0
    assert "blog.example.net, not the issuer's own site gov.uk" in problem.message
    assert "against a secondary source (A training company, 5 February 2024)" in problem.message
    assert problem.line == _line_of(scratch, "protocols", "the-protocol", "url: https://blog.example.net/x")


def test_gov_uk_with_and_without_www_is_one_site(scratch: ScratchBase) -> None:
    source = {"title": "X", "publisher": "Home Office", "date": "2026-11", "url": "https://gov.uk/government/publications/x"}
    scratch.write("protocol", "the-protocol", status_source=source, watch={"url": "https://www.gov.uk/government/publications/x"})
    assert not {"status-source-secondary", "watch-digest-missing"} & scratch.rules()


def test_a_page_off_gov_uk_is_watched_with_its_texts_digest(scratch: ScratchBase) -> None:
    scratch.write("protocol", "the-protocol", watch={"url": "https://www.example.org/protocol"})
    (message,) = problems_for(scratch, "watch-digest-missing")
    assert "warning" in message and "`kb sources digest https://www.example.org/protocol`" in message
    assert "`watch.text_digest`" in message


def test_an_entry_pointing_at_superseded_guidance_is_warned_with_what_replaced_it(scratch: ScratchBase) -> None:
    scratch.write("protocol", "new-protocol", title="Example protocol 2026", related=["old-protocol"])  # its successor: fine
    scratch.write(
        "protocol",
        "old-protocol",
        title="Example protocol 2018",
        status="superseded",
        superseded_by="new-protocol",
        status_date="2026-10-01",
        watch={"url": "https://www.gov.uk/government/publications/old"},
    )
    scratch.write("practice_example", "uses-old", related=["old-protocol"])
    cited = [{"title": "Old protocol", "publisher": "DfE", "date": "2018", "url": "https://gov.uk/government/publications/old/"}]
    scratch.write("practice_example", "cites-old", sources=cited)
    found = [p for p in scratch.validate().problems if p.rule == "refers-to-replaced"]
    assert sorted(p.path for p in found) == ["practice_examples/cites-old.yaml", "practice_examples/uses-old.yaml"]
    by_path = {p.path: p for p in found}
    related = by_path["practice_examples/uses-old.yaml"]
    assert related.severity == "warning"
    assert "`related` refers to Example protocol 2018, replaced by Example protocol 2026 on 1 October 2026" in related.message
    assert related.line == _line_of(scratch, "practice_examples", "uses-old", "- old-protocol")
    assert "a source's address refers to Example protocol 2018" in by_path["practice_examples/cites-old.yaml"].message


def test_a_broken_status_source_on_another_site_is_still_reported_not_a_crash(scratch: ScratchBase) -> None:
    source = {
        "title": "A post",
        "date": "2024-13",
        "url": "https://blog.example.net/x",
        "extra": 1,
    }  # no publisher, no such month
    scratch.write("protocol", "the-protocol", status_source=source, watch={"url": "https://www.gov.uk/x"})
    rules = scratch.rules()
    assert "status-source-secondary" in rules and "required" in rules


def test_a_later_edition_may_name_every_edition_before_it(scratch: ScratchBase) -> None:
    scratch.write_replaced_edition(status_date="2026-11")  # old-protocol, replaced by new-protocol
    scratch.write("protocol", "first-protocol", status="superseded", superseded_by="old-protocol", watch=None)
    scratch.write("protocol", "new-protocol", title="Example protocol 2026", related=["old-protocol", "first-protocol"])
    scratch.write("practice_example", "uses-first", related=["first-protocol"])
    found = [p for p in scratch.validate().problems if p.rule == "refers-to-replaced"]
    assert [p.path for p in found] == ["practice_examples/uses-first.yaml"]
    assert "replaced by Example protocol 2023" in found[0].message


def test_kb_validate_path_warns_of_replaced_guidance_as_a_full_run_does(scratch: ScratchBase) -> None:
    """`kb validate PATH` reads only the protocols the named entries point at, and the editions after them."""
    scratch.write(
        "protocol",
        "old-protocol",
        status="superseded",
        superseded_by="new-protocol",
        status_date="2026-10-01",
        watch={"url": "https://www.gov.uk/government/publications/old"},
    )
    scratch.write("protocol", "first-protocol", status="superseded", superseded_by="old-protocol", watch=None)
    scratch.write("protocol", "new-protocol", title="Example protocol 2026", related=["old-protocol", "first-protocol"])
    scratch.write("practice_example", "uses-first", related=["first-protocol"])
    cited = [{"title": "Old protocol", "publisher": "DfE", "date": "2018", "url": "https://gov.uk/government/publications/old/"}]
    scratch.write("practice_example", "cites-old", sources=cited)
    full = {p.format() for p in scratch.validate().problems if p.rule == "refers-to-replaced"}
    named = [scratch.root / folder / f"{name}.yaml" for folder, name in PATHS_POINTING_AT_REPLACED]
    alone = {p.format() for p in validate_files(scratch.root, named, today=TODAY).problems if p.rule == "refers-to-replaced"}
    assert len(full) == 2 and alone == full


PATHS_POINTING_AT_REPLACED = [
    ("practice_examples", "uses-first"),
    ("practice_examples", "cites-old"),
    ("protocols", "new-protocol"),  # names the editions before it: no warning either way
]


def test_validation_pauses_the_garbage_collector_and_leaves_it_as_it_was(scratch: ScratchBase) -> None:
    import gc

    from kb.validation import validate

    seen: list[bool] = []

    def model_check(knowledge_base: object) -> list:  # type: ignore[type-arg]
        seen.append(gc.isenabled())
        return []

    scratch.write("practice_example", "panel", title="A panel")
    assert gc.isenabled()
    validate(scratch.root, extra_checks=[model_check])
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        validate(scratch.root)
        assert not gc.isenabled()  # one who paused it keeps it paused
    finally:
        gc.enable()
