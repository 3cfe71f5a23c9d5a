"""The contribution form (contribute/new/) in Chromium, on the real built site: a contributor fills it
by its labels, and what it writes passes `kb validate`; its errors are kb validate's; its draft
survives a reload; its GitHub link is right; it stays on its own origin, on a phone and by keyboard."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from playwright.sync_api import expect
from yamllint import linter
from yamllint.config import YamlLintConfig

from kb.cli import main as kb_main
from kb.content_model import ENUM_LABELS
from kb.validation import file_rules, personal_data, schema_rules
from tests.conftest import SOURCE, ScratchBase

REPO = Path(__file__).resolve().parents[2]
FORM = "contribute/new/"
REPOSITORY = {
    "url": "https://github.com/example-org/safeguarding-kb",
    "owner": "example-org",
    "name": "safeguarding-kb",
    "branch": "main",
}
# Text that YAML could misread if it were written carelessly: a colon, a hash, quotes, "yes", lines.
WHAT_WAS_DONE = (
    'Practitioners met weekly: a "plan together" session, #1 on the agenda.\n\n'
    "yes\n  - an indented line\n- a list item with 'quotes'"
)


def term_label(vocabulary: str, index: int = 0) -> str:
    terms = yaml.safe_load((REPO / "taxonomy" / f"{vocabulary}.yaml").read_text(encoding="utf-8"))[vocabulary]
    return terms[index]["label"]


def open_form(page, site_url: str, repository: dict | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the form in the test's fresh profile, so with no draft; return the list every request's address is
    added to. (The page writes no draft on opening: clearing the storage and reloading, as this did, cost a load.)"""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    if repository is not None:  # the real site here has no remote; give the page one, as a deployed build has

        def with_repository(route) -> None:  # type: ignore[no-untyped-def]
            data = route.fetch().json()
            route.fulfill(json={**data, "repository": repository})

        page.route("**/form-data.json", with_repository)
    page.goto(site_url + FORM)
    assert page.evaluate("localStorage.length") == 0, "a draft from another test: this one needs a profile of its own"
    label(page, "Title").wait_for()
    return requests


def label(page, text: str):  # type: ignore[no-untyped-def]
    """The first control labelled exactly `text` (a source's "Title" comes after the entry's)."""
    return page.get_by_label(text, exact=True).first


