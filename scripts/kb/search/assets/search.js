// The knowledge base's search page: Pagefind's index, loaded in small chunks, with facets kept in the URL,
// typo correction from a vocabulary of the site's words, and superseded entries ranked below their successor.
// A first search fetches only what it needs: facet counts (every filter chunk) wait until the reader opens
// a facet, and the vocabulary until a word finds nothing.
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
const root = document.getElementById("kb-search");
const form = document.getElementById("kb-search-form");
const input = document.getElementById("kb-search-input");
const status = document.getElementById("kb-search-status");
const correction = document.getElementById("kb-search-correction");
const facetsBox = document.getElementById("kb-search-facets");
const resultsList = document.getElementById("kb-search-results");
const moreButton = document.getElementById("kb-search-more");

let pagefind; // a promise of Pagefind's module
let lexicon; // {pairs: [[acronym, expansion]], leads: [[word, theme]], common: Set}
let vocabulary; // {words: most frequent first, known: Set}
let siteCounts; // Pagefind's filters(): {facet: {value: count}} over the whole site, once a facet is opened
let shownCounts; // what the facets count: undefined the whole site, null nothing (a search by words), or a filter search's counts
let facetsVersion = 0;
let ranked = [];
let shown = 0;
let searchNumber = 0;

// Pagefind, set up once however many callers ask at the same time. In the page, not in a web worker:
// the worker's script (12 KB gzip) would be one more download, for searches that take milliseconds.
function engine() {
  if (!pagefind) {
    pagefind = import(new URL("../pagefind/pagefind.js", here).href).then(async (module) => {
      await module.options({ excerptLength: 24, ranking: { termSimilarity: 4.0 }, noWorker: true });
      module.init();
      return module;
    });
  }
  return pagefind;
}

function fetchText(name) {
  return fetch(new URL(name, here)).then((response) => (response.ok ? response.text() : ""));
}

