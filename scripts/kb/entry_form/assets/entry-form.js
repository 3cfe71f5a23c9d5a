// The contribution form: built from the content model in form-data.json (the kind's JSON Schema and
// the taxonomy), checked as the contributor types with kb validate's own rules (entry-checks.js),
// written as the repository writes entries (entry-yaml.js), kept as a draft in this browser.
// Every field follows the GOV.UK pattern: label, hint, error message, control; an error summary
// at the top links to each field in error.
import { makeChecker, pathName } from "./entry-checks.js";
import { entryYaml, proposal, slugify } from "./entry-yaml.js";

const here = import.meta.url;
const DRAFT_PREFIX = "kb-entry-form:";
const byId = (id) => document.getElementById(id);
const form = byId("kb-form");
const fieldsBox = byId("kb-fields");
const kindSelect = byId("kb-kind");
const summary = byId("kb-error-summary");
const summaryList = byId("kb-error-list");
const restoredNote = byId("kb-form-restored");
const resultStatus = byId("kb-result-status");
const resultBody = byId("kb-result-body");
const yamlBox = byId("entry-yaml");
const proposeLink = byId("propose-on-github");

let data; // form-data.json
let kind; // the offered kind being written
let check; // kind's checker
let counts = {}; // path key -> items shown, for repeatable lists
let registry = new Map(); // path key -> {group, error, focus, label} of each rendered field
let touched = new Set(); // path keys of fields the contributor has left
let submitted = false;
let downloadUrl = "";

const key = (path) => path.join(".");
const controlId = (path) => `kb-f-${path.join("-")}`;

// Today in UTC, as the checks of a pull request see it: just after midnight in summer time, London's
// date is a day ahead of UTC's, and an entry dated by it would be "in the future" there.
function today() {
  return new Date().toISOString().slice(0, 10);
}

function humanise(name) {
  const words = name.replace(/_/g, " ");
  return words[0].toUpperCase() + words.slice(1);
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter(Boolean));
  return node;
}

// A field's schema with its $ref in place, and the words of both: "When it was published." plus
// "An ISO date as precise as the source: 2021, 2021-11 or 2021-11-30."
function resolve(field) {
  const name = field.$ref?.split("/").pop();
  if (!name) return { ...field, hint: field.description || "" };
  const definition = resolve(kind.schema.definitions[name]);
  const explainsFormat = ["partial_date", "date", "url"].includes(name);
  const hint = [field.description, explainsFormat ? definition.description : ""].filter(Boolean).join(" ");
  return { ...definition, ...field, $ref: undefined, hint: hint || definition.hint };
}

function vocabularyOf(path) {
  return path.length === 1 ? data.rules.taxonomy_fields[path[0]] : undefined;
}

function isAsked(name) {
  return !(name in data.form.derived) && !data.form.today.includes(name) && !data.form.not_asked.includes(name);
}

// ---- building the form ----

function labelFor(path, text, required) {
  const label = element("label", { class: "kb-label", for: controlId(path) }, text);
  if (!required) label.append(" ", element("span", { class: "kb-optional", text: "(optional)" }));
  return label;
}

function fieldParts(path, field) {
  const id = controlId(path);
  const hint = field.hint ? element("p", { class: "kb-hint", id: `${id}-hint`, text: field.hint }) : null;
  const error = element("p", { class: "kb-error-message", id: `${id}-error`, hidden: true });
  return { id, hint, error };
}

function register(path, group, error, focus, label) {
  registry.set(key(path), { path, group, error, focus, label });
}

function textField(path, field, label, required) {
  const { id, hint, error } = fieldParts(path, field);
  const long = (field.maxLength || 0) > 300;
  const control = element(long ? "textarea" : "input", {
    id,
    name: key(path),
    class: long ? "kb-textarea" : "kb-input",
    rows: long ? 5 : undefined,
    type: long ? undefined : "text",
    inputmode: field.type === "integer" ? "numeric" : undefined,
    spellcheck: field.pattern ? "false" : undefined,
    "aria-describedby": hint ? hint.id : undefined,
    autocomplete: "off",
  });
  const group = element("div", { class: "kb-field" }, labelFor(path, label, required), hint, error, control);
  register(path, group, error, id, label);
  return group;
}

