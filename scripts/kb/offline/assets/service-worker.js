// The knowledge base's service worker (kb/offline): the site readable offline, each saved copy saying how old it is.
// kb build writes sw.js as this build's settings (self.KB_OFFLINE: kb/offline/service_worker.py), Workbox, then this.
//
// Its caches, each named with the build id, so that a new build's worker drops every older one when it activates:
//   kb-precache-<build>  the shell (Workbox's precache): the theme's and our files, Pagefind's code and whole index
//   kb-pages-<build>     every page opened or saved, served network-first; each copy stamped with when it was saved
//   kb-search-<build>    Pagefind's fragments (a search result's data), kept as searches fetch them or with saved pages
//   kb-files-<build>     anything else a page loaded from the site (a page's own script, an image)
const { build, precache, hashed, pages: shellPages, offlinePage, catalogue: catalogueFile } = self.KB_OFFLINE;
const PREFIX = "kb";
const PAGES = `${PREFIX}-pages-${build}`;
const SEARCH_DATA = `${PREFIX}-search-${build}`;
const FILES = `${PREFIX}-files-${build}`;
// What a saved copy carries besides the page (offline/offline.js reads them to list what is saved).
const SAVED_ON = "x-kb-saved-on"; // when it was saved, ISO 8601
const TITLE = "x-kb-title"; // its title, URI-encoded (a header holds Latin-1 only)
const BYTES = "x-kb-bytes"; // its size
const ARTICLE = '<article class="md-content__inner md-typeset">'; // the theme's; a notice goes first in it, above the title
const AT_ONCE = 6; // requests in flight while saving many pages
const scope = self.registration.scope;
const here = (path) => new URL(path, scope).href;

workbox.setCacheNameDetails({ prefix: PREFIX, precache: "precache", suffix: build });
// Pagefind asks for its entry file with the cache tag the search page names (`?ts=`): this build's, so the precached copy.
// Pagefind's index chunks and filters are named by their content: no revision needed.
const shell = [...precache, ...Object.entries(hashed).flatMap(([folder, names]) => names.map((name) => ({ url: folder + name, revision: null })))];
workbox.precacheAndRoute(shell, { ignoreURLParametersMatching: [/^ts$/] });

// A page's key: its address without query or fragment (so "search/?q=CCE" is the search page) or "index.html".
function pageKey(url) {
  const address = new URL(url, scope);
  address.search = "";
  address.hash = "";
  address.pathname = address.pathname.replace(/\/index\.html$/, "/");
  return address.href;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', nbsp: "\u00a0" };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|nbsp);/gi, (_, name) =>
    name[0] !== "#" ? ENTITIES[name.toLowerCase()] : String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1))),
  );
}

// A page's title as its heading shows it (the theme's <title> of an entry page is "Index"), in plain text.
function pageTitle(html) {
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? "";
  return decodeEntities(heading.replace(/<a class="headerlink"[\s\S]*?<\/a>/g, "").replace(/<[^>]+>/g, "")).trim();
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

function withText(response, text, headers = new Headers(response.headers)) {
  for (const name of ["content-encoding", "content-length", "transfer-encoding"]) headers.delete(name);
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}

// The copy of a page to keep, stamped with when it was saved, its title and size; null if it is no page.
async function datedCopy(response) {
  if (!response.ok || !(response.headers.get("content-type") || "").includes("text/html")) return null;
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.set(SAVED_ON, new Date().toISOString());
  headers.set(TITLE, encodeURIComponent(pageTitle(text)));
  headers.set(BYTES, String(new Blob([text]).size));
  return withText(response, text, headers);
}

async function withNotice(response, notice, head = "") {
  let html = await response.text();
  const at = html.indexOf(ARTICLE);
  if (at >= 0) html = html.slice(0, at + ARTICLE.length) + notice + html.slice(at + ARTICLE.length);
  if (head) html = html.replace(/<head>/i, `<head>${head}`);
  return withText(response, html);
}

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });

function savedNotice(savedOn) {
  const words = longDate.format(new Date(savedOn));
  return (
    '<div class="kb-callout kb-callout--warning kb-saved-copy" role="note">' +
    `<p><strong>Saved on <time datetime="${escapeHtml(savedOn)}">${words}</time>, you are offline:</strong> ` +
    "check the current version when you are back online.</p></div>"
  );
}

// A page never saved, asked for offline: our page `offline/`, saying so and listing what is saved. It answers at the
// address asked for, so a <base> keeps its own links (its styles, its script) pointing where they belong.
async function notSavedPage(url) {
  const page = await caches.match(here(offlinePage), { cacheName: PAGES });
  if (!page) return Response.error();
  const notice =
    '<div class="kb-callout kb-callout--warning kb-not-saved" role="note">' +
    `<p><strong>You are offline, and this page is not saved on this device:</strong> <code>${escapeHtml(new URL(url).pathname)}</code>. ` +
    "It will open when you are back online. The pages saved on this device are listed below.</p></div>";
  return withNotice(page, notice, `<base href="${escapeHtml(here(offlinePage))}">`);
}

