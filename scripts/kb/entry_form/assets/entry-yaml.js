// The entry as the repository writes it, and the GitHub address that proposes it.
// YAML comes from eemeli/yaml in YAML 1.1 mode: a value PyYAML would read as a date, number or
// true/false ("2026-11-28", "2021", "yes") is quoted, so kb validate reads back exactly the text typed.
import { Document, Scalar, isScalar, isSeq } from "./vendor/yaml.js";

const LINE_WIDTH = 100;
const LONG_LINE = 80; // a longer text is written as a folded block (>-), as the repository's entries are

// The id `kb new` makes from a title (kb.templates.slugify).
export function slugify(title) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is "everything outside ASCII", as slugify drops it
  const ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  const slug = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, 80).replace(/-+$/, "");
}

function isIdList(field) {
  return field?.type === "array" && field.items?.$ref === "#/definitions/id";
}

// Long prose as block scalars, lists of ids on one line: how the repository's own files read.
function style(node, field) {
  if (isSeq(node)) {
    if (isIdList(field)) node.flow = true;
    for (const item of node.items) style(item, field?.items);
  } else if (isScalar(node) && typeof node.value === "string") {
    if (node.value.includes("\n")) node.type = Scalar.BLOCK_LITERAL;
    else if (node.value.length > LONG_LINE) node.type = Scalar.BLOCK_FOLDED;
  } else if (node?.items) {
    for (const pair of node.items) style(pair.value, field?.properties?.[pair.key.value]);
  }
}

function resolved(field, schema) {
  const name = field?.$ref?.split("/").pop();
  return name ? { ...schema.definitions[name], ...field } : field;
}

// The schema with each $ref in place, deep enough for `style` to see items and properties.
function expand(field, schema) {
  const node = resolved(field, schema);
  if (!node || typeof node !== "object") return node;
  const out = { ...node };
  if (node.items) out.items = node.items.$ref === "#/definitions/id" ? node.items : expand(node.items, schema);
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([key, value]) => [key, expand(value, schema)]));
  }
  return out;
}

export function entryYaml(entry, kind) {
  const document = new Document(entry, { version: "1.1" });
  style(document.contents, expand(kind.schema, kind.schema));
  const body = document.toString({ lineWidth: LINE_WIDTH, minContentWidth: 20, flowCollectionPadding: false });
  return `${kind.modeline}\n${body}`;
}

// GitHub's editor on a new file with the entry filled in; when the address would be too long,
// the editor on an empty file of the right name, for the contributor to paste into.
export function proposal(repository, kind, id, yaml, limit) {
  if (!repository?.url) return null;
  const base = `${repository.url}/new/${encodeURIComponent(repository.branch)}/${kind.folder}`;
  const filename = `filename=${encodeURIComponent(`${id}.yaml`)}`;
  const filled = `${base}?${filename}&value=${encodeURIComponent(yaml)}`;
  if (filled.length <= limit) return { href: filled, filled: true };
  return { href: `${base}?${filename}`, filled: false };
}