function choiceField(path, field, label, required, choices, multiple) {
  const { id, hint, error } = fieldParts(path, field);
  const legend = element("legend", { class: "kb-legend" }, label);
  if (!required) legend.append(" ", element("span", { class: "kb-optional", text: "(optional)" }));
  const list = element("div", { class: multiple ? "kb-choices kb-choices--many" : "kb-choices" });
  choices.forEach((choice, index) => {
    const inputId = `${id}-${index}`;
    // A single choice among a few terms (a category) says what each holds; a long list of ticks would not read.
    const says = !multiple && choice.description ? element("p", { class: "kb-choice-hint", id: `${inputId}-hint`, text: choice.description }) : null;
    const input = element("input", { type: multiple ? "checkbox" : "radio", id: inputId, name: key(path), value: choice.id, "aria-describedby": says?.id });
    list.append(element("div", { class: "kb-choice" }, input, element("div", {}, element("label", { for: inputId, text: choice.label }), says)));
  });
  const fieldset = element("fieldset", { class: "kb-fieldset", "aria-describedby": hint ? hint.id : undefined }, legend, hint, error, list);
  const group = element("div", { class: "kb-field" }, fieldset);
  register(path, group, error, `${id}-0`, label);
  return group;
}

function objectField(path, field, label, required) {
  const { hint, error } = fieldParts(path, field);
  const legend = element("legend", { class: "kb-legend" }, label);
  if (!required && path.length === 1) legend.append(" ", element("span", { class: "kb-optional", text: "(optional)" }));
  const fieldset = element("fieldset", { class: "kb-fieldset kb-group" }, legend, hint, error);
  for (const [name, child] of Object.entries(field.properties)) {
    fieldset.append(fieldFor([...path, name], child, humanise(name), (field.required || []).includes(name)));
  }
  const group = element("div", { class: "kb-field" }, fieldset);
  register(path, group, error, controlId([...path, Object.keys(field.properties)[0]]), label);
  return group;
}

function listField(path, field, label, required) {
  const { id, hint, error } = fieldParts(path, field);
  const singular = label.replace(/s$/, "");
  const minimum = Math.max(field.minItems || 0, required ? 1 : 0);
  const count = counts[key(path)] ?? minimum;
  counts[key(path)] = count;
  const legend = element("legend", { class: "kb-legend" }, label);
  if (!required) legend.append(" ", element("span", { class: "kb-optional", text: "(optional)" }));
  const fieldset = element("fieldset", { class: "kb-fieldset kb-group", "aria-describedby": hint ? hint.id : undefined }, legend, hint, error);
  for (let index = 0; index < count; index += 1) {
    const itemPath = [...path, index];
    const item = fieldFor(itemPath, field.items, `${singular} ${index + 1}`, true);
    if (count > minimum) {
      const remove = element("button", { type: "button", class: "kb-link-button", "data-remove": key(path), "data-index": index });
      remove.textContent = `Remove ${singular.toLowerCase()} ${index + 1}`;
      item.append(remove);
    }
    fieldset.append(item);
  }
  const add = element("button", { type: "button", class: "md-button kb-add", id: `${id}-add`, "data-add": key(path) });
  add.textContent = count ? `Add another ${singular.toLowerCase()}` : `Add ${singular.toLowerCase()}`;
  fieldset.append(add);
  const group = element("div", { class: "kb-field" }, fieldset);
  register(path, group, error, count ? controlId([...path, 0]) : add.id, label);
  return group;
}

function fieldFor(path, rawField, label, required) {
  const field = resolve(rawField);
  const vocabulary = vocabularyOf(path);
  if (vocabulary) {
    const terms = data.taxonomy[vocabulary];
    return choiceField(path, field, label, required, terms, field.type === "array");
  }
  if (field.enum) {
    const labels = (path.length === 1 && data.enum_labels[path[0]]) || {};
    return choiceField(path, field, label, required, field.enum.map((value) => ({ id: value, label: labels[value] || value })), false);
  }
  if (field.type === "object") return objectField(path, field, label, required);
  if (field.type === "array") return listField(path, field, label, required);
  return textField(path, field, label, required);
}