def group(page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("group", name=name, exact=False).first


def fill_practice_example(page, *, what_was_done: str = WHAT_WAS_DONE, source_date: str = "2021-11", impact: str = "x") -> str:  # type: ignore[no-untyped-def]
    title = "Weekly planning between youth workers and schools"
    label(page, "Title").fill(title)
    label(page, "Summary").fill("Youth workers and school leads plan together each week. It shows how shared planning works.")
    group(page, "Themes").get_by_label(term_label("themes"), exact=True).check()
    group(page, "Areas").get_by_label(term_label("areas", 1), exact=True).check()
    group(page, "Audiences").get_by_label(term_label("agencies"), exact=True).check()
    source = group(page, "Source 1")
    source.get_by_label("Title").fill(SOURCE["title"])
    source.get_by_label("Publisher").fill(SOURCE["publisher"])
    source.get_by_label("Date").fill(source_date)
    label(page, "Organisation").fill("London Borough of Example")
    group(page, "Category").get_by_label(term_label("categories"), exact=True).check()
    label(page, "What was done").fill(what_was_done)
    if impact:
        label(page, "Impact").fill("The source does not report outcomes." if impact == "x" else impact)
    group(page, "Evidence level").get_by_label(ENUM_LABELS["evidence_level"]["not-evaluated"]).check()
    return title


def check_entry(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Check my entry").click()


def test_the_form_writes_an_entry_that_kb_validate_accepts(page, site_url: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    requests = open_form(page, site_url)
    fill_practice_example(page)
    label(page, "Problem (optional)").fill("Spaces at the end   \n\n\n\nand blank lines in a row.  ")
    check_entry(page)
    expect(page.locator("#entry-yaml")).not_to_be_empty()
    text = page.text_content("#entry-yaml") or ""
    assert text.startswith("# yaml-language-server: $schema=../schemas/practice_example.schema.json\n")
    data = yaml.safe_load(text)
    assert data["id"] == "weekly-planning-between-youth-workers-and-schools"
    assert data["what_was_done"] == WHAT_WAS_DONE  # the typed text comes back exactly
    assert list(data)[:3] == ["id", "title", "summary"]  # kb new's order: the schema's
    assert data["problem"] == "Spaces at the end\n\nand blank lines in a row."  # as yamllint --strict wants files
    lint = YamlLintConfig(file=str(REPO / ".yamllint.yaml"))
    assert not [str(problem) for problem in linter.run(text, lint)]
    ScratchBase(tmp_path).write_text("practice_example", data["id"], text)
    today = dt.datetime.now(dt.UTC).date().isoformat()  # the page dates the entry with today in UTC
    assert kb_main(["validate", "--root", str(tmp_path), "--today", today]) == 0, capsys.readouterr().out
    assert page.get_attribute("#kb-download", "download") == f"{data['id']}.yaml"
    outside = [url for url in requests if not url.startswith((site_url, "blob:", "data:"))]
    assert not outside, outside
    assert not page.console_errors


def test_errors_are_kb_validates_in_the_summary_and_on_each_field(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_form(page, site_url)
    fill_practice_example(page, what_was_done="Ask jo.bloggs@gmail.com for the plan.", source_date="2024-02-30", impact="")
    check_entry(page)
    summary = page.locator("#kb-error-summary")
    expect(summary).to_be_focused()
    expected = {
        "What was done": personal_data.EMAIL.say(),
        "Impact": schema_rules.REQUIRED.say(
            missing="impact", where="", hint=" (What changed and how that is known. If the source publishes no outcomes, say so.)"
        ),
        "Date": file_rules.DATE_IMPOSSIBLE.say(text="2024-02-30"),
    }
    links = summary.get_by_role("link")
    summary_text = [link.inner_text() for link in links.all()]
    for name, message in expected.items():
        shown = message.replace("`", "")  # the page shows `names` as code
        assert f"{name}: {shown}" in summary_text, summary_text
        link = summary.get_by_role("link", name=f"{name}: {shown}")
        field_id = (link.get_attribute("href") or "")[1:]
        field = page.locator(f"#{field_id}")
        error = page.locator(".kb-field--error", has=field).last.locator(".kb-error-message").first
        expect(error).to_contain_text(shown)
        link.click()
        expect(field).to_be_focused()
    assert len(summary_text) == 3, summary_text
    expect(page.locator("#kb-result-body")).to_be_hidden()
    assert page.text_content("#entry-yaml") == ""
    expect(page.locator("#propose-on-github")).to_be_hidden()
    label(page, "What was done").fill("Practitioners met weekly to plan together.")
    label(page, "Impact").fill("The source does not report outcomes.")
    group(page, "Source 1").get_by_label("Date").fill("2021-11")
    expect(page.locator("#entry-yaml")).not_to_be_empty()
    expect(summary).to_be_hidden()


def test_the_same_words_as_kb_validate_for_the_same_faults(page, site_url: str, scratch: ScratchBase) -> None:  # type: ignore[no-untyped-def]
    open_form(page, site_url)
    fill_practice_example(page, what_was_done="Call 020 7946 0000 for the plan.", source_date="2999-01")
    label(page, "Problem (optional)").fill("See <b>this.")
    check_entry(page)
    page_text = page.locator("#kb-error-summary").inner_text()
    scratch.write("practice_example", "faulty", what_was_done="Call 020 7946 0000 for the plan.", problem="See <b>this.")
    scratch.write("practice_example", "future", sources=[{**SOURCE, "date": "2999-01"}])
    messages = {problem.message for problem in scratch.validate().problems}
    assert len(messages) == 3, messages
    for message in messages:
        assert message.replace("`", "") in page_text, (message, page_text)


def test_a_reload_restores_the_draft_and_start_again_clears_it(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_form(page, site_url)
    label(page, "Title").fill("A draft that must survive")
    theme = term_label("themes", 2)
    group(page, "Themes").get_by_label(theme, exact=True).check()
    page.get_by_role("button", name="Add another source").click()
    group(page, "Source 2").get_by_label("Publisher").fill("A second publisher")
    label(page, "What was done").fill("Half written")
    page.wait_for_function(  # the draft is saved a moment after typing stops
        "Object.keys(localStorage).some(key => localStorage.getItem(key).includes('Half written'))", timeout=5_000
    )
    page.reload()
    expect(label(page, "Title")).to_have_value("A draft that must survive")
    expect(group(page, "Themes").get_by_label(theme, exact=True)).to_be_checked()
    expect(group(page, "Source 2").get_by_label("Publisher")).to_have_value("A second publisher")
    expect(label(page, "What was done")).to_have_value("Half written")
    expect(page.locator("#kb-form-restored")).to_contain_text("We restored the draft")
    page.get_by_role("button", name="Start again").click()
    expect(label(page, "Title")).to_have_value("")
    page.reload()
    expect(label(page, "What was done")).to_have_value("")


def test_propose_on_github_opens_the_new_file_editor_with_the_entry(page, site_url: str, axe_violations) -> None:  # type: ignore[no-untyped-def]
    open_form(page, site_url, REPOSITORY)
    fill_practice_example(page)
    check_entry(page)
    link = page.locator("#propose-on-github")
    expect(link).to_be_visible()
    assert axe_violations(page) == ""  # with the entry and its links shown
    address = urlsplit(link.get_attribute("href") or "")
    assert (address.scheme, address.netloc) == ("https", "github.com")
    assert address.path == "/example-org/safeguarding-kb/new/main/practice_examples"
    query = parse_qs(address.query)
    assert query["filename"] == ["weekly-planning-between-youth-workers-and-schools.yaml"]
    assert query["value"] == [page.text_content("#entry-yaml")]
    assert page.get_attribute("#kb-issue-link", "href") == (
        "https://github.com/example-org/safeguarding-kb/issues/new?template=practice-example.yml"
    )
    # Too long for an address: the editor opens on an empty file, and the page says to paste.
    label(page, "What was done").fill("Practitioners met weekly to plan together. " * 120)
    expect(page.locator("#kb-propose-help")).to_contain_text("too long")
    address = urlsplit(link.get_attribute("href") or "")
    assert parse_qs(address.query) == {"filename": ["weekly-planning-between-youth-workers-and-schools.yaml"]}


def test_the_built_page_carries_the_build_context(built_site: Path) -> None:
    data = json.loads((built_site / FORM / "form-data.json").read_text(encoding="utf-8"))
    assert data["kinds"][0]["name"] == "practice_example"
    assert "philomena-protocol" in data["taken"]
    submit_page = (built_site / "contribute" / "index.html").read_text(encoding="utf-8")
    assert submit_page.index('href="new/"') < submit_page.index("Other ways to submit")  # it leads with the form
    for name in ("ajv", "yaml", "markdown-it"):  # vendored with their licences
        assert (built_site / FORM / "vendor" / f"{name}.js").is_file()
        assert (built_site / FORM / "vendor" / f"{name}.LICENSE.txt").is_file()


def test_a_taken_title_is_refused_with_kb_validates_words(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    open_form(page, site_url)
    label(page, "Title").fill("Philomena Protocol")
    label(page, "Title").blur()
    expect(page.locator(".kb-field--error .kb-error-message").first).to_contain_text(
        "id philomena-protocol is already used by protocols/philomena-protocol.yaml"
    )


def test_usable_on_a_phone_by_keyboard_and_passes_axe(phone_page, site_url: str, axe_violations) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    open_form(page, site_url)
    assert axe_violations(page) == ""
    page.locator("#kb-start-again").focus()
    page.keyboard.press("Shift+Tab")  # back to "Check my entry"
    page.keyboard.press("Enter")
    summary = page.locator("#kb-error-summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")  # the first error's link
    page.keyboard.press("Enter")
    expect(label(page, "Title")).to_be_focused()
    page.keyboard.type("Typed with the keyboard alone")
    page.keyboard.press("Tab")
    expect(label(page, "Summary")).to_be_focused()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert axe_violations(page) == ""  # with the error summary and the fields' errors shown
    assert not page.console_errors


# Texts on each side of every personal-data and Markdown rule: the page's checks must find what
# kb validate finds in each, no more and no less.
TRICKY_TEXTS = [
    "NHS number 943 476 5919 on file.",  # a valid check digit
    "Reference 943 476 5918 in the appendix.",  # not a valid NHS number
    "AB 12 34 56 C was quoted.",
    "Born on 12/03/2009 in the borough.",
    "Call 020 7946 0000 or +44 20 7946 0000.",
    "Write to jo.bloggs@gmail.com.",
    "In 2021, 1,234 children were seen; 20% more than 2019.",
    "See <b>this</b> and <!-- a comment -->.",
    "A [link](javascript:alert(1)) and [another](/relative/page) and [a good one](https://example.org).",
    "Bold {: onclick=alert(1)} text and ![image](data:image/png;base64,xyz).",
    "Plain prose with nothing to find.",
    "Girls involved in CSE were putting themselves at risk, the notes said.",
    'The review quotes a note: "he was a county lines runner" and moves on.',
]


def test_the_page_finds_what_kb_validate_finds_in_text(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    from kb.validation import language_rules, markdown_safety

    open_form(page, site_url)
    found_by_page = page.evaluate(
        """async (texts) => {
          const { makeChecker } = await import("./entry-checks.js");
          const data = await (await fetch("form-data.json")).json();
          const check = makeChecker(data.kinds[0], data.rules, data.taken);
          return texts.map((text) => check({ what_was_done: text }, "2026-11-28")
            .filter((problem) => problem.path.join(".") === "what_was_done").map((problem) => problem.message));
        }""",
        TRICKY_TEXTS,
    )
    assert sum(map(len, found_by_page)) >= 12  # the texts do reach the rules
    for text, messages in zip(TRICKY_TEXTS, found_by_page, strict=True):
        python = [message for message, _ in markdown_safety.problems_in(text)]
        python += [message for message, _ in personal_data.problems_in(text, in_contact=False, postcodes_matter=False)]
        python += [message for message, _ in language_rules.problems_in(text)]
        assert sorted(messages) == sorted(python), text
