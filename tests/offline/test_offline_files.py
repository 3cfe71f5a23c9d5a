"""Offline reading's build side: the manifest, the icons, the service worker's settings and the catalogue, without a browser."""

from __future__ import annotations

import gzip
import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest

from kb.offline.page import ICONS, ICONS_FOLDER, THEME_COLOUR, web_app_manifest
from kb.offline.service_worker import WORKER, build_id, catalogue, catalogue_json, local_files, write_service_worker

ASSETS = Path(__file__).resolve().parents[2] / "scripts" / "kb" / "offline" / "assets"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_works_under_any_base_path() -> None:
    manifest = web_app_manifest("London Adolescent Safeguarding Knowledge Base", "Practice examples.")
    assert manifest["start_url"] == manifest["scope"] == "./"  # relative to the manifest, at the site's root
    assert len(manifest["short_name"]) <= 12
    assert all(not icon["src"].startswith("/") for icon in manifest["icons"])
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


@pytest.mark.parametrize(("name", "size", "purpose"), ICONS)
def test_each_icon_is_a_png_of_its_size(name: str, size: int, purpose: str) -> None:
    assert png_size(ASSETS / "icons" / name) == (size, size)


def test_the_files_a_page_loads_are_read_relative_to_it() -> None:
    html = (
        '<link rel="stylesheet" href="../assets/a.css"><link rel="canonical" href="https://example.org/x/">'
        '<script src="search.js?v=1#x"></script><link rel="preload" href="../pagefind/entry.json?ts=abc" as="fetch">'
        '<script src="https://elsewhere.example/x.js"></script><a href="../other/">a link is not loaded</a>'
    )
    assert local_files(html, "search/") == {"assets/a.css", "search/search.js", "pagefind/entry.json"}


def test_the_build_id_changes_with_any_file_but_not_with_the_worker(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>one</p>", encoding="utf-8")
    first = build_id(tmp_path)
    (tmp_path / WORKER).write_text("// the worker names the id: it cannot be part of it", encoding="utf-8")
    assert build_id(tmp_path) == first
    (tmp_path / "index.html").write_text("<p>two</p>", encoding="utf-8")
    assert build_id(tmp_path) != first


def _worker_settings(site: Path) -> dict[str, Any]:
    """`self.KB_OFFLINE` as the site's `sw.js` sets it."""
    return dict(json.loads(re.search(r"self\.KB_OFFLINE = (\{.*?\});\n", (site / WORKER).read_text(encoding="utf-8")).group(1)))


def _written_build_id(site: Path) -> str:
    write_service_worker(site)
    return str(_worker_settings(site)["build"])


def _write_fragment(site: Path, name: str, page: dict[str, Any]) -> Path:
    """A Pagefind fragment as Pagefind writes it: gzip of its signature, then JSON."""
    fragment = site / "pagefind" / "fragment" / f"{name}.pf_fragment"
    fragment.parent.mkdir(parents=True, exist_ok=True)
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps(page).encode()))
    return fragment


def test_the_worker_names_the_same_build_for_the_same_site_and_a_new_one_for_a_changed_page(tmp_path: Path) -> None:
    page = {"url": "/protocols/x/", "content": "", "meta": {"title": "Protocol X", "kind": "Protocol or guidance"}}
    _write_fragment(tmp_path, "en_abc", page)
    (tmp_path / "index.html").write_text("<p>one</p>", encoding="utf-8")
    (tmp_path / "offline").mkdir()
    first = _written_build_id(tmp_path)
    assert _written_build_id(tmp_path) == first  # the catalogue and the worker it wrote are not new files to it
    with pytest.MonkeyPatch.context() as patch:  # as for a large site: every file but the catalogue hashed in a fork
        patch.setattr("kb.offline.service_worker.worker_count", lambda items: 2)
        assert _written_build_id(tmp_path) == first
    (tmp_path / "index.html").write_text("<p>two</p>", encoding="utf-8")
    assert _written_build_id(tmp_path) != first


def test_the_catalogue_names_each_page_by_its_fragment(tmp_path: Path) -> None:
    page = {"url": "/protocols/x/", "content": "", "meta": {"title": "Protocol X", "kind": "Protocol or guidance"}}
    fragment = _write_fragment(tmp_path, "en_abc", page)
    (tmp_path / "protocols" / "x").mkdir(parents=True)
    (tmp_path / "protocols" / "x" / "index.html").write_text("x" * 100, encoding="utf-8")
    entries = catalogue(tmp_path)
    assert [(entry.id, entry.url, entry.title, entry.kind) for entry in entries] == [
        ("en_abc", "protocols/x/", "Protocol X", "Protocol or guidance")
    ]
    assert catalogue_json(entries)["bytes"] == 100 + fragment.stat().st_size


def test_the_real_site_links_the_manifest_and_keeps_its_shell(real_site: Path) -> None:
    manifest = json.loads((real_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    for icon in manifest["icons"]:
        assert (real_site / icon["src"]).is_file()
    assert all(icon["src"].startswith(ICONS_FOLDER) for icon in manifest["icons"])
    for page in ("index.html", "protocols/child-first-framework/index.html", "search/index.html", "offline/index.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        assert re.search(r'<link rel="manifest" href="(\.\./)*manifest\.webmanifest">', html), page
        assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in html, page
    assert manifest["theme_color"] == THEME_COLOUR
    worker = (real_site / WORKER).read_text(encoding="utf-8")
    settings = _worker_settings(real_site)
    kept = {item["url"] for item in settings["precache"]}
    kept |= {folder + name for folder, names in settings["hashed"].items() for name in names}
    assert all((real_site / path).is_file() for path in kept)
    index = {path.relative_to(real_site).as_posix() for path in (real_site / "pagefind" / "index").iterdir()}
    assert index <= kept  # the whole index: any word can be searched offline
    assert {"pagefind/pagefind.js", "search/search.js", "offline/offline.js", "offline/catalogue.json"} <= kept
    assert not any(path.startswith("pagefind/fragment/") for path in kept)  # a page's result data only as used
    assert settings["pages"] == ["", "search/", "offline/"]
    assert settings["build"] in worker
