// The checks `kb validate` makes on one file, in the browser, with the same words.
// Nothing here is a second copy of a rule: the schema, the patterns, the lists and the message
// templates all come from the build (form-data.json, written by kb.entry_form); this module only
// applies them, the way scripts/kb/validation/ applies them in Python.
import Ajv from "./vendor/ajv.js";
import MarkdownIt from "./vendor/markdown-it.js";

// Fill a Python-style template: "`{field}` is empty" with {field: "summary"}; "{{" and "}}" are braces.
export function fill(template, values = {}) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (whole, name) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    return name in values ? String(values[name]) : whole;
  });
}

// A problem as kb validate reports it: the rule's code, its severity and its template filled in.
function report(rules, code, values, path) {
  const rule = rules.rules[code];
  return { path, rule: code, severity: rule.severity, message: fill(rule.message, values) };
}

// A path as kb validate names it: sources[1].date (items counted from 1).
export function pathName(path) {
  let name = "";
  for (const part of path) {
    if (typeof part === "number") name += `[${part + 1}]`;
    else name += name ? `.${part}` : part;
  }
  return name || "the file";
}

function regex({ source, flags }, extra = "") {
  return new RegExp(source, flags + extra);
}

export function makeChecker(kind, rules, taken) {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, formats: { email: (text) => text.includes("@") } });
  const validateSchema = ajv.compile(kind.schema);
  const markdown = new MarkdownIt("commonmark");
  markdown.validateLink = () => true; // see every link and judge it here, as markdown_safety does
  const personal = compilePersonal(rules.personal);
  const postcodesMatter = rules.personal.postcodes_matter_for.includes(kind.name);
  const language = compileLanguage(rules.language);

  return function check(entry, today) {
    const problems = [];
    if (!validateSchema(entry)) problems.push(...schemaProblems(validateSchema.errors, rules));
    for (const [path, text] of strings(entry)) {
      problems.push(...textProblems(path, text, rules, markdown, personal, postcodesMatter, language));
    }
    problems.push(...dateProblems(entry, today, rules));
    if (typeof entry.id === "string" && taken[entry.id]) {
      problems.push(report(rules, "id-duplicate", { name: entry.id, owner: taken[entry.id] }, ["id"]));
    }
    // Errors first: a field shows its first problem, and a warning never hides an error.
    return problems.sort((one, other) => (one.severity === "warning") - (other.severity === "warning"));
  };
}

// Every string in the entry with its path, as file_rules.strings walks it.
function* strings(value, path = []) {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* strings(item, [...path, index]);
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

function pointerPath(pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, "/").replace(/~0/g, "~")));
}

function jsonType(value) {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  if (Array.isArray(value)) return "list";
  if (value && typeof value === "object") return "mapping";
  return "string";
}

// Ajv's errors in schema_rules._explain's words, under the codes it reports.
function schemaProblems(errors, rules) {
  const { keyword_rules: keywordRules, patterns, type_words: typeWords } = rules.schema;
  const problems = [];
  for (const error of errors) {
    const path = pointerPath(error.instancePath);
    const field = pathName(path);
    const { keyword, params, parentSchema, data } = error;
    if (keyword === "required") {
      const missing = params.missingProperty;
      const description = parentSchema?.properties?.[missing]?.description || "";
      const values = { missing, where: path.length ? ` in ${field}` : "", hint: description ? ` (${description})` : "" };
      problems.push(report(rules, keywordRules.required, values, [...path, missing]));
      continue;
    }
    const range = { field, value: data, minimum: parentSchema.minimum, maximum: parentSchema.maximum };
    const values = {
      minLength: () => ({ field }),
      maxLength: () => ({ field, length: [...data].length, limit: params.limit }),
      maxItems: () => ({ field, count: data.length, limit: params.limit }),
      enum: () => ({ value: data, field, fix: fill(rules.schema.enum_fix, { options: params.allowedValues.join(", ") }) }),
      uniqueItems: () => ({ field }),
      pattern: () => ({ value: data, field }),
      format: () => ({ value: data, field, format: params.format }),
      minimum: () => range,
      maximum: () => range,
      type: () => ({ field, expected: typeWords[params.type] || params.type, actual: typeWords[jsonType(data)] }),
    }[keyword];
    if (keyword === "minItems") {
      const message = fill(rules.schema.too_few, { field, need: params.limit, s: params.limit > 1 ? "s" : "" });
      problems.push({ path, rule: keywordRules.minItems, severity: "error", message });
    } else if (keyword === "pattern") {
      problems.push(report(rules, patterns[params.pattern] || "id-format", values(), path));
    } else if (values) {
      problems.push(report(rules, keywordRules[keyword], values(), path));
    }
    // "if", "then", "anyOf" only wrap the errors above, which say what to fix.
  }
  return problems;
}

function compilePersonal({ patterns }) {
  const compiled = {};
  for (const [name, pattern] of Object.entries(patterns)) compiled[name] = regex(pattern);
  compiled.nhsAll = regex(patterns.nhs_candidate, "g");
  compiled.emailAll = regex(patterns.email, "g");
  return compiled;
}

