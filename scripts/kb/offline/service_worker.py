"""The service worker, `sw.js`, written after Pagefind has indexed the site: what it keeps, and under which build id.

`sw.js` is three parts in one file (one request, and any change of build changes its bytes, which is how a
browser learns that a new build is published): this build's settings (`self.KB_OFFLINE`), Workbox
(vendored by scripts/update-vendor.sh) and our worker (assets/service-worker.js).

The settings name:
- `build`: a digest of every file of the site, in the name of every cache, so a new build drops the
  caches of the one before;
- `precache` and `hashed`: the shell, kept when the worker installs, each file with a digest of its content
  as its revision (or, in `hashed`, a name that is one): the files the home page, the search page and
  `offline/` load, the search page's own files, Pagefind's code, metadata and WebAssembly, and its whole
  index (chunks and filters, not the pages' fragments), so that any word can be searched offline; and
  the catalogue;
- `pages`: the pages saved when it installs (the home page, the search page and `offline/`);
- the catalogue, `offline/catalogue.json`: each page Pagefind indexed, by its fragment's id, with its
  address, title and kind, so a result whose fragment is not saved can still be named (and marked as
  not saved); and the bytes every page and its search data take, for "Save every page".
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..forking import beside, worker_count
from ..site.site_files import files_under
from .page import FOLDER, ICONS, ICONS_FOLDER, MANIFEST, WORKBOX_LICENCE

WORKER = "sw.js"
CATALOGUE = f"{FOLDER}/catalogue.json"
SHELL_PAGES = ("", "search/", f"{FOLDER}/")  # their files are the shell; they are saved as pages too
SEARCH_FOLDER = "search"
PAGEFIND = "pagefind"
PAGEFIND_FOLDERS = ("index", "filter")  # the whole index is kept; fragments (a page's result data) only as used
FRAGMENT_SIGNATURE = b"pagefind_dcd"
NOT_PART_OF_A_BUILD = (WORKER,)  # the worker itself is written from the digest, so it cannot be in it


@dataclass(frozen=True)
class CatalogueEntry:
    id: str  # Pagefind's fragment id, e.g. en_048d555, which a search result carries
    url: str  # relative to the site's root, e.g. protocols/philomena-protocol/
    title: str
    kind: str
    bytes: int  # the page and its fragment, as a device keeps them


def write_service_worker(site_dir: Path) -> None:
    # Reading and hashing every file is most of the work: for a large site a process of its own does it for every file
    # but the catalogue while this one reads Pagefind's fragments to make the catalogue, which the build id then takes in.
    fragments = site_dir / PAGEFIND / "fragment"
    large = fragments.is_dir() and worker_count(sum(1 for _ in os.scandir(fragments))) > 1
    with beside(partial(build_id, site_dir, (*NOT_PART_OF_A_BUILD, CATALOGUE)), parallel=large) as digest_of_the_rest:
        entries = json.dumps(catalogue_json(catalogue(site_dir)), ensure_ascii=False, separators=(",", ":"))
        (site_dir / CATALOGUE).write_text(entries, "utf-8")
        lists = precache_lists(site_dir)
        build = _digest(digest_of_the_rest().encode(), CATALOGUE.encode(), entries.encode("utf-8"))
    settings = {"build": build, **lists, "pages": list(SHELL_PAGES), "offlinePage": f"{FOLDER}/", "catalogue": CATALOGUE}
    (site_dir / WORKER).write_text(worker_script(settings), encoding="utf-8")


def worker_script(settings: dict[str, object]) -> str:
    assets = resources.files("kb.offline") / "assets"
    workbox = (assets / "vendor" / "workbox.js").read_text(encoding="utf-8")
    ours = (assets / "service-worker.js").read_text(encoding="utf-8")
    head = (
        "// Written by kb build (kb/offline/service_worker.py): this build's settings, Workbox, then our worker.\n"
        f"// Workbox: Copyright 2018 Google LLC, MIT licence ({FOLDER}/{WORKBOX_LICENCE}).\n"
    )
    return f"{head}self.KB_OFFLINE = {json.dumps(settings, separators=(',', ':'))};\n{workbox.strip()}\n{ours}"


def build_id(site_dir: Path, leave_out: tuple[str, ...] = NOT_PART_OF_A_BUILD) -> str:
    """A digest of every file of the built site (names and bytes): the same site, the same id."""
    digest = hashlib.blake2b(digest_size=8)
    for name in files_under(site_dir):
        if name not in leave_out:
            digest.update(name.encode() + b"\0")
            digest.update((site_dir / name).read_bytes())
    return digest.hexdigest()


def _digest(*parts: bytes) -> str:
    return hashlib.blake2b(b"\0".join(parts), digest_size=8).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()


def precache_lists(site_dir: Path) -> dict[str, object]:
    """The shell as the worker reads it: `precache`, each file with its revision; `hashed`, Pagefind's index chunks and
    filters by folder, whose names are digests of their content already (so no revision: the list stays short as the
    index grows, and with it sw.js)."""
    files = shell(site_dir)
    hashed = {
        f"{PAGEFIND}/{name}/": [path.rsplit("/", 1)[1] for path in files if path.startswith(f"{PAGEFIND}/{name}/")]
        for name in PAGEFIND_FOLDERS
    }
    listed = {folder + name for folder, names in hashed.items() for name in names}
    return {
        "precache": [{"url": path, "revision": file_digest(site_dir / path)} for path in files if path not in listed],
        "hashed": hashed,
    }


def shell(site_dir: Path) -> list[str]:
    """The files the worker keeps when it installs, relative to the site's root, in a stable order."""
    found: set[str] = set()
    for page in SHELL_PAGES:
        page_file = site_dir / page / "index.html"
        if page_file.is_file():
            found |= local_files(page_file.read_text(encoding="utf-8"), page)
    found |= _files_in(site_dir, SEARCH_FOLDER, top_only=True) - {f"{SEARCH_FOLDER}/index.html"}
    found |= {f"{ICONS_FOLDER}/{name}" for name, _size, _purpose in ICONS} | {MANIFEST, CATALOGUE}
    found |= pagefind_files(site_dir)
    return sorted(path for path in found if (site_dir / path).is_file() and not path.endswith(".html"))


