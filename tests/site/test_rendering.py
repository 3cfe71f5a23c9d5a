"""Markdown rendering, sanitising, abbreviations, links and dates."""

from __future__ import annotations

import datetime as dt

from kb.dates import human_date, on_date
from kb.site.abbreviations import expand_abbreviations
from kb.site.links import relative, repo_url, web_address
from kb.site.markdown_html import markdown_block, markdown_inline, sanitise


def test_markdown_is_rendered_with_raw_html_escaped_and_unsafe_links_dropped() -> None:
    html = markdown_block("**Bold** <script>alert(1)</script> [x](javascript:alert(1)) [y](https://a.example)")
    assert "<strong>Bold</strong>" in html and "<script" not in html and "javascript:" not in html.replace("](javascript:", "")
    assert '<a href="https://a.example" rel="noopener noreferrer">y</a>' in html


def test_sanitiser_is_a_second_layer_for_html_that_gets_through() -> None:
    assert sanitise('<p onclick="x()">a<img src=x onerror=y><iframe></iframe></p>') == "<p>a</p>"


def test_headings_in_contributor_text_are_demoted_and_inline_has_no_paragraph() -> None:
    assert markdown_block("# Title") == "<h3>Title</h3>"
    assert markdown_inline("a *b*") == "a <em>b</em>"


def test_abbreviations_wrap_terms_in_text_but_not_in_links_code_or_attributes() -> None:
    html = '<p title="CCE">CCE and CCE <a href="#">CCE</a> <code>CCE</code> CCE-like</p>'
    out = expand_abbreviations(html, {"CCE": "Child criminal exploitation"})
    assert out == (
        '<p title="CCE"><abbr title="Child criminal exploitation" tabindex="0">CCE</abbr> and '
        '<abbr title="Child criminal exploitation">CCE</abbr> <a href="#">CCE</a> <code>CCE</code> CCE-like</p>'
    )


def test_abbreviations_follow_nested_skipped_elements_and_tags_in_any_case() -> None:
    terms = {"CCE": "Child criminal exploitation"}
    html = '<A HREF="#"><code>x</code> CCE</A> <pre><code>CCE</code> CCE</pre> <br/> /CCE &CCE CCE <b'
    assert expand_abbreviations(html, terms) == (
        '<A HREF="#"><code>x</code> CCE</A> <pre><code>CCE</code> CCE</pre> <br/> /CCE &CCE '
        '<abbr title="Child criminal exploitation" tabindex="0">CCE</abbr> <b'
    )
    assert expand_abbreviations("<p>no terms here</p>", terms) == "<p>no terms here</p>"


def test_expansions_are_escaped() -> None:
    assert 'title="A &amp; &quot;B&quot;"' in expand_abbreviations("<p>AB</p>", {"AB": 'A & "B"'})


def test_relative_links_between_directory_urls() -> None:
    assert relative("protocols/y/", "practice-examples/x/") == "../../protocols/y/"
    assert relative("", "themes/") == "../"
    assert relative("search/", "") == "search/"
    assert relative("topics/t/#signs", "contents/") == "../topics/t/#signs"
    assert relative("#here", "a/b/") == "#here"


def test_repository_address_from_environment_or_remote_and_never_guessed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert repo_url(tmp_path, {"KB_REPO_URL": "https://github.com/o/r/"}) == "https://github.com/o/r"
    assert repo_url(tmp_path, {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r"}) == "https://github.com/o/r"
    assert repo_url(tmp_path, {}) == ""  # not a git repository, nothing set
    assert web_address("git@github.com:o/r.git") == "https://github.com/o/r"
    assert web_address("https://token@github.com/o/r.git") == "https://github.com/o/r"
    assert web_address("/srv/git/r") == ""


def test_dates_read_as_people_write_them() -> None:
    assert human_date("2025-07") == "July 2025"
    assert human_date("2025") == "2025"
    assert human_date(dt.date(2026, 11, 1)) == "1 November 2026"


def test_finished_html_is_set_aside_from_markdown_and_put_back_unchanged() -> None:
    from kb.site import finished_html

    block = finished_html.mark(
        '<ul class="kb-list">\n\n<li>*not emphasis* &amp; CCE</li>\n' + str(finished_html.mark("<li>inner</li>")) + "</ul>"
    )
    assert block.count(finished_html.START) == 1 and "\n\n" not in block  # one block, no blank line to end it early
    markdown, blocks = finished_html.set_aside(f"# Title\n\n{block}\n\nAfter *this*.\n")
    assert "kb-list" not in markdown and len(blocks) == 1
    html = "<h1>Title</h1>\n<p>kbfinishedhtml0</p>\n<p>After <em>this</em>.</p>"  # what Python-Markdown makes of it
    restored = finished_html.put_back(html, blocks)
    assert '<ul class="kb-list">\n<li>*not emphasis* &amp; CCE</li>\n<li>inner</li>\n</ul>' in restored
    assert "<em>this</em>" in restored and "kbfinishedhtml" not in restored


def test_a_date_takes_the_preposition_its_precision_needs() -> None:
    assert on_date("2023-12-15") == "on 15 December 2023"  # "superseded on 15 December 2023"
    assert on_date("2023-12") == "in December 2023"
    assert on_date("2023") == "in 2023"
    assert on_date("") == ""