function render(tree) {
  registry = new Map();
  fieldsBox.replaceChildren();
  const schema = kind.schema;
  for (const [name, field] of Object.entries(schema.properties)) {
    if (!isAsked(name)) continue;
    fieldsBox.append(fieldFor([name], field, humanise(name), schema.required.includes(name)));
  }
  registry.set("id", registry.get("title")); // the id is made from the title: its errors are the title's
  if (tree) restore(tree);
}

// ---- reading and restoring the answers ----

function controls(path) {
  return [...form.querySelectorAll(`[name="${CSS.escape(key(path))}"]`)];
}

// What the contributor typed, shaped like the entry: raw text, every list item in place.
function read(path, rawField) {
  const field = resolve(rawField);
  if (vocabularyOf(path) || field.enum) {
    const chosen = controls(path).filter((control) => control.checked).map((control) => control.value);
    return field.type === "array" ? chosen : chosen[0];
  }
  if (field.type === "object") {
    const value = {};
    for (const [name, child] of Object.entries(field.properties)) value[name] = read([...path, name], child);
    return value;
  }
  if (field.type === "array") {
    return Array.from({ length: counts[key(path)] || 0 }, (_, index) => read([...path, index], field.items));
  }
  return controls(path)[0]?.value ?? "";
}

function readAll() {
  const tree = {};
  for (const [name, field] of Object.entries(kind.schema.properties)) if (isAsked(name)) tree[name] = read([name], field);
  return tree;
}

function restore(tree, path = []) {
  if (Array.isArray(tree) && controls(path)[0]?.type === "checkbox") {
    for (const control of controls(path)) control.checked = tree.includes(control.value);
  } else if (Array.isArray(tree)) {
    tree.forEach((item, index) => {
      restore(item, [...path, index]);
    });
  } else if (tree && typeof tree === "object") {
    for (const [name, value] of Object.entries(tree)) restore(value, [...path, name]);
  } else if (typeof tree === "string") {
    for (const control of controls(path)) {
      if (control.type === "radio") control.checked = control.value === tree;
      else control.value = tree;
    }
  }
}

// The entry from the answers: trimmed text, whole numbers as numbers, nothing for an empty answer.
function clean(value, field) {
  if (Array.isArray(value)) {
    const items = value.map((item) => clean(item, resolve(field.items))).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const [name, child] of Object.entries(value)) {
      const cleaned = clean(child, resolve(field.properties[name]));
      if (cleaned !== undefined) out[name] = cleaned;
    }
    return Object.keys(out).length ? out : undefined;
  }
  const text = tidy(value ?? "");
  if (!text) return undefined;
  return field.type === "integer" && /^\d+$/.test(text) ? Number(text) : text;
}

