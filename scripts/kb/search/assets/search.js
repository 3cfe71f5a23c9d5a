// The knowledge base's search page: Pagefind's index, loaded in small chunks, with facets kept in the URL,
// typo correction from a vocabulary of the site's words, and superseded entries ranked below their successor.
// A first search fetches only what it needs: facet counts (every filter chunk) wait until the reader opens
// a facet, and the vocabulary until a word finds nothing.
// It runs from the page's <head> (kb/search/search_head.py puts it there, with preloads of what Pagefind needs)
// and starts the search in the address before the rest of the page, and the theme's script, have arrived.
const FACETS = [
  ["kind", "Kind"],
  ["theme", "Theme"],
  ["area", "Area"],
  ["audience", "Audience"],
  ["age", "Age band"],
  ["status", "Status"],
];
const PAGE_SIZE = 8; // each result shown fetches its data file (a few KB): a first search stays under 300 KB
const STOP_WORDS = new Set(
  "a an and are as at be by can do does for from has have how i in is it of on or so that the their there this to was what when where which who why will with you your".split(" "),
);
const here = import.meta.url;
// The page's elements: this script may run from the <head>, before they exist (see whenPageReady).
let root, form, input, status, correction, facetsBox, filterToggle, filterApplied, filterPanel, filterDone, resultsList, moreButton;

function findElements() {
  const byId = (id) => document.getElementById(id);
  [root, form, input, status, correction, facetsBox] = ["kb-search", "kb-search-form", "kb-search-input", "kb-search-status", "kb-search-correction", "kb-search-facets"].map(byId);
  [filterToggle, filterApplied, filterPanel, filterDone] = ["kb-filter-toggle", "kb-filter-applied", "kb-filter-panel", "kb-filter-done"].map(byId);
  [resultsList, moreButton] = ["kb-search-results", "kb-search-more"].map(byId);
}

let pagefind; // a promise of Pagefind's module
let lexicon; // {pairs: [[acronym, expansion]], plurals: [[plural acronym, expansion]], leads: [[word, theme]], common: Set}
let vocabulary; // {words: most frequent first, known: Set}
let siteCounts; // Pagefind's filters(): {facet: {value: count}} over the whole site, once a facet is opened
let shownCounts; // what the facets count: undefined the whole site, null nothing (a search by words), or a filter search's counts
let facetsVersion = 0;
let ranked = [];
let shown = 0;
let searchNumber = 0;
let early; // the search in the address, started before the page had arrived: {key, found}

// Pagefind, set up once however many callers ask at the same time. In the page, not in a web worker:
// the worker's script (12 KB gzip) would be one more download, for searches that take milliseconds.
function engine() {
  if (!pagefind) {
    inflateNatively();
    pagefind = import(new URL("../pagefind/pagefind.js", here).href).then(async (module) => {
      // The cache tag the page's <head> preloaded Pagefind's entry file with (absent when served by `kb serve`).
      const metaCacheTag = document.querySelector('meta[name="kb-pagefind-tag"]')?.content;
      await module.options({ excerptLength: 24, ranking: { termSimilarity: 4.0 }, noWorker: true, ...(metaCacheTag && { metaCacheTag }) });
      module.init();
      return module;
    });
    setTimeout(prepareSegmenter);
  }
  return pagefind;
}

// Each Pagefind search splits its words with an Intl.Segmenter. The page's first costs 200 to 720 ms of a
// phone's CPU (4× slowed: the browser loads its rules for breaking text), the next ones nothing: made here, it
// costs that while Pagefind's WebAssembly and index are still downloading, not after they have arrived.
function prepareSegmenter() {
  if (typeof Intl.Segmenter === "function") new Intl.Segmenter(document.documentElement.lang || "en", { granularity: "grapheme" });
}

// Pagefind's files are gzip-compressed, and Pagefind inflates them in JavaScript (fflate) unless they already
// start with its "pagefind_dcd" signature, as they do from a host that sends them with Content-Encoding: gzip.
// GitHub Pages sends them as they are, so the page has the browser inflate them (DecompressionStream, native
// code) before Pagefind reads them: on a phone, about 250 ms less of the main thread before the first result.
// Only Pagefind's own data files, by their names; anything already inflated passes through unchanged.
const PAGEFIND_DATA = /\/pagefind\/.+\.(pf_meta|pf_index|pf_filter|pf_fragment|pagefind)$/;