const pages = new workbox.NetworkFirst({
  cacheName: PAGES,
  plugins: [
    {
      // Past the browser's HTTP cache, which would answer for a while without the network: a page served offline
      // must be our dated copy, saying so. (Manual redirects: a navigation may not be answered by a followed one.)
      requestWillFetch: async ({ request }) => new Request(request.url, { cache: "no-cache", credentials: request.credentials, redirect: "manual" }),
      cacheKeyWillBeUsed: async ({ request }) => pageKey(request.url),
      cacheWillUpdate: async ({ response }) => datedCopy(response),
      cachedResponseWillBeUsed: async ({ cachedResponse, request }) =>
        cachedResponse && pageKey(request.url) !== here(offlinePage)
          ? withNotice(cachedResponse, savedNotice(cachedResponse.headers.get(SAVED_ON) || new Date().toISOString()))
          : cachedResponse,
      handlerDidError: async ({ request }) => notSavedPage(request.url),
    },
  ],
});
workbox.registerRoute(({ request, url }) => request.mode === "navigate" && url.href.startsWith(scope), pages);

let catalogue; // fragment id -> {url, title, kind}, from offline/catalogue.json (precached)
function loadCatalogue() {
  catalogue ??= workbox
    .matchPrecache(catalogueFile)
    .then((response) => (response ? response.json() : { pages: [] }))
    .then(({ pages: rows }) => new Map(rows.map(([id, url, title, kind]) => [id, { url, title, kind }])));
  return catalogue;
}

// A result's data not saved, asked for offline: a fragment with the page's title and kind and no text, in Pagefind's
// format (its signature, then JSON), so the search page can list the result and say the page is not saved.
async function unsavedFragment(url) {
  const id = url.split("/").pop().replace(/\.pf_fragment$/, "");
  const page = (await loadCatalogue()).get(id);
  if (!page) return Response.error();
  const fragment = { url: `/${page.url}`, content: "", word_count: 0, filters: {}, meta: { title: page.title, kind: page.kind }, anchors: [] };
  return new Response(`pagefind_dcd${JSON.stringify(fragment)}`);
}

const fragments = here("pagefind/fragment/");
workbox.registerRoute(
  ({ url }) => url.href.startsWith(fragments),
  new workbox.CacheFirst({ cacheName: SEARCH_DATA, plugins: [{ handlerDidError: async ({ request }) => unsavedFragment(request.url) }] }),
);
// A page's own files, not a script's requests (`kb serve`'s live reload polls, for one, must not pile up here).
const PAGE_FILES = new Set(["script", "style", "image", "font"]);
workbox.registerRoute(
  ({ request, url }) => PAGE_FILES.has(request.destination) && url.href.startsWith(scope) && !url.href.startsWith(here("pagefind/")),
  new workbox.NetworkFirst({ cacheName: FILES }),
);

// Run jobs (functions returning promises), at most `limit` at a time; their results in order.
async function atMost(limit, jobs) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const at = next++;
      results[at] = await jobs[at]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

// Fetch one address (past the browser's HTTP cache) and keep `copy` of the response; true if kept.
async function keep(cache, key, url, copy) {
  try {
    const response = await fetch(url, { cache: "no-cache" });
    const kept = response.ok ? await copy(response) : null;
    if (kept) await cache.put(key, kept);
    return Boolean(kept);
  } catch {
    return false; // offline, or the connection dropped: the page says how many were not saved
  }
}

// "Save for offline": pages (addresses) and their fragments (Pagefind ids), from the network.
async function save(pageUrls, fragmentIds) {
  const [pageCache, searchCache] = await Promise.all([caches.open(PAGES), caches.open(SEARCH_DATA)]);
  const jobs = [
    ...pageUrls.map((url) => () => keep(pageCache, pageKey(url), pageKey(url), datedCopy)),
    ...fragmentIds.map((id) => () => keep(searchCache, here(`pagefind/fragment/${id}.pf_fragment`), here(`pagefind/fragment/${id}.pf_fragment`), (response) => response)),
  ];
  const kept = await atMost(AT_ONCE, jobs);
  const failed = kept.filter((done) => !done).length;
  return { saved: kept.length - failed, failed };
}

// "Clear saved pages": every page but the shell's (the home page, search and offline/), and every fragment and file.
async function clearSaved() {
  const shell = new Set(shellPages.map((page) => pageKey(here(page))));
  const cache = await caches.open(PAGES);
  const saved = (await cache.keys()).filter((request) => !shell.has(request.url));
  await Promise.all([...saved.map((request) => cache.delete(request)), caches.delete(SEARCH_DATA), caches.delete(FILES)]);
  return { cleared: saved.length };
}

self.addEventListener("message", (event) => {
  const { type, pages: pageUrls = [], fragments: fragmentIds = [] } = event.data || {};
  const reply = (answer) => event.ports[0]?.postMessage(answer);
  if (type === "save") event.waitUntil(save(pageUrls, fragmentIds).then(reply));
  else if (type === "clear") event.waitUntil(clearSaved().then(reply));
});

// Workbox keeps the shell as it installs; the shell's pages are kept here, dated like any other.
self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(PAGES).then((cache) => atMost(AT_ONCE, shellPages.map((page) => () => keep(cache, pageKey(here(page)), here(page), datedCopy)))));
});

// A new build: drop every cache of an older one (pages saved then included: their styles and index are gone too).
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const older = names.filter((name) => name.startsWith(`${PREFIX}-`) && !name.endsWith(`-${build}`));
      await Promise.all(older.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});