// Text as the repository's files hold it (yamllint --strict checks them): no space at the end of a
// line, at most one blank line in a row, nothing before or after.
function tidy(text) {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function buildEntry(tree) {
  const entry = {};
  const title = (tree.title || "").trim();
  for (const [name, field] of Object.entries(kind.schema.properties)) {
    let value;
    if (name in data.form.derived) value = title ? slugify(title) : undefined;
    else if (data.form.today.includes(name)) value = today();
    else if (isAsked(name)) value = clean(tree[name], resolve(field));
    if (value !== undefined) entry[name] = value;
  }
  return entry;
}

// ---- the draft ----

function saveDraft(tree) {
  try {
    localStorage.setItem(`${DRAFT_PREFIX}kind`, kind.name);
    localStorage.setItem(DRAFT_PREFIX + kind.name, JSON.stringify({ tree, counts, saved: new Date().toISOString() }));
  } catch {
    restoredNote.textContent = "This browser is not keeping a draft (its storage is full or turned off): keep the page open until you are done.";
  }
}

function loadDraft(name) {
  try {
    return JSON.parse(localStorage.getItem(DRAFT_PREFIX + name) || "null");
  } catch {
    return null;
  }
}

// ---- checking and showing problems ----

function fieldOf(path) {
  for (let length = path.length; length > 0; length -= 1) {
    const found = registry.get(key(path.slice(0, length)));
    if (found) return found;
  }
  return null;
}

// One problem per field, the first found, as kb validate gives one clear message per empty field.
function problemsByField(problems) {
  const byField = new Map();
  for (const problem of problems) {
    const field = fieldOf(problem.path);
    const fieldKey = field ? key(field.path) : "";
    if (!byField.has(fieldKey)) byField.set(fieldKey, { ...problem, field });
  }
  return [...byField.values()];
}

function showFieldErrors(found) {
  for (const { group, error, focus } of new Set(registry.values())) {
    group.classList.remove("kb-field--error");
    error.hidden = true;
    error.replaceChildren();
    describe(byId(focus), error.id, false);
  }
  for (const problem of found) {
    const field = problem.field;
    if (!field || !(submitted || touched.has(key(field.path)))) continue;
    field.group.classList.add("kb-field--error");
    field.error.hidden = false;
    const label = problem.severity === "warning" ? "Warning:" : "Error:";
    field.error.append(element("span", { class: "kb-visually-hidden", text: label }), " ", ...withCode(problem.message));
    describe(byId(field.focus), field.error.id, true);
  }
}

// kb validate's messages mark names and values with `backticks`: show them as code.
function withCode(message) {
  return message.split("`").map((part, index) => (index % 2 ? element("code", { text: part }) : part));
}

// Add or take away one id in a control's aria-describedby, so its error is read with it.
function describe(control, id, on) {
  if (!control) return;
  const ids = new Set((control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) control.setAttribute("aria-describedby", [...ids].join(" "));
  else control.removeAttribute("aria-describedby");
}

function showSummary(found) {
  summaryList.replaceChildren();
  summary.hidden = !(submitted && found.length);
  for (const problem of found) {
    const where = problem.field ? problem.field.label : pathName(problem.path);
    const link = element("a", { href: `#${problem.field?.focus || "kb-form"}` }, `${where}: `, ...withCode(problem.message));
    summaryList.append(element("li", {}, link));
  }
}

function showResult(entry, clear) {
  resultBody.hidden = !clear;
  if (!clear) {
    yamlBox.textContent = "";
    proposeLink.removeAttribute("href");
    resultStatus.textContent = "Your entry will appear here once every question is answered correctly.";
    return;
  }
  const yaml = entryYaml(entry, kind);
  const fileName = `${entry.id}.yaml`;
  yamlBox.textContent = yaml;
  byId("kb-file-name").textContent = `${kind.folder}/${fileName}`;
  resultStatus.textContent = "Your entry is complete and passes every check.";
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([yaml], { type: "application/x-yaml" }));
  const download = byId("kb-download");
  download.href = downloadUrl;
  download.download = fileName;
  showProposal(entry.id, yaml);
}

function showProposal(id, yaml) {
  const repository = data.repository;
  const help = byId("kb-propose-help");
  const link = proposal(repository, kind, id, yaml, data.form.address_limit);
  proposeLink.hidden = !link;
  byId("kb-issue-link").href = repository?.url ? `${repository.url}/issues/new?template=practice-example.yml` : "../";
  if (!link) {
    help.textContent = "This copy of the site does not know which GitHub repository it comes from: download the file and send it to a maintainer.";
    return;
  }
  proposeLink.href = link.href;
  help.textContent = link.filled
    ? `The button opens GitHub's editor on a new file, ${kind.folder}/${id}.yaml, with your entry filled in. Sign in, then choose “Propose changes”: GitHub copies the project to your account and opens a pull request for a maintainer to review. You never need git.`
    : `Your entry is too long to hand to GitHub in a web address, so the button opens GitHub's editor on an empty file, ${kind.folder}/${id}.yaml. First choose “Copy the entry”, then paste it into the editor and choose “Propose changes”: GitHub copies the project to your account and opens a pull request.`;
}

function update({ save = true } = {}) {
  const tree = readAll();
  if (save) saveDraft(tree);
  const entry = buildEntry(tree);
  // Without a title there is no id either: say what the contributor can fix, the title.
  const problems = check(entry, today()).filter((problem) => entry.title || key(problem.path) !== "id");
  if (tree.title?.trim() && slugify(tree.title.trim()).length < 3) problems.unshift({ path: ["title"], message: data.rules.ids.title_too_short });
  const found = problemsByField(problems);
  showFieldErrors(found);
  showSummary(found);
  showResult(entry, found.every((problem) => problem.severity === "warning"));
  return found;
}

// ---- events ----

function chooseKind(name, { announce = true } = {}) {
  kind = data.kinds.find((offered) => offered.name === name) || data.kinds[0];
  kindSelect.value = kind.name;
  byId("kb-kind-description").textContent = kind.description;
  check = makeChecker(kind, data.rules, data.taken);
  const draft = loadDraft(kind.name);
  counts = draft?.counts || {};
  touched = new Set();
  submitted = false;
  render(draft?.tree);
  if (draft && announce) {
    const saved = new Date(draft.saved).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
    restoredNote.textContent = `We restored the draft you were writing in this browser (last saved ${saved}). Choose “Start again” to clear it.`;
  }
  update({ save: false });
}

let pending;
form.addEventListener("input", () => {
  clearTimeout(pending);
  pending = setTimeout(update, 150);
});
form.addEventListener("change", (event) => {
  if (event.target === kindSelect) {
    chooseKind(kindSelect.value);
    localStorage.setItem(`${DRAFT_PREFIX}kind`, kind.name);
    return;
  }
  update();
});
form.addEventListener("focusout", (event) => {
  const name = event.target.getAttribute?.("name");
  if (!name || event.target === kindSelect) return;
  const field = fieldOf(name.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part)));
  if (field) touched.add(key(field.path));
  if (pointerDown) blurWaiting = true;
  else update({ save: false });
});
// A field's error appears when the contributor leaves it. Left with a click, it waits until the
// click is over: an error appearing while the button is down would move what is being clicked.
let pointerDown = false;
let blurWaiting = false;
document.addEventListener("pointerdown", () => (pointerDown = true), true);
document.addEventListener(
  "pointerup",
  () => {
    pointerDown = false;
    if (!blurWaiting) return;
    blurWaiting = false;
    setTimeout(() => update({ save: false }), 0);
  },
  true,
);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(pending);
  submitted = true;
  const found = update();
  if (found.length) summary.focus();
  else yamlBox.focus();
});
form.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-add], button[data-remove]");
  if (!button) return;
  const tree = readAll();
  const listKey = button.dataset.add || button.dataset.remove;
  const path = listKey.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (button.dataset.add) {
    counts[listKey] = (counts[listKey] || 0) + 1;
  } else {
    const list = path.reduce((node, part) => node?.[part], tree);
    list?.splice(Number(button.dataset.index), 1);
    counts[listKey] -= 1;
  }
  render(tree);
  update();
  const focus = button.dataset.add ? controlId([...path, counts[listKey] - 1]) : `${controlId(path)}-add`;
  (byId(focus) || byId(registry.get(listKey)?.focus))?.focus();
});
byId("kb-start-again").addEventListener("click", () => {
  localStorage.removeItem(DRAFT_PREFIX + kind.name);
  chooseKind(kind.name, { announce: false });
  restoredNote.textContent = "Started again: the draft was cleared.";
  kindSelect.focus();
});
summaryList.addEventListener("click", (event) => {
  const link = event.target.closest("a");
  const target = link && byId(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  target.focus();
  (target.closest("fieldset") || target.closest(".kb-field"))?.scrollIntoView();
});
byId("kb-copy").addEventListener("click", async () => {
  const said = byId("kb-copied");
  try {
    await navigator.clipboard.writeText(yamlBox.textContent);
    said.textContent = "Copied. Paste it into GitHub's editor or an e-mail to a maintainer.";
  } catch {
    getSelection().selectAllChildren(yamlBox);
    said.textContent = "Your browser did not let the page copy: the entry is selected, press Ctrl+C (or ⌘+C) to copy it.";
  }
});

async function start() {
  const response = await fetch(new URL("form-data.json", here));
  data = await response.json();
  for (const offered of data.kinds) kindSelect.append(element("option", { value: offered.name, text: offered.label }));
  chooseKind(localStorage.getItem(`${DRAFT_PREFIX}kind`) || data.kinds[0].name);
}

start().catch((error) => {
  fieldsBox.replaceChildren(
    element("p", { class: "kb-error-message", text: `The form could not start (${error.message}). Reload the page, or use the issue form.` }),
  );
});

