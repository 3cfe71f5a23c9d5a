"""benchmarks/critical_path.py without a browser: how it reads the DevTools protocol's network events."""

from __future__ import annotations

from benchmarks.critical_path import Request, _finished, _sent

BASE = "http://127.0.0.1:8000/"


def _request(request_id: str, url: str, timestamp: float) -> dict[str, object]:
    return {"requestId": request_id, "timestamp": timestamp, "request": {"url": url, "initialPriority": "High"}}


def test_requests_are_named_by_site_path_with_their_end_and_bytes_and_inline_images_left_out() -> None:
    requests: dict[str, Request] = {}
    _sent(_request("1", BASE + "pagefind/wasm.en.pagefind", 10.5), BASE, requests)
    _sent(_request("2", "data:image/svg+xml;charset=utf-8,<svg/>", 10.6), BASE, requests)
    _finished({"requestId": "1", "timestamp": 11.25, "encodedDataLength": 72_400}, requests)
    _finished({"requestId": "3", "timestamp": 12.0, "encodedDataLength": 10}, requests)  # never seen sent: ignored
    assert requests == {"1": Request("pagefind/wasm.en.pagefind", 10.5, "High", 11.25, 72_400)}