function isValidNhsNumber(digits) {
  if (!/^\d{10}$/.test(digits)) return false;
  let total = 0;
  for (let index = 0; index < 9; index += 1) total += Number(digits[index]) * (10 - index);
  let check = 11 - (total % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === Number(digits[9]);
}

// [code, values] for a personal webmail address, or null
function personalMailbox(address, personal) {
  const domain = address.split("@").pop().toLowerCase();
  return personal.mail_domains.includes(domain) ? ["personal-mailbox", { address }] : null;
}

// personal_data.problems_in: [code, values] for each finding
function personalProblems(text, inContact, postcodesMatter, rules, patterns) {
  if (!patterns.digit_or_at.test(text)) return [];
  const found = [];
  for (const match of text.matchAll(patterns.nhsAll)) {
    if (isValidNhsNumber(match[1] + match[2] + match[3])) found.push(["personal-nhs-number", {}]);
  }
  if (patterns.ni_number.test(text)) found.push(["personal-ni-number", {}]);
  if (patterns.date_of_birth.test(text)) found.push(["personal-date-of-birth", {}]);
  if (postcodesMatter && patterns.postcode.test(text)) found.push(["personal-postcode", {}]);
  if (inContact) {
    for (const match of text.matchAll(patterns.emailAll)) {
      const mailbox = personalMailbox(match[0], rules);
      if (mailbox) found.push(mailbox);
    }
    return found;
  }
  if (patterns.uk_phone.test(text)) found.push(["personal-phone", {}]);
  if (patterns.email.test(text)) found.push(["personal-email", {}]);
  return found;
}

function compileLanguage({ terms, quotation }) {
  return {
    any: new RegExp(terms.map((term) => `(?:${term.pattern})`).join("|"), "i"),
    terms: terms.map((term) => ({ ...term, regex: new RegExp(term.pattern, "gi") })),
    quotation: regex(quotation, "g"),
  };
}

// language_rules.problems_in: [code, values] for each term outside a marked quotation
function languageProblems(text, language) {
  if (!language.any.test(text)) return [];
  const unquoted = text.replace(language.quotation, (quoted) => " ".repeat(quoted.length));
  const found = [];
  for (const { regex: pattern, why, preferred, title, url } of language.terms) {
    for (const match of unquoted.matchAll(pattern)) found.push(["language-victim-blaming", { found: match[0], why, preferred, title, url }]);
  }
  return found;
}

function* tokens(list) {
  for (const token of list) {
    yield token;
    if (token.children) yield* tokens(token.children);
  }
}

// markdown_safety.problems_in, on the same parser (markdown-it-py is a port of markdown-it): [code, values] for each
function markdownProblems(text, rules, markdown) {
  const say = rules.parts;
  if (!rules.triggers.some((trigger) => text.includes(trigger))) return [];
  const attributeList = regex(rules.attribute_list);
  const found = [];
  for (const token of tokens(markdown.parse(text, {}))) {
    if (token.type === "html_inline" || token.type === "html_block") {
      const snippet = token.content.trim().split(/\r?\n/)[0].slice(0, 40);
      const what = snippet.startsWith("<!--") ? say["html-comment"] : fill(say["html-raw"], { snippet });
      found.push(["markdown-html", { what }]);
    } else if (token.type === "link_open" || token.type === "image") {
      const target = String(token.attrGet(token.type === "link_open" ? "href" : "src") || "");
      const scheme = (/^([A-Za-z][A-Za-z0-9+.-]*):/.exec(target)?.[1] || "").toLowerCase();
      if (!rules.safe_schemes.includes(scheme)) {
        const fix = scheme ? say["fix-with-scheme"] : say["fix-relative"];
        const what = token.type === "link_open" ? "link" : "image";
        found.push(["markdown-link-scheme", { what, shown: target.slice(0, 40), fix }]);
      }
    } else if (token.type === "text" && attributeList.test(token.content)) {
      found.push(["markdown-attribute-list", {}]);
    }
  }
  return found;
}

// file_rules._text_problems for one string
function textProblems(path, text, rules, markdown, personal, postcodesMatter, language) {
  const key = [...path].reverse().find((part) => typeof part === "string") || "";
  if (rules.address_keys.includes(key)) {
    const mailbox = key === "email" ? personalMailbox(text, rules.personal) : null;
    return mailbox ? [report(rules, ...mailbox, path)] : [];
  }
  const inContact = path.includes("contact") || (path.includes("referral_routes") && key === "how");
  const found = [
    ...markdownProblems(text, rules.markdown, markdown),
    ...personalProblems(text, inContact, postcodesMatter, rules.personal, personal),
    ...(rules.language.not_prose.includes(path[0]) ? [] : languageProblems(text, language)),
  ];
  return found.map(([code, values]) => report(rules, code, values, path));
}

// The earliest day a partial date can mean; null if it is not date-shaped, false if impossible.
function parsePartialDate(text) {
  const parts = text.split("-");
  if (!parts.every((part) => /^\d+$/.test(part)) || parts.length > 3 || parts[0].length !== 4) return null;
  const [year, month = 1, day = 1] = parts.map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years below 100 as 19xx
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1 ? date.toISOString().slice(0, 10) : false;
}

// file_rules._date_problems
function dateProblems(entry, today, rules) {
  const { keys } = rules.dates;
  const problems = [];
  for (const [path, text] of strings(entry)) {
    const key = path[path.length - 1];
    const isSourceDate = path.length === 3 && path[0] === "sources" && key === "date";
    if (!keys.includes(key) && !isSourceDate) continue;
    const parsed = parsePartialDate(text);
    if (parsed === false) problems.push(report(rules, "date-impossible", { text }, path));
    else if (parsed !== null && parsed > today) problems.push(report(rules, "date-future", { text }, path));
  }
  const year = entry.year_published;
  if (Number.isInteger(year) && year > Number(today.slice(0, 4))) {
    problems.push(report(rules, "date-future", { text: year }, ["year_published"]));
  }
  return problems;
}