def pagefind_files(site_dir: Path) -> set[str]:
    """Pagefind's code, entry file, metadata and WebAssembly for the site's language, and its whole index."""
    folder = site_dir / PAGEFIND
    entry_file = folder / "pagefind-entry.json"
    if not entry_file.is_file():
        return set()
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    files = {f"{PAGEFIND}/pagefind.js", f"{PAGEFIND}/pagefind-entry.json"}
    for language in entry["languages"].values():
        files |= {f"{PAGEFIND}/pagefind.{language['hash']}.pf_meta", f"{PAGEFIND}/wasm.{language['wasm']}.pagefind"}
    for name in PAGEFIND_FOLDERS:
        files |= _files_in(site_dir, f"{PAGEFIND}/{name}")
    return files


class _LocalFiles(HTMLParser):
    """The files a page loads itself: stylesheets, scripts, preloads and icons."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.found.append(str(values["src"]))
        elif tag == "link" and values.get("href") and (values.get("rel") or "") in _LOADED_LINKS:
            self.found.append(str(values["href"]))


_LOADED_LINKS = {"stylesheet", "modulepreload", "preload", "icon", "apple-touch-icon", "manifest"}


def local_files(markup: str, page: str) -> set[str]:
    """Paths (relative to the site's root, query and fragment dropped) of the files the page at `page` loads from the site."""
    parser = _LocalFiles()
    parser.feed(markup)
    base = "http://site.invalid/"
    paths = set()
    for reference in parser.found:
        address = urlsplit(urljoin(base + page, reference))
        if address.netloc == "site.invalid":
            paths.add(address.path.lstrip("/"))
    return paths


def catalogue(site_dir: Path) -> list[CatalogueEntry]:
    """Every page Pagefind indexed, from its fragment (gzip: Pagefind's signature, then JSON)."""
    entries = []
    for fragment in sorted((site_dir / PAGEFIND / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise ValueError(f"{fragment.name} is not a Pagefind fragment this build knows (pagefind_dcd + JSON)")
        page = json.loads(data[len(FRAGMENT_SIGNATURE) :])
        url = str(page["url"]).lstrip("/")
        page_file = site_dir / url / "index.html"
        size = fragment.stat().st_size + (page_file.stat().st_size if page_file.is_file() else 0)
        meta = page.get("meta", {})
        entries.append(CatalogueEntry(fragment.stem, url, str(meta.get("title") or url), str(meta.get("kind") or ""), size))
    return entries


def catalogue_json(entries: list[CatalogueEntry]) -> dict[str, object]:
    return {
        "pages": [[entry.id, entry.url, entry.title, entry.kind] for entry in entries],
        "bytes": sum(entry.bytes for entry in entries),
    }


def _files_in(site_dir: Path, folder: str, top_only: bool = False) -> set[str]:
    if top_only:
        return {path.relative_to(site_dir).as_posix() for path in (site_dir / folder).glob("*") if path.is_file()}
    return {f"{folder}/{name}" for name in files_under(site_dir / folder)}