// The glossary's synonyms and the commonest words, fetched once, alongside Pagefind.
function loadLexicon() {
  if (!lexicon) {
    lexicon = fetchText("lexicon.json").then((json) => {
      const { pairs = [], leads = [], common = [] } = json ? JSON.parse(json) : {};
      return { pairs, leads, common: new Set(common) };
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
// practitioner's word for a theme swapped for the theme's name (gangs -> child criminal exploitation).
function alternatives(query, { pairs, leads }) {
  const swaps = [...pairs.flatMap(([one, other]) => [[one, other], [other, one]]), ...leads];
  const found = [];
  for (const [from, to] of swaps) {
    const flags = from.length <= 2 ? "" : "i"; // "DA" only in capitals, so "da" stays a word
    const pattern = new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(from)}(?![A-Za-z0-9])`, flags);
    if (pattern.test(query)) found.push(query.replace(pattern, `$1${to}`));
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
  const perEntry = new Map();
  const unfound = [];
  for (const term of terms) {
    const found = await engine_.search(term, { filters });
    if (!found.results.length) unfound.push(term);
    for (const result of found.results) {
      results.set(result.id, results.get(result.id) || result);
      const entry = perEntry.get(result.id) || { matched: 0, score: 0 };
      entry.matched += 1;
      entry.score += result.score;
      perEntry.set(result.id, entry);
    }
  }
  for (const [id, { matched, score }] of perEntry) totals.set(id, (totals.get(id) || 0) + (weight * score * matched) / terms.length);
  return unfound;
}

const ALTERNATIVE_WEIGHT = 0.8; // an entry using the other form ranks just below one using the words typed

// {results, filters: counts per facet value (filters alone) or null (words), unfound: words that found nothing}
async function findAll(query, filters) {
  const engine_ = await engine();
  if (!query || !keywords(query).length) {
    await loadSiteCounts(); // a filter search counts only over the filter chunks loaded: load them all
    const found = await engine_.search(query || null, { filters });
    return { results: found.results, filters: found.filters, unfound: [] };
  }
  const known = await loadLexicon();
  const totals = new Map();
  const results = new Map();
  const unfound = await scoreWords(query, filters, 1, totals, results);
  for (const alternative of alternatives(query, known)) await scoreWords(alternative, filters, ALTERNATIVE_WEIGHT, totals, results);
  const ordered = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([id, score]) => Object.assign(results.get(id), { total: score }));
  return { results: ordered, filters: null, unfound }; // with words, results are a union of searches: no exact counts
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

// The facets, from the values written into the page (no Pagefind request); opened where a value is chosen.
function buildFacets(wanted) {
  const choices = JSON.parse(facetsBox.dataset.choices || "{}");
  for (const [key, label] of FACETS) {
    const values = [...(choices[key] || [])].sort((a, b) => a.localeCompare(b));
    if (!values.length) continue;
    const chosen = wanted[key] || [];
    const details = element("details", chosen.length ? { open: "" } : {});
    details.append(element("summary", { "data-label": label }, label));
    const fieldset = element("fieldset");
    fieldset.append(element("legend", { class: "kb-visually-hidden" }, label));
    for (const value of values) {
      const id = `kb-facet-${key}-${value.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
      const box = element("input", { type: "checkbox", name: key, value, id });
      box.checked = chosen.includes(value);
      const labelNode = element("label", { for: id }, value);
      labelNode.append(element("span", { class: "kb-facet-count" }));
      const row = element("div", { class: "kb-facet" });
      row.append(box, labelNode);
      fieldset.append(row);
    }
    details.append(fieldset);
    facetsBox.append(details);
  }
}

// Each summary says how many values are chosen; each value its count, when there is one to show.
async function updateFacets() {
  for (const summary of facetsBox.querySelectorAll("summary")) {
    const chosen = summary.parentElement.querySelectorAll("input:checked").length;
    summary.textContent = chosen ? `${summary.dataset.label} (${chosen})` : summary.dataset.label;
  }
  const version = ++facetsVersion;
  const counts = await countsToShow();
  if (version !== facetsVersion) return; // a newer search or toggle has updated them since
  for (const box of facetsBox.querySelectorAll("input[type=checkbox]")) {
    const count = counts ? (counts[box.name]?.[box.value] ?? 0) : null;
    box.labels[0].querySelector(".kb-facet-count").textContent = count === null ? "" : ` (${count})`;
  }
}

// The whole site's counts only once the reader has opened a facet (they cost every filter chunk).
async function countsToShow() {
  if (shownCounts !== undefined) return shownCounts;
  const opened = facetsBox.querySelector("details[open]");
  return opened ? loadSiteCounts() : null;
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
  if (data.meta.status_label) {
    // The page's own status line; a warning for anything but confirmed guidance, in words, not colour alone.
    const trusted = data.meta.rank_weight === "1";
    facts.append(element("span", { class: trusted ? "kb-status" : "kb-status kb-status-superseded" }, trusted ? data.meta.status_label : `⚠ ${data.meta.status_label}`));
  }
  if (data.meta.last_reviewed) facts.append(element("span", {}, `Checked against its sources on ${data.meta.last_reviewed}`));
  li.append(kind, heading, excerpt, facts);
  return li;
}

async function showMore() {
  const next = ranked.slice(shown, shown + PAGE_SIZE);
  const items = await Promise.all(next.map(async (result) => ({ result, data: await result.data() })));
  for (const item of items) resultsList.append(renderResult(item));
  shown += items.length;
  moreButton.hidden = shown >= ranked.length;
}

// data-state on #kb-search: "pending" while typing, "searching", then "done" (tests wait for it).
async function run() {
  const number = ++searchNumber;
  root.dataset.state = "searching";
  const query = input.value.trim();
  const filters = selectedFilters();
  writeUrl(query, filters);
  if (!query && !Object.keys(filters).length) {
    resultsList.replaceChildren();
    correction.replaceChildren();
    moreButton.hidden = true;
    status.textContent = "Type a word, an acronym or a question, or choose a filter.";
    shownCounts = undefined;
    await updateFacets();
    root.dataset.state = "done";
    return;
  }
  const found = await findCorrected(query, filters);
  const { suggestion } = found;
  // Only the first page's data is fetched (each is a small file): enough to show it and order successors.
  const head = await Promise.all(found.results.slice(0, PAGE_SIZE).map(async (result) => ({ result, data: await result.data() })));
  if (number !== searchNumber) return; // a newer search has started
  ranked = [...successorsFirst(head).map((item) => item.result), ...found.results.slice(PAGE_SIZE)];
  const cached = new Map(head.map((item) => [item.result, item.data]));
  resultsList.replaceChildren();
  shown = 0;
  const first = ranked.slice(0, PAGE_SIZE).map((result) => ({ result, data: cached.get(result) }));
  for (const item of first) resultsList.append(renderResult(item));
  shown = first.length;
  moreButton.hidden = shown >= ranked.length;
  showCorrection(query, suggestion);
  const subject = suggestion || query;
  const count = ranked.length;
  status.textContent = `${count} ${count === 1 ? "result" : "results"}${subject ? ` for “${subject}”` : ""}${Object.keys(filters).length ? " with the chosen filters" : ""}.`;
  shownCounts = found.filters;
  await updateFacets();
  root.dataset.state = "done";
}

function showCorrection(query, suggestion) {
  correction.replaceChildren();
  if (!suggestion) return;
  correction.append(`Showing results for “${suggestion}”. `);
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

// Listeners first: a search typed while Pagefind loads must not submit the form and reload the page.
async function start() {
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
  facetsBox.addEventListener("change", () => {
    root.dataset.state = "pending";
    run();
  });
  // "toggle" does not bubble: listen while it goes down to the <details>
  facetsBox.addEventListener("toggle", (event) => event.target.open && updateFacets(), true);
  moreButton.addEventListener("click", showMore);
  await run();
}

start();
