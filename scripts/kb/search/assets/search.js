// The knowledge base's search page: Pagefind's index, loaded in small chunks, with facets kept in the URL,
// typo correction from a vocabulary of the site's words, and superseded entries ranked below their successor.
const FACETS = [
  ["kind", "Kind"],
  ["theme", "Theme"],
  ["area", "Area"],
  ["audience", "Audience"],
  ["age", "Age band"],
];
const PAGE_SIZE = 10;
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

let pagefind;
let vocabulary;
let allFilters = {};
let ranked = [];
let shown = 0;
let searchNumber = 0;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("../pagefind/pagefind.js", here).href);
    await pagefind.options({ excerptLength: 24 });
    pagefind.init();
  }
  return pagefind;
}

async function loadVocabulary() {
  if (!vocabulary) {
    const response = await fetch(new URL("vocabulary.json", here));
    vocabulary = response.ok ? await response.json() : {};
  }
  return vocabulary;
}

function words(text) {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'’-]*/g) || []).map((word) => word.replace(/['’]s$/, "").replace(/['’]/g, ""));
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

function nearestWord(word, known) {
  const limit = word.length < 4 ? 0 : word.length < 7 ? 1 : 2;
  let best = null;
  for (const [candidate, count] of Object.entries(known)) {
    const edits = distance(word, candidate, limit);
    if (edits <= limit && (!best || edits < best.edits || (edits === best.edits && count > best.count))) {
      best = { word: candidate, edits, count };
    }
  }
  return best ? best.word : null;
}

// Pagefind matches words by prefix and skips words it does not know, so a misspelt word is found by
// asking for it alone; only then is the vocabulary fetched to find the nearest word within a few edits.
async function corrected(query) {
  const engine_ = await engine();
  let text = query;
  for (const word of new Set(words(query))) {
    if (word.length < 4 || STOP_WORDS.has(word)) continue;
    const alone = await engine_.search(word);
    if (alone.results.length) continue;
    const replacement = nearestWord(word, await loadVocabulary());
    if (replacement) text = text.replace(new RegExp(`(^|[^a-z])${word}(?![a-z])`, "i"), `$1${replacement}`);
  }
  return text === query ? null : text;
}

// Every word must match in Pagefind; a plain-English question rarely meets that, so when few entries
// match all its words, entries matching most of them are added after, ranked by words matched and score.
async function findAll(query, filters) {
  const engine_ = await engine();
  const strict = await engine_.search(query || null, { filters });
  const keywords = [...new Set(words(query || ""))].filter((word) => !STOP_WORDS.has(word));
  if (strict.results.length >= PAGE_SIZE || keywords.length < 2) return { results: strict.results, filters: strict.filters };
  const tally = new Map(strict.results.map((result, index) => [result.id, { result, matched: 1000 - index, score: 0 }]));
  for (const word of keywords) {
    const loose = await engine_.search(word, { filters });
    for (const result of loose.results) {
      const entry = tally.get(result.id) || { result, matched: 0, score: 0 };
      entry.matched += 1;
      entry.score += result.score;
      tally.set(result.id, entry);
    }
  }
  const results = [...tally.values()].sort((a, b) => b.matched - a.matched || b.score - a.score).map((entry) => entry.result);
  return { results, filters: strict.filters };
}

// A superseded entry goes just below its successor when both are found.
function successorsFirst(items) {
  const ordered = [...items];
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

function renderFacets(counts, wanted) {
  facetsBox.replaceChildren();
  for (const [key, label] of FACETS) {
    const values = Object.keys(allFilters[key] || {}).sort((a, b) => a.localeCompare(b));
    if (!values.length) continue;
    const chosen = wanted[key] || [];
    const details = element("details", chosen.length ? { open: "" } : {});
    details.append(element("summary", {}, chosen.length ? `${label} (${chosen.length})` : label));
    const fieldset = element("fieldset");
    fieldset.append(element("legend", { class: "kb-visually-hidden" }, label));
    for (const value of values) {
      const id = `kb-facet-${key}-${value.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
      const box = element("input", { type: "checkbox", name: key, value, id });
      box.checked = chosen.includes(value);
      const count = counts && counts[key] ? (counts[key][value] ?? 0) : allFilters[key][value];
      const labelNode = element("label", { for: id }, `${value} `);
      labelNode.append(element("span", { class: "kb-facet-count" }, `(${count})`));
      const row = element("div", { class: "kb-facet" });
      row.append(box, labelNode);
      fieldset.append(row);
    }
    details.append(fieldset);
    facetsBox.append(details);
  }
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
  if (data.meta.status) {
    const superseded = data.meta.status === "superseded";
    facts.append(element("span", { class: superseded ? "kb-status kb-status-superseded" : "kb-status" }, superseded ? "Superseded" : `Status: ${data.meta.status}`));
  }
  if (data.meta.last_reviewed) facts.append(element("span", {}, `Last reviewed ${data.meta.last_reviewed}`));
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
    renderFacets(null, readFiltersFromBoxes());
    root.dataset.state = "done";
    return;
  }
  const suggestion = query ? await corrected(query) : null;
  const found = await findAll(suggestion || query, filters);
  // Fetch the first page's data (and a little more) to place superseded entries below their successors.
  const head = await Promise.all(found.results.slice(0, PAGE_SIZE * 2).map(async (result) => ({ result, data: await result.data() })));
  if (number !== searchNumber) return; // a newer search has started
  ranked = [...successorsFirst(head).map((item) => item.result), ...found.results.slice(PAGE_SIZE * 2)];
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
  renderFacets(found.filters, readFiltersFromBoxes());
  root.dataset.state = "done";
}

function readFiltersFromBoxes() {
  const wanted = {};
  for (const [key] of FACETS) wanted[key] = [...facetsBox.querySelectorAll(`input[name="${key}"]:checked`)].map((box) => box.value);
  return wanted;
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

async function start() {
  root.classList.add("kb-search-ready");
  const wanted = readUrl();
  const engine_ = await engine();
  allFilters = await engine_.filters();
  renderFacets(null, wanted);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", soon);
  facetsBox.addEventListener("change", () => {
    root.dataset.state = "pending";
    run();
  });
  moreButton.addEventListener("click", showMore);
  await run();
}

start();