function inflateNatively() {
  if (typeof DecompressionStream !== "function") return; // Pagefind inflates them itself, as before
  const fetchAsServed = globalThis.fetch;
  globalThis.fetch = async (...request) => {
    const response = await fetchAsServed(...request);
    if (!response.ok || !PAGEFIND_DATA.test(response.url)) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    return new Response(gzip ? inflated(bytes) : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

// Written straight into the stream: through a Blob's stream() it took 3 to 5 times as long (the WebAssembly at 4×: 46 to 66 ms, 2 to 18).
function inflated(bytes) {
  const inflater = new DecompressionStream("gzip");
  const writer = inflater.writable.getWriter();
  const ignored = () => {}; // a broken file's error reaches Pagefind through the readable side
  writer.write(bytes).catch(ignored);
  writer.close().catch(ignored);
  return inflater.readable;
}

function fetchText(name) {
  return fetch(new URL(name, here)).then((response) => (response.ok ? response.text() : ""));
}

// The glossary's synonyms and the commonest words, fetched once, alongside Pagefind.
function loadLexicon() {
  if (!lexicon) {
    lexicon = fetchText("lexicon.json").then((json) => {
      const { pairs = [], plurals = [], leads = [], common = [] } = json ? JSON.parse(json) : {};
      return { pairs, plurals, leads, common: new Set(common) };
    });
  }
  return lexicon;
}

// The site's words, for typo correction: fetched only when a word of a search found nothing.
function loadVocabulary() {
  if (!vocabulary) {
    vocabulary = fetchText("vocabulary.txt").then((text) => {
      const list = text.split("\n").filter(Boolean);
      return { words: list, known: new Set(list) };
    });
  }
  return vocabulary;
}

// Every filter chunk, for the counts: loaded when the reader opens a facet or searches by filters alone.
function loadSiteCounts() {
  if (!siteCounts) siteCounts = engine().then((engine_) => engine_.filters());
  return siteCounts;
}

function words(text) {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'’-]*/g) || []).map((word) => word.replace(/['’]s$/, "").replace(/['’]/g, ""));
}

function keywords(text) {
  return [...new Set(words(text).filter((word) => !STOP_WORDS.has(word)))];
}

function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

// A word is known if the site uses it, or a word it starts (Pagefind matches prefixes and stems).
function isKnown(word, { words: list, known }) {
  if (known.has(word)) return true;
  const stem = word.replace(/(ations?|ions?|ing|ed|es|s|ly)$/, "");
  return list.some((candidate) => candidate.startsWith(word) || (stem.length >= 4 && candidate.startsWith(stem)));
}

function nearestWord(word, { words: list }) {
  const limit = word.length < 7 ? 1 : 2;
  let best = null;
  for (const candidate of list) {
    // the list is most frequent first, so the first word at the smallest distance is the likeliest
    const edits = distance(word, candidate, limit);
    if (edits <= limit && (!best || edits < best.edits)) best = { word: candidate, edits };
    if (best && best.edits === 1) break;
  }
  return best ? best.word : null;
}

// The query with each word that found nothing, and is not one of the site's words, replaced by the nearest one.
async function corrected(query, unfound) {
  const candidates = unfound.filter((word) => word.length >= 4);
  if (!candidates.length) return null;
  const known = await loadVocabulary();
  let text = query;
  for (const word of candidates) {
    if (isKnown(word, known)) continue;
    const replacement = nearestWord(word, known);
    if (replacement) text = text.replace(new RegExp(`(^|[^a-z])${word}(?![a-z])`, "i"), `$1${replacement}`);
  }
  return text === query ? null : text;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The query with a glossary term swapped for its other form (CCE <-> child criminal exploitation), or a
// practitioner's words for a theme swapped for the theme's name (gangs -> child criminal exploitation),
// searched within the theme. A one-word lead inside a longer query stands for its theme without its name:
// "county lines exploitation" also searches "county lines" within the theme. Searching the theme's name
// there too would cost a first search one more index chunk (about 20 KB gzip at 3,000 entries).
// Each is {query: the query with the swap made, from: the form found in it, term: the form swapped in,
// theme: for a theme's word, the theme, whose entries alone the swapped query may find}.
function alternatives(query, { pairs, plurals = [], leads }) {
  const swaps = [
    ...pairs.flatMap(([one, other]) => [{ from: one, term: other }, { from: other, term: one }]),
    ...plurals.map(([plural, expansion]) => ({ from: plural, term: expansion })), // KPIs -> key performance indicator
    ...leads.map(([word, theme]) => ({ from: word, term: theme, theme })),
  ];
  const found = [];
  const lower = query.toLowerCase();
  for (const swap of swaps) {
    // Building a RegExp for each of the lexicon's ~460 forms took 180 ms on a phone's CPU: only for forms in the query.
    if (!lower.includes(swap.from.toLowerCase())) continue;
    const flags = swap.from.length <= 2 ? "" : "i"; // "DA" only in capitals, so "da" stays a word
    const pattern = new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(swap.from)}(?![A-Za-z0-9])`, flags);
    if (!pattern.test(query)) continue;
    const rest = swap.theme && !swap.from.includes(" ") ? query.replace(pattern, "$1").trim() : "";
    const swapped = rest || query.replace(pattern, `$1${swap.term}`);
    if (!found.some((other) => other.query.toLowerCase() === swapped.toLowerCase())) found.push({ ...swap, query: swapped });
  }
  return found;
}

// BM25-like: each word searched alone, an entry's score the sum over the words it matches, scaled by
// the share of the words it matches. Pagefind alone would demand every word, which a question rarely meets.
// Returns the words that found nothing (with the filters): typo candidates.
async function scoreWords(text, filters, weight, totals, results) {
  const engine_ = await engine();
  const { common } = await loadLexicon();
  const all = keywords(text);
  // A word in most entries ("child") ranks little and costs an index chunk: leave it out if others remain.
  const telling = all.filter((term) => !common.has(term));
  const terms = telling.length ? telling : all;
  const searches = await Promise.all(terms.map((term) => engine_.search(term, { filters })));
  const perEntry = new Map();
  const unfound = [];
  searches.forEach((found, index) => {
    if (!found.results.length) unfound.push(terms[index]);
    for (const result of found.results) {
      const entry = perEntry.get(result.id) || { matched: 0, score: 0, result };
      entry.matched += 1;
      entry.score += result.score;
      perEntry.set(result.id, entry);
    }
  });
  for (const [id, { matched, score, result }] of perEntry) {
    results.set(id, results.get(id) || result);
    totals.set(id, (totals.get(id) || 0) + (weight * score * matched) / terms.length);
  }
  return unfound;
}

// A glossary alternative ("child criminal exploitation" for CCE) is one Pagefind search, which requires
// every word, as `kb search` does: word by word, "CCE" found every entry that says "criminal" (70 of 106).
// A theme's word finds the theme's entries only, as in `kb search` (where it is one of their tags):
// "KCSIE" finds entries on education and schools, not every entry with the word "education".
// The commonest words of the swapped-in form are left out ("Exploitation and vulnerability" is searched as
// "exploitation vulnerability"): the index chunk of "and" alone is the largest of all.
async function scoreAlternative(alternative, filters, totals, results) {
  const within = alternative.theme ? { ...filters, all: [{ theme: alternative.theme }] } : filters;
  const { common } = await loadLexicon();
  const found = await (await engine()).search(alternativeQuery(alternative, common), { filters: within });
  for (const result of found.results) {
    results.set(result.id, results.get(result.id) || result);
    totals.set(result.id, (totals.get(result.id) || 0) + ALTERNATIVE_WEIGHT * result.score);
  }
}

function alternativeQuery(alternative, common) {
  const telling = alternative.query.split(/\s+/).filter((word) => word && !common.has(word.toLowerCase()));
  return telling.length ? telling.join(" ") : alternative.query;
}

const ALTERNATIVE_WEIGHT = 0.8; // an entry using the other form ranks just below one using the words typed

// {results, filters: counts per facet value (filters alone) or null (words), unfound: words that found nothing}
async function findAll(query, filters) {
  const engine_ = await engine();
  if (!query || !keywords(query).length) {
    await loadSiteCounts(); // a filter search counts only over the filter chunks loaded: load them all
    const found = await engine_.search(query || null, { filters });
    return { results: found.results, filters: found.filters, unfound: [], expansions: [] };
  }
  const known = await loadLexicon();
  const totals = new Map();
  const results = new Map();
  const expansions = alternatives(query, known);
  const [unfound] = await Promise.all([
    scoreWords(query, filters, 1, totals, results),
    ...expansions.map((alternative) => scoreAlternative(alternative, filters, totals, results)),
  ]);
  const ordered = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([id, score]) => Object.assign(results.get(id), { total: score }));
  // A glossary term is no typo, even where the pages spell it out only ("KCSIE" is not "KCSE").
  const glossaryWords = new Set(expansions.flatMap((alternative) => keywords(alternative.from)));
  const typos = unfound.filter((word) => !glossaryWords.has(word));
  // with words, results are a union of searches: no exact counts
  return { results: ordered, filters: null, unfound: typos, expansions: expansions.map((alternative) => alternative.term) };
}

// The search as typed; if some word found nothing and looks like a typo, the corrected search instead.
async function findCorrected(query, filters) {
  const found = await findAll(query, filters);
  const suggestion = query ? await corrected(query, found.unfound) : null;
  return suggestion ? { ...(await findAll(suggestion, filters)), suggestion } : { ...found, suggestion: null };
}

// On the first page (whose data is loaded), guidance counts its status's rank_weight (written by the build, as
// for `kb search`): replaced guidance against every result, guidance not confirmed recently only against other
// guidance (the places guidance holds are filled again by weighted score). A superseded entry then goes just
// below its successor when both are there. (A search for "superseded" alone would load every index chunk.)
function successorsFirst(items) {
  const raw = (item) => item.result.total ?? item.result.score;
  const weighted = (item) => raw(item) * Number(item.data.meta.rank_weight ?? 1);
  const replaced = (item) => ["superseded", "withdrawn"].includes(item.data.meta.status);
  const ordered = [...items].sort((a, b) => (replaced(b) ? weighted(b) : raw(b)) - (replaced(a) ? weighted(a) : raw(a)));
  const slots = ordered.flatMap((item, at) => (item.data.meta.rank_weight ? [at] : []));
  const guidance = slots.map((at) => ordered[at]).sort((a, b) => weighted(b) - weighted(a));
  slots.forEach((at, n) => { ordered[at] = guidance[n]; });
  for (const item of items.filter((candidate) => candidate.data.meta.successor)) {
    const successorAt = ordered.findIndex((other) => other.data.url.endsWith(item.data.meta.successor));
    const at = ordered.indexOf(item);
    if (successorAt > at) {
      ordered.splice(at, 1);
      ordered.splice(successorAt, 0, item);
    }
  }
  return ordered;
}

function selectedFilters() {
  const filters = {};
  for (const [key] of FACETS) {
    const values = [...facetsBox.querySelectorAll(`input[name="${key}"]:checked`)].map((box) => box.value);
    if (values.length) filters[key] = { any: values };
  }
  return filters;
}

function writeUrl(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [key, { any }] of Object.entries(filters)) for (const value of any) params.append(key, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const wanted = {};
  for (const [key] of FACETS) wanted[key] = params.getAll(key);
  return wanted;
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

// The facets, from the values written into the page (no Pagefind request). Each is a group of checkboxes
// behind its own disclosure button (our own component: the theme draws an admonition's icon over a
// <details> summary), opened where a value is chosen.
function buildFacets(wanted) {
  const choices = JSON.parse(facetsBox.dataset.choices || "{}");
  for (const [key, label] of FACETS) {
    const values = choices[key] || []; // in the build's order (localeCompare's collator took 100 ms on a phone's CPU)
    if (!values.length) continue;
    const chosen = wanted[key] || [];
    const group = element("div", { class: "kb-facet-group" });
    const toggle = element("button", { type: "button", class: "kb-facet-toggle", "aria-expanded": String(chosen.length > 0), "aria-controls": `kb-facet-${key}`, "data-label": label }, label);
    const fieldset = element("fieldset", { id: `kb-facet-${key}`, class: "kb-facet-values" });
    fieldset.hidden = !chosen.length;
    fieldset.append(element("legend", { class: "kb-visually-hidden" }, label));
    for (const value of values) {
      const box = element("input", { type: "checkbox", name: key, value });
      box.checked = chosen.includes(value);
      const row = element("label", { class: "kb-facet" });
      row.append(box, element("span", { class: "kb-facet-value" }, value), element("span", { class: "kb-facet-count" }));
      fieldset.append(row);
    }
    group.append(toggle, fieldset);
    facetsBox.append(group);
  }
}

function openFacet(toggle, open) {
  toggle.setAttribute("aria-expanded", String(open));
  document.getElementById(toggle.getAttribute("aria-controls")).hidden = !open;
  if (open) updateFacets();
}

// On a phone the filters sit behind one "Filter" button (CSS shows them beside the results on a wide screen).
function openFilterPanel(open, { focus = false } = {}) {
  filterToggle.setAttribute("aria-expanded", String(open));
  filterPanel.classList.toggle("kb-filter-panel-open", open);
  if (open && focus) facetsBox.querySelector("button, input")?.focus();
  if (!open && focus) filterToggle.focus();
}

function showAppliedCount() {
  const applied = facetsBox.querySelectorAll("input:checked").length;
  filterApplied.textContent = applied ? ` (${applied} applied)` : "";
}

// Each group's button says how many values are chosen; each value its count, when there is one to show.
async function updateFacets() {
  for (const toggle of facetsBox.querySelectorAll(".kb-facet-toggle")) {
    const chosen = document.getElementById(toggle.getAttribute("aria-controls")).querySelectorAll("input:checked").length;
    toggle.textContent = chosen ? `${toggle.dataset.label} (${chosen} chosen)` : toggle.dataset.label;
  }
  showAppliedCount();
  const version = ++facetsVersion;
  const counts = await countsToShow();
  if (version !== facetsVersion) return; // a newer search or toggle has updated them since
  for (const box of facetsBox.querySelectorAll("input[type=checkbox]")) {
    const count = counts ? (counts[box.name]?.[box.value] ?? 0) : null;
    box.parentElement.querySelector(".kb-facet-count").textContent = count === null ? "" : ` (${count})`;
  }
}

// The whole site's counts only once the reader has opened a facet (they cost every filter chunk).
async function countsToShow() {
  if (shownCounts !== undefined) return shownCounts;
  const opened = facetsBox.querySelector(".kb-facet-toggle[aria-expanded='true']");
  return opened ? loadSiteCounts() : null;
}

// The label of an entry's status in a result ("Superseded", "Status: under review"): one place to change it.
// The page's own status line ("Current: confirmed …", "Current, but not confirmed since …", "Superseded"):
// a warning for anything but confirmed guidance, in words and a sign, not colour alone.
function statusLabel(meta) {
  if (!meta.status_label) return null;
  const trusted = meta.rank_weight === "1";
  return element(
    "span",
    { class: trusted ? "kb-status" : "kb-status kb-status-superseded" },
    trusted ? meta.status_label : `⚠ ${meta.status_label}`,
  );
}

function renderResult(item) {
  const { data } = item;
  const li = element("li", { class: "kb-result" });
  const kind = element("p", { class: "kb-result-kind" }, data.meta.kind || "Page");
  const heading = element("h2", { class: "kb-result-title" });
  heading.append(element("a", { href: data.url }, data.meta.title || data.url));
  const excerpt = element("p", { class: "kb-result-excerpt" });
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>
  const facts = element("p", { class: "kb-result-facts" });
  const label = statusLabel(data.meta);
  if (label) facts.append(label);
  if (data.meta.last_reviewed) facts.append(element("span", {}, `Checked against its sources on ${data.meta.last_reviewed}`));
  li.append(kind, heading, excerpt, facts);
  markIfNotSaved(li, data.url);
  return li;
}

// Offline (kb/offline): with no connection, a result whose page this device has not saved says so. (Its data, if not
// saved either, is the service worker's: the page's title and kind from the offline catalogue, and no excerpt.)
async function markIfNotSaved(li, url) {
  if (navigator.onLine || !("caches" in window)) return;
  const address = new URL(url, location.href);
  address.search = "";
  address.hash = "";
  if (await caches.match(address.href, { ignoreSearch: true })) return;
  li.append(element("p", { class: "kb-result-not-saved" }, "Not saved on this device: it opens when you are back online."));
}

async function showMore() {
  const next = ranked.slice(shown, shown + PAGE_SIZE);
  const items = await Promise.all(next.map(async (result) => ({ result, data: await result.data() })));
  for (const item of items) resultsList.append(renderResult(item));
  shown += items.length;
  moreButton.hidden = shown >= ranked.length;
}

// A query that is an entry's title, case, accents and punctuation aside, puts that entry first, as in
// `kb search` (kb.search.documents.title_key: "&" reads as "and", apostrophes are dropped).
function titleKey(text) {
  const plain = text.toLowerCase().replaceAll("&", " and ").replace(/['’‘]/g, "");
  return plain.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^0-9a-z]+/g, " ").trim();
}

function exactTitleFirst(items, query) {
  const key = titleKey(query);
  const exact = items.filter((item) => titleKey(item.data.meta.title || "") === key);
  return exact.length ? [...exact, ...items.filter((item) => !exact.includes(item))] : items;
}

// The first page, each result drawn as soon as its data file and those of the results above it have
// arrived; once all have, an entry whose title was typed goes first and a superseded entry below its
// successor (rare: then drawn again). Returns false if a newer search started meanwhile.
async function showFirstPage(results, number, query) {
  const arriving = results.slice(0, PAGE_SIZE).map((result) => result.data().then((data) => ({ result, data })));
  const items = [];
  for (const pending of arriving) {
    const item = await pending;
    if (number !== searchNumber) return false;
    if (!items.length) resultsList.replaceChildren();
    items.push(item);
    resultsList.append(renderResult(item));
  }
  if (!items.length) resultsList.replaceChildren();
  const ordered = exactTitleFirst(successorsFirst(items), query);
  if (ordered.some((item, index) => item !== items[index])) resultsList.replaceChildren(...ordered.map(renderResult));
  ranked = [...ordered.map((item) => item.result), ...results.slice(PAGE_SIZE)];
  shown = ordered.length;
  moreButton.hidden = shown >= ranked.length;
  return true;
}

// data-state on #kb-search: "pending" while typing, "searching", then "done" (tests wait for it).
async function run() {
  const number = ++searchNumber;
  root.dataset.state = "searching";
  const query = input.value.trim();
  const filters = selectedFilters();
  writeUrl(query, filters);
  showAppliedCount();
  if (!query && !Object.keys(filters).length) {
    resultsList.replaceChildren();
    correction.replaceChildren();
    moreButton.hidden = true;
    status.textContent = "Type a word, an acronym or a question, or choose a filter.";
    shownCounts = undefined;
    await updateFacets();
    await releaseTheme();
    root.dataset.state = "done";
    return;
  }
  const key = searchKey(query, filters);
  const found = await (early?.key === key ? early.found : findCorrected(query, filters));
  early = undefined;
  if (number !== searchNumber) return; // a newer search has started
  const { suggestion } = found;
  const subject = suggestion || query;
  const count = found.results.length;
  status.textContent = `${count} ${count === 1 ? "result" : "results"}${subject ? ` for “${subject}”` : ""}${Object.keys(filters).length ? " with the chosen filters" : ""}.`;
  showCorrection(query, suggestion, found.expansions);
  if (!(await showFirstPage(found.results, number, query))) return;
  shownCounts = found.filters;
  await updateFacets();
  await releaseTheme();
  root.dataset.state = "done";
}

// The theme's full stylesheets and its script, which the <head> holds while the search in the address runs
// (hold-theme.js), let go once the first results have been painted: their cost then follows the results.
let themeReleased = false;
async function releaseTheme() {
  if (themeReleased || typeof globalThis.kbReleaseTheme !== "function") return; // `kb serve`: nothing held
  themeReleased = true;
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
  globalThis.kbReleaseTheme();
}

// What the search was: a correction ("Showing results for “philomena”", with a way back to the words
// typed) and the glossary forms searched too ("Showing results for CCE and “child criminal exploitation”").
function showCorrection(query, suggestion, expansions) {
  correction.replaceChildren();
  const also = expansions.map((term) => ` and “${term}”`).join("");
  if (!suggestion) {
    if (also) correction.append(`Showing results for ${query}${also}.`);
    return;
  }
  correction.append(`Showing results for “${suggestion}”${also}. `);
  const original = element("a", { href: `?q=${encodeURIComponent(query)}&exact=1` }, `Search for “${query}” instead`);
  original.addEventListener("click", async (event) => {
    event.preventDefault();
    const found = await findAll(query, selectedFilters());
    ranked = found.results;
    resultsList.replaceChildren();
    shown = 0;
    await showMore();
    correction.replaceChildren();
    status.textContent = `${ranked.length} ${ranked.length === 1 ? "result" : "results"} for “${query}”.`;
  });
  correction.append(original);
}

let timer;
function soon() {
  root.dataset.state = "pending";
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

function listenToFilters() {
  filterToggle.hidden = false;
  filterDone.hidden = false;
  filterToggle.addEventListener("click", () => openFilterPanel(filterToggle.getAttribute("aria-expanded") !== "true"));
  filterDone.addEventListener("click", () => openFilterPanel(false, { focus: true }));
  filterPanel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && filterToggle.getAttribute("aria-expanded") === "true") openFilterPanel(false, { focus: true });
  });
  facetsBox.addEventListener("click", (event) => {
    const toggle = event.target.closest(".kb-facet-toggle");
    if (toggle) openFacet(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });
  facetsBox.addEventListener("change", () => {
    root.dataset.state = "pending";
    run();
  });
}

function searchKey(query, filters) {
  return JSON.stringify([query, FACETS.map(([key]) => [...(filters[key]?.any || [])].sort())]);
}

// The search in the address, started as soon as this script runs (the <head> loads it): Pagefind loads and
// searches, and the first results' data arrive, while the theme's styles and script are still on their way.
// Filters alone wait for the page: their search needs every filter chunk.
function searchFromAddress() {
  const params = new URLSearchParams(location.search);
  const query = (params.get("q") || "").trim();
  if (!query) return undefined;
  const filters = {};
  for (const [key] of FACETS) if (params.getAll(key).length) filters[key] = { any: params.getAll(key) };
  const found = findCorrected(query, filters);
  found.then(({ results }) => results.slice(0, PAGE_SIZE).forEach((result) => {
    result.data();
  }));
  loadLexicon().then((known) => globalThis.kbPreloadIndex?.(swappedIn(query, filters, known)));
  return { key: searchKey(query, filters), found };
}

// What the search will ask Pagefind for beyond the words in the address, which the <head> preloaded: the words a
// glossary swap adds ("criminal" for CCE: "child" and "exploitation" are common), and the filter chunks of the
// filters chosen and of a theme a swap searches within. The <head>'s kbPreloadIndex (first-chunk.js) preloads
// them while Pagefind's own files load and run, instead of one round trip after.
function swappedIn(query, filters, known) {
  const swaps = alternatives(query, known);
  return {
    words: swaps.flatMap((alternative) => keywords(alternativeQuery(alternative, known.common))),
    filters: [...Object.keys(filters), ...(swaps.some((alternative) => alternative.theme) ? ["theme"] : [])],
  };
}

// Listeners first: a search typed while Pagefind loads must not submit the form and reload the page.
async function start() {
  findElements();
  root.classList.add("kb-search-ready");
  buildFacets(readUrl());
  engine(); // Pagefind's code and the index's table of contents, while the reader types
  if (input.value) loadLexicon();
  input.addEventListener("focus", loadLexicon, { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", soon);
  listenToFilters();
  moreButton.addEventListener("click", showMore);
  await run();
}

// As soon as the search page's own elements are there (the last is the "more" button), not waiting for the
// theme's script at the end of the page.
function whenPageReady(then) {
  if (document.getElementById("kb-search-more")) return then();
  const watcher = new MutationObserver(() => {
    if (!document.getElementById("kb-search-more")) return;
    watcher.disconnect();
    then();
  });
  watcher.observe(document, { childList: true, subtree: true });
}

early = searchFromAddress();
whenPageReady(start);
