// Offline reading (kb/offline), on every page: registers the service worker (sw.js, at the site's root); on topic hubs
// and session packs, "Save for offline" (the page, every entry it lists and their search data); on offline/, what this
// device has saved and its size, with buttons to save every page or clear them. The worker does the saving and
// clearing (it stamps each copy with the day it was saved); this script reads its caches to list them.
const here = import.meta.url; // <site>/offline/offline.js
const siteRoot = new URL("../", here);
const offlinePage = new URL("./", here).href;
const CACHE = { pages: "kb-pages-", search: "kb-search-", files: "kb-files-", shell: "kb-precache-" };
// Made when first needed (only offline/ shows dates): making it took 60 ms of a phone's CPU on every page's load.
let longDate;
const formatDate = (date) => {
  longDate ??= new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });
  return longDate.format(date);
};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function megabytes(bytes) {
  if (bytes >= 100_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${bytes ? Math.max(1, Math.round(bytes / 1000)) : 0} KB`;
}

// A page's address as the worker keys it: no query, fragment or "index.html".
function pageAddress(url) {
  const address = new URL(url, location.href);
  address.search = "";
  address.hash = "";
  address.pathname = address.pathname.replace(/\/index\.html$/, "/");
  return address.href;
}

let catalogue; // {byAddress: Map(address -> fragment id), pages: [[id, url, title, kind]], bytes}
function loadCatalogue() {
  catalogue ??= fetch(new URL("catalogue.json", here))
    .then((response) => response.json())
    .then(({ pages, bytes }) => ({ pages, bytes, byAddress: new Map(pages.map(([id, url]) => [new URL(url, siteRoot).href, id])) }));
  return catalogue;
}

async function askWorker(message) {
  const registration = await navigator.serviceWorker.ready;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    registration.active.postMessage(message, [channel.port2]);
  });
}

async function savePages(addresses) {
  const { byAddress } = await loadCatalogue();
  const fragments = addresses.map((address) => byAddress.get(address)).filter(Boolean);
  return askWorker({ type: "save", pages: addresses, fragments });
}

// Topic hubs and session packs: the box their page leaves (data-kb-save-offline) gets a button that saves the page
// and every page of the site its list (data-kb-save-list) links to.
function offerSaving(box) {
  const list = document.querySelector("[data-kb-save-list]");
  const links = [...(list?.querySelectorAll("a[href]") || [])].map((link) => pageAddress(link.href));
  const entries = [...new Set(links.filter((address) => address.startsWith(siteRoot.href)))];
  const button = element("button", { type: "button", class: "md-button" }, "Save for offline");
  const status = element("p", { class: "kb-save-status", role: "status" });
  const what = `this page and the ${entries.length} ${entries.length === 1 ? "entry" : "entries"} it lists`;
  box.append(element("p", {}, `Reading without a connection? Save ${what} on this device, with their search data.`), button, status);
  box.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = `Saving ${what}…`;
    const { saved, failed } = await savePages([pageAddress(location.href), ...entries]);
    const outcome = failed
      ? `Saved ${saved} files; ${failed} could not be saved (check your connection and try again). `
      : `Saved ${what} on this device. `;
    status.replaceChildren(outcome, element("a", { href: offlinePage }, "See what is saved"));
    button.disabled = false;
  });
}

async function cacheNamed(prefix) {
  const name = (await caches.keys()).find((candidate) => candidate.startsWith(prefix));
  return name ? caches.open(name) : null;
}

async function responseBytes(response) {
  const known = response.headers.get("x-kb-bytes") || response.headers.get("content-length");
  return known ? Number(known) : (await response.blob()).size;
}

async function cacheBytes(prefix) {
  const cache = await cacheNamed(prefix);
  if (!cache) return 0;
  const sizes = await Promise.all((await cache.matchAll()).map(responseBytes));
  return sizes.reduce((sum, size) => sum + size, 0);
}

// The saved pages: [{address, title, savedOn, bytes}], by title.
async function savedPages() {
  const cache = await cacheNamed(CACHE.pages);
  if (!cache) return [];
  const requests = await cache.keys();
  const pages = await Promise.all(
    requests.map(async (request) => {
      const response = await cache.match(request);
      const title = decodeURIComponent(response.headers.get("x-kb-title") || "") || new URL(request.url).pathname;
      return { address: request.url, title, savedOn: response.headers.get("x-kb-saved-on"), bytes: await responseBytes(response) };
    }),
  );
  return pages.sort((a, b) => a.title.localeCompare(b.title));
}

// offline/: what is saved, how much space it takes, and buttons to save every page or clear them.
async function showSaved(box) {
  const summary = box.querySelector("#kb-offline-summary");
  const list = box.querySelector("#kb-saved-list");
  const [pages, search, files, shell] = await Promise.all([savedPages(), cacheBytes(CACHE.search), cacheBytes(CACHE.files), cacheBytes(CACHE.shell)]);
  const pageBytes = pages.reduce((sum, page) => sum + page.bytes, 0);
  if (!pages.length && !shell) {
    summary.textContent = "Nothing is saved on this device yet.";
    list.replaceChildren();
    return;
  }
  summary.textContent =
    `This device has saved ${pages.length} ${pages.length === 1 ? "page" : "pages"} (${megabytes(pageBytes)}), ` +
    `their search data (${megabytes(search + files)}) and the site's own files with its search index (${megabytes(shell)}): ` +
    `${megabytes(pageBytes + search + files + shell)} in all.`;
  list.replaceChildren(
    ...pages.map((page) =>
      element(
        "li",
        {},
        element("a", { href: page.address }, page.title),
        `, saved on ${page.savedOn ? formatDate(new Date(page.savedOn)) : "an earlier visit"} (${megabytes(page.bytes)})`,
      ),
    ),
  );
}

async function offerSavedPage(box) {
  const status = box.querySelector("#kb-offline-status");
  const saveAll = box.querySelector("#kb-save-all");
  const clear = box.querySelector("#kb-clear");
  box.querySelector("#kb-offline-tools").hidden = false;
  const { pages, bytes } = await loadCatalogue();
  saveAll.textContent = `Save all ${pages.length} pages (about ${megabytes(bytes)})`;
  saveAll.addEventListener("click", async () => {
    saveAll.disabled = true;
    status.textContent = `Saving ${pages.length} pages…`;
    const { failed } = await savePages(pages.map(([, url]) => new URL(url, siteRoot).href));
    status.textContent = failed ? `${failed} files could not be saved: check your connection and try again.` : `Saved all ${pages.length} pages.`;
    saveAll.disabled = false;
    await showSaved(box);
  });
  clear.addEventListener("click", async () => {
    const { cleared } = await askWorker({ type: "clear" });
    status.textContent = `Cleared ${cleared} saved ${cleared === 1 ? "page" : "pages"}.`;
    await showSaved(box);
  });
  await showSaved(box);
}

// Once the page has fetched nothing for a moment and no search is running (the search page's #kb-search says so): the
// worker then keeps the shell and the search index (0.4 MB gzip, 3 MB at 3,000 entries), which must not compete with
// what the page still fetches (a search's results, on a phone).
const QUIET_MS = 1000;
const searching = () => ["pending", "searching"].includes(document.getElementById("kb-search")?.dataset.state);
function whenQuiet(then) {
  let timer;
  const watcher = new PerformanceObserver(() => wait());
  const wait = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (searching()) return wait();
      watcher.disconnect();
      then();
    }, QUIET_MS);
  };
  watcher.observe({ type: "resource" });
  wait();
}

async function start() {
  const savedBox = document.getElementById("kb-offline");
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    if (savedBox) savedBox.querySelector("#kb-offline-summary").textContent = "This browser cannot save pages to read offline.";
    return;
  }
  whenQuiet(() => navigator.serviceWorker.register(new URL("sw.js", siteRoot)).catch(() => {})); // no sw.js: nothing to do
  const saveBox = document.querySelector("[data-kb-save-offline]");
  if (saveBox) offerSaving(saveBox);
  if (savedBox) await offerSavedPage(savedBox);
}

if (document.readyState === "complete") start();
else addEventListener("load", start, { once: true });
