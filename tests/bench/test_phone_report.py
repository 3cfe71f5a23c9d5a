"""The benchmark report carries the phone figures of benchmarks/mobile_profile.py and judges issue #14's targets."""

from __future__ import annotations

from benchmarks.report import figure_rows, verdicts


def _served(lcp: float, ours: float, theirs: float) -> dict:
    return {
        "lcp_seconds": {"home": lcp, "entry": lcp, "search": lcp},
        "first_result_seconds": {"ours": ours, "pagefind-ui": theirs},
    }


def test_phone_figures_are_reported_and_judged() -> None:
    record = {"mobile": {"gzip": _served(1.2, 2.1, 2.4), "as files": _served(1.8, 4.0, 3.0)}}
    rows = dict(figure_rows({3000: record}))
    assert rows["phone, gzip: LCP entry"] == ["1.20 s"]
    assert rows["phone, as files: first search result, Pagefind UI"] == ["3.00 s"]
    judged = {verdict.target: verdict.status for verdict in verdicts({3000: record})}
    assert judged["phone: first search result ≤ 2.5 s (3,000)"] == "PASS"
    assert judged["phone: first result ahead of Pagefind's default UI (3,000)"] == "PASS"
    assert judged["phone: largest contentful paint ≤ 2.0 s, search (3,000)"] == "PASS"
    slower = {"mobile": {"gzip": _served(2.2, 2.6, 2.4)}}
    assert {v.status for v in verdicts({3000: slower}) if v.target.startswith("phone")} == {"MISS"}
