"""`kb sources check` against a local server replaying GOV.UK's Content API and issuers' pages: every state,
the exit codes, one line per failure and no traceback, and no file changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from kb.cli import main
from kb.sources.check import cited_addresses, load_documents
from kb.sources.fetching import Fetcher, Limits
from kb.sources.pages import check_link, check_page
from kb.sources.text_digest import digest_of_page
from tests.conftest import REPO, ScratchBase

from .content_api import gone, publication, redirect
from .fake_servers import Answer, FakeServer, serving

CONFIRMED = "2026-11-28"  # every scratch protocol's status_checked
FAST = [
    "--timeout",
    "0.8",
    "--retries",
    "1",
    "--backoff",
    "0.01",
]  # a slow answer fails in under two seconds; a loaded machine still answers the others in time
PAGE = "/government/publications/{}"
API = "/api/content" + PAGE


def gov_uk_answers(fake: FakeServer) -> dict[str, str]:
    """What the fake Content API says about each page, and the state the watcher must report for it."""
    fake.routes.update(
        {
            "GET " + API.format("changed"): Answer(
                200,
                publication(
                    PAGE.format("changed"),
                    "2026-12-01T10:30:00.000+00:00",
                    [
                        ("2023-12-15T11:09:00.000+00:00", "First published."),
                        ("2026-12-01T10:30:00.000+00:00", "Updated to the 2026 edition."),
                    ],
                ),
            ),
            "GET " + API.format("withdrawn"): Answer(
                200,
                publication(
                    PAGE.format("withdrawn"),
                    "2026-11-30T09:00:00.000+00:00",
                    [],
                    withdrawn_notice={
                        "explanation": '<div class="govspeak"><p>This guidance was withdrawn: see <a href="/x">the new guidance</a>.</p></div>',
                        "withdrawn_at": "2026-11-30T09:00:00.000+00:00",
                    },
                ),
            ),
            "GET " + API.format("unchanged"): Answer(
                200,
                publication(
                    PAGE.format("unchanged"),
                    "2026-10-01T08:00:00.000+01:00",
                    [("2026-10-01T08:00:00.000+01:00", "Clarified section 2.")],
                ),
            ),
            "GET " + API.format("redirected"): Answer(
                200, redirect(PAGE.format("redirected"), "/government/publications/new-home")
            ),
            "GET " + API.format("missing"): Answer(404, {"error": "not found"}),
            "GET " + API.format("removed"): Answer(
                410, gone(PAGE.format("removed"), "No longer current.", "/guidance/replacement")
            ),
            "GET " + API.format("broken"): Answer(500, "Internal Server Error"),
            "GET " + API.format("slow"): Answer(200, publication(PAGE.format("slow"), "2026-10-01T08:00:00Z", []), delay=3.0),
            "GET " + API.format("malformed"): Answer(200, '{"base_path": "/government/publications/malformed", "public_upd'),
        }
    )
    return {
        "changed": "changed",
        "withdrawn": "withdrawn",
        "unchanged": "unchanged",
        "redirected": "moved",
        "missing": "gone",
        "removed": "gone",
        "broken": "failed",
        "slow": "failed",
        "malformed": "failed",
    }


def watching(scratch: ScratchBase, pages: list[str]) -> None:
    for page in pages:
        watch = {"url": "https://www.gov.uk" + PAGE.format(page)}
        scratch.write("protocol", "watches-" + page.replace("/", "-"), status_checked=CONFIRMED, watch=watch)


def tree_digest(root: Path) -> str:
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return hashlib.sha256(b"".join(path.relative_to(root).as_posix().encode() + path.read_bytes() for path in files)).hexdigest()


def check(fake: FakeServer, root: Path, *extra: str) -> list[str]:
    return ["sources", "check", "--api-base", fake.base, "--root", str(root), "--today", "2026-12-03", *FAST, *extra]


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    with serving() as server:
        yield server


def test_every_state_against_the_content_api_with_exit_1_no_traceback_and_no_file_changed(
    scratch: ScratchBase, fake: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = gov_uk_answers(fake)
    watching(scratch, list(expected))
    before = tree_digest(scratch.root)
    assert main(check(fake, scratch.root, "--format", "json")) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["checked"] == "2026-12-03"
    states = {source["id"].removeprefix("watches-"): source for source in report["sources"]}
    assert {page: source["state"] for page, source in states.items()} == expected
    assert set(report["sources"][0]) >= {"id", "url", "state", "updated", "note"}
    assert states["changed"]["updated"] == "2026-12-01" and states["changed"]["note"] == "Updated to the 2026 edition."
    assert states["withdrawn"]["updated"] == "2026-11-30" and states["withdrawn"]["note"].startswith(
        "This guidance was withdrawn: see the new guidance"
    )
    assert states["unchanged"]["updated"] == "2026-10-01" and states["unchanged"]["note"] == "Clarified section 2."
    assert states["redirected"]["note"] == "now at https://www.gov.uk/government/publications/new-home"
    assert states["missing"]["note"] == "GOV.UK has no page at this address (HTTP 404)"
    removed = "GOV.UK answered HTTP 410: no longer published; No longer current; GOV.UK points to https://www.gov.uk/guidance/replacement"
    assert states["removed"]["note"] == removed
    assert (
        "HTTP 500" in states["broken"]["note"]
        and "within 0.8 s" in states["slow"]["note"]
        and "bad JSON" in states["malformed"]["note"]
    )
    failures = err.strip().splitlines()
    assert len(failures) == 3 and all(line.startswith("kb sources check: watches-") for line in failures)
    assert "Traceback" not in out + err
    assert tree_digest(scratch.root) == before
    assert fake.hits(API.format("broken")) == 2  # the first try and one retry


def test_only_protocols_in_force_are_watched(scratch: ScratchBase, fake: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    gov_uk_answers(fake)
    watching(scratch, ["unchanged"])
    replaced = {"url": "https://www.gov.uk" + PAGE.format("changed")}  # its page changed, but it is replaced already
    scratch.write("protocol", "old-edition", status="superseded", superseded_by="watches-unchanged", watch=replaced)
    assert main(check(fake, scratch.root, "--format", "json")) == 0
    assert [source["id"] for source in json.loads(capsys.readouterr().out)["sources"]] == ["watches-unchanged"]


def test_exit_0_when_all_unchanged_and_3_when_the_only_problems_are_failures(
    scratch: ScratchBase, fake: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    gov_uk_answers(fake)
    watching(scratch, ["unchanged"])
    assert main(check(fake, scratch.root)) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["state", "id", "updated", "address", "/", "note"]
    assert "1 checked on 2026-12-03: 1 unchanged." in table
    watching(scratch, ["broken", "malformed"])
    assert main(check(fake, scratch.root)) == 3
    out, err = capsys.readouterr()
    assert "Nothing to re-confirm, but some pages could not be read" in out and len(err.strip().splitlines()) == 2


def test_retry_after_is_obeyed_and_the_retry_succeeds(
    scratch: ScratchBase, fake: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    item = publication(PAGE.format("busy"), "2026-10-01T08:00:00Z", [])
    fake.routes["GET " + API.format("busy")] = [Answer(503, "busy", {"Retry-After": "1"}), Answer(200, item)]
    watching(scratch, ["busy"])
    assert main(check(fake, scratch.root, "--format", "json")) == 0
    assert json.loads(capsys.readouterr().out)["sources"][0]["state"] == "unchanged"
    first, second = (request for request in fake.requests if request.path == API.format("busy"))
    assert second.at - first.at >= 0.9  # it waited the second the server asked for, not the 0.01 s backoff


def test_a_path_inside_another_item_is_followed_not_reported_moved(scratch: ScratchBase, fake: FakeServer, capsys) -> None:  # type: ignore[no-untyped-def]
    fake.routes["GET " + API.format("guide/part")] = Answer(303, "", {"Location": "/api/content/government/publications/guide"})
    fake.routes["GET " + API.format("guide")] = Answer(200, publication(PAGE.format("guide"), "2026-01-01T00:00:00Z", []))
    watching(scratch, ["guide/part"])
    assert main(check(fake, scratch.root, "--format", "json")) == 0
    assert json.loads(capsys.readouterr().out)["sources"][0]["state"] == "unchanged"


HTML = "<html><body><nav>Home | News</nav><main><h1>London procedures</h1><p>{}</p><p>Last updated {}</p></main><footer>© {}</footer></body></html>"
TEXT = "Practitioners must refer a child at risk of significant harm to children's social care the same day, and record why."


def test_other_issuers_pages_by_a_conditional_get_and_their_main_texts_digest(fake: FakeServer) -> None:
    recorded = digest_of_page(HTML.format(TEXT, "1 November 2026", "2026").encode(), "text/html")
    fetcher, day = Fetcher(Limits(timeout=0.5, retries=0)), dt.date(2026, 11, 28)
    fake.routes["GET /same"] = Answer(200, HTML.format(TEXT, "2 December 2026", "2027"))  # only the date stamp and footer differ
    fake.routes["GET /edited"] = Answer(
        200, HTML.format(TEXT.replace("the same day", "within 24 hours"), "1 November 2026", "2026")
    )
    fake.routes["GET /not-modified"] = lambda request: Answer(
        304 if request.headers.get("If-Modified-Since") == "Sat, 28 Nov 2026 00:00:00 GMT" else 200
    )
    fake.routes["GET /permanent"] = Answer(301, "", {"Location": "/elsewhere"})
    fake.routes["GET /temporary"] = Answer(302, "", {"Location": "/same"})
    fake.routes["GET /gone"] = Answer(410, "Gone")

    def state(path: str, digest: str | None = recorded) -> tuple[str, str]:
        finding = check_page(fetcher, "an-entry", fake.base + path, digest, day)
        return finding.state, finding.note

    assert state("/same") == ("unchanged", "")
    assert state("/edited")[0] == "changed" and "differs from the digest recorded" in state("/edited")[1]
    assert state("/not-modified")[0] == "unchanged"
    assert state("/permanent") == ("moved", f"now at {fake.base}/elsewhere")
    assert state("/temporary") == ("unchanged", "")
    assert state("/gone") == ("gone", "the site answered HTTP 410")
    assert state("/same", None)[0] == "changed" and f"record {recorded}" in state("/same", None)[1]


def test_kb_sources_digest_prints_what_the_check_compares(fake: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    page = HTML.format(TEXT, "1 November 2026", "2026")
    fake.routes["GET /page"] = Answer(200, page)
    assert main(["sources", "digest", fake.base + "/page"]) == 0
    assert capsys.readouterr().out.strip() == digest_of_page(page.encode(), "text/html")
    assert main(["sources", "digest", fake.base + "/missing"]) == 1
    assert capsys.readouterr().err.strip() == f"kb sources digest: {fake.base}/missing: the site answered HTTP 404"


def test_links_checks_every_cited_address_for_gone_or_moved(scratch: ScratchBase, fake: FakeServer, capsys) -> None:  # type: ignore[no-untyped-def]
    gov_uk_answers(fake)
    watching(scratch, ["unchanged"])
    fake.routes["GET /still-here"] = Answer(200, "<p>Here.</p>")
    fake.routes["GET /removed"] = Answer(404, "Not found")
    fake.routes["GET /renamed"] = Answer(308, "", {"Location": "/new-name"})
    for index, path in enumerate(["/still-here", "/removed", "/renamed"]):
        source = {"title": f"Document {index}", "publisher": "A publisher", "date": "2025", "url": fake.base + path}
        scratch.write("practice_example", f"cites-{index}", sources=[source])
        scratch.write("resource", f"also-cites-{index}", sources=[source])
    cited = cited_addresses(load_documents(scratch.root))
    assert cited[fake.base + "/removed"] == ("also-cites-1", "cites-1")
    assert not any(url.startswith("https://www.gov.uk") for url in cited)  # a watched page is checked once, as watched
    assert main(check(fake, scratch.root, "--links", "--format", "json")) == 1
    links = {
        source["url"].removeprefix(fake.base): source
        for source in json.loads(capsys.readouterr().out)["sources"]
        if source["check"] == "link"
    }
    assert links["/removed"]["state"] == "gone" and links["/removed"]["cited_by"] == ["also-cites-1", "cites-1"]
    assert links["/renamed"]["state"] == "moved" and links["/renamed"]["note"] == f"now at {fake.base}/new-name"
    assert links["/still-here"]["state"] == "unchanged"
    assert fake.hits("/removed") == 1  # one request per address, however many entries cite it
    link = check_link(Fetcher(Limits(timeout=0.5, retries=0)), fake.base + "/still-here", ("x",))
    assert link.state == "unchanged" and link.check == "link"


def test_a_watched_page_larger_than_the_limit_is_not_read(fake: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.sources.fetching.MAX_BODY", 1000)
    fake.routes["GET /huge"] = Answer(200, "<p>" + "x" * 5000 + "</p>")
    finding = check_page(Fetcher(Limits(timeout=0.5, retries=0)), "an-entry", fake.base + "/huge", None, None)
    assert finding.state == "failed" and finding.note.startswith("the page is larger than")
    assert check_link(Fetcher(Limits(timeout=0.5, retries=0)), fake.base + "/huge", ("x",)).state == "unchanged"  # not read


def test_every_real_gov_uk_watched_protocol_is_read_correctly_from_a_fake_content_api(
    tmp_path: Path, fake: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real protocols in force watched on GOV.UK (copied, so nothing else is fetched), each answered with one of four
    states."""
    from kb.model import site_of

    (tmp_path / "protocols").mkdir()
    after_every_check = "2099-01-01T09:00:00Z"  # later than any status_checked, so "changed" is changed for all
    answers = {
        "changed": lambda path: Answer(200, publication(path, after_every_check, [(after_every_check, "New edition.")])),
        "withdrawn": lambda path: Answer(
            200,
            publication(
                path,
                after_every_check,
                [],
                withdrawn_notice={"explanation": "Replaced.", "withdrawn_at": after_every_check},
            ),
        ),
        "unchanged": lambda path: Answer(200, publication(path, "2020-01-01T09:00:00Z", [])),
        "failed": lambda path: Answer(502, "Bad gateway"),
    }
    expected, state_of_page = {}, {}
    for path in sorted((REPO / "protocols").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        watch = data.get("watch") or {}
        if data.get("status") in ("current", "under-review") and watch.get("url") and site_of(watch["url"]) == "gov.uk":
            page_path = urlsplit(watch["url"]).path.rstrip("/")
            if page_path not in state_of_page:  # two entries watching one page hear the same answer
                state_of_page[page_path] = list(answers)[len(state_of_page) % len(answers)]
                fake.routes[f"GET /api/content{page_path}"] = answers[state_of_page[page_path]](page_path)
            (tmp_path / "protocols" / path.name).write_bytes(path.read_bytes())
            expected[path.stem] = state_of_page[page_path]
    assert expected, "no real protocol is watched on GOV.UK"
    before = tree_digest(tmp_path)
    code = main(check(fake, tmp_path, "--format", "json"))
    out, err = capsys.readouterr()
    assert {source["id"]: source["state"] for source in json.loads(out)["sources"]} == expected
    assert code == (1 if set(expected.values()) & {"changed", "withdrawn"} else 3 if "failed" in expected.values() else 0)
    assert "Traceback" not in err and tree_digest(tmp_path) == before
