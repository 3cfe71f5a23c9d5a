"""Schema checks, with messages that teach: what is wrong, where, and how to fix it.

jsonschema gives precise errors; fastjsonschema (compiled, many times faster) is tried
first so a knowledge base of valid files is checked quickly, and only a file that fails
it is walked by jsonschema for the full list of problems.
"""

from __future__ import annotations

import copy
import difflib
from functools import cache
from typing import Any

import fastjsonschema
import jsonschema

from ..content_model import COLLECTION, COLLECTION_SCHEMA, KINDS_BY_NAME, TAXONOMY_SCHEMAS, all_schemas, kind_schema
from ..loader import Document, Problem
from .status_rules import WATCH_MISSING

Finding = tuple[tuple[str | int, ...], str, str]  # path, message, rule

STATUS_UNCHECKED = (
    "a current or under-review protocol must say when its status was last confirmed: add `status_checked` "
    "(YYYY-MM-DD, the day you read the issuer's own page) and `status_source` (that page's title, publisher, date "
    "and address); if no page confirms it, use the source document's date and cite the document"
)
SUPERSEDED_WITHOUT_SUCCESSOR = (
    "a superseded protocol must say what replaced it: the id of its entry in `superseded_by`, or, when the "
    "successor has no entry yet, `successor` with its title, publisher, date and https:// address"
)
# message id -> message; the entry form in the browser fills the same templates from its own
# schema validator's errors (kb.entry_form.rules exports them).
MESSAGES = {
    "required": "missing required field `{missing}`{where}{hint}",
    "empty": "`{field}` is empty; write a value or remove the line",
    "type": "`{field}` should be {expected}, not {actual}",
    "too-long": "`{field}` is {length} characters; the limit is {limit}: shorten it",
    "too-few": "`{field}` needs at least {need} item{s}",
    "enum": "`{value}` is not allowed in `{field}`; {fix}",
    "enum-fix": "use one of: {options}",
    "duplicate-item": "`{field}` lists the same value twice; remove the repeat",
    "format": "`{value}` in `{field}` is not a valid {format}",
    "range": "`{field}` is {value}, outside {minimum}–{maximum}",
    "url-not-https": "`{value}` in `{field}` must be an https:// address: open the page, and copy the address your browser shows",
    "url-scheme": "`{value}` in `{field}` must be a full https://, http:// or mailto: address",
    "date-format": "`{value}` in `{field}` is not an ISO date; write YYYY-MM-DD (or YYYY or YYYY-MM where allowed)",
    "id-format": "`{value}` in `{field}` must be kebab-case: lower-case letters, digits and single hyphens, e.g. `my-entry-name`",
}


def bundled(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with the shared definitions inlined, so it stands alone."""
    common = all_schemas()["common.schema.json"]["definitions"]
    result = copy.deepcopy(schema)
    result["definitions"] = copy.deepcopy(common)

    def relink(node: Any) -> None:
        if isinstance(node, dict):
            target = node.get("$ref")
            if isinstance(target, str) and target.startswith("common.schema.json#"):
                node["$ref"] = target.removeprefix("common.schema.json")
            for value in node.values():
                relink(value)
        elif isinstance(node, list):
            for value in node:
                relink(value)

    relink(result)
    result.pop("$id", None)
    return result


@cache
def _schema_for(schema_name: str) -> dict[str, Any]:
    if schema_name in KINDS_BY_NAME:
        return bundled(kind_schema(KINDS_BY_NAME[schema_name]))
    if schema_name == COLLECTION:
        return bundled(COLLECTION_SCHEMA)
    return bundled(TAXONOMY_SCHEMAS[schema_name])


@cache
def _fast_validator(schema_name: str) -> Any:
    return fastjsonschema.compile(_schema_for(schema_name))


@cache
def _full_validator(schema_name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(_schema_for(schema_name), format_checker=jsonschema.FormatChecker())


def check_schema(document: Document, schema_name: str) -> list[Problem]:
    data = document.data
    try:
        _fast_validator(schema_name)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    findings: list[Finding] = []
    for error in _full_validator(schema_name).iter_errors(data):
        findings.extend(_explain(error, document))
    empty_paths = {path for path, _, rule in findings if rule == "empty"}
    seen: set[tuple[int, str]] = set()
    problems = []
    for path, message, rule in findings:
        if path in empty_paths and rule != "empty":
            continue  # one clear message per empty field, not three
        line = document.line_of(path)
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.append(Problem(document.path, line, "error", message, rule))
    return problems


def _name(path: tuple[str | int, ...]) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}" if parts else part)
    return "".join(parts) or "the file"


def _explain(error: jsonschema.ValidationError, document: Document) -> list[Finding]:
    path = tuple(error.absolute_path)
    field = _name(path)
    kind = error.validator
    schema = error.schema
    if kind == "anyOf" and all(set(option) == {"required"} for option in error.validator_value):
        names = [name for option in error.validator_value for name in option["required"]]
        if "superseded_by" in names:
            message = "a superseded protocol must name what replaced it: `superseded_by` (an entry here) or `successor` (a document elsewhere)"
            return [(path, message, "superseded-without-successor")]
        return [(path, "give one of " + " or ".join(f"`{name}`" for name in names), "required")]
    if kind == "required":
        missing = error.message.split("'")[1]
        description = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        if missing == "status_checked" and not path:  # a protocol's status; a recommendation's has its own words
            return [(("status",), STATUS_UNCHECKED, "status-unchecked")]  # point at the status it is about
        if missing == "watch" and not path:
            return [(("status",), WATCH_MISSING, "watch-missing")]
        if missing == "status_source" and isinstance(error.instance, dict) and "recommendations" in path:
            return [
                (
                    path,
                    f"recommendation {field} is marked `{error.instance.get('status')}`, which claims progress: cite in "
                    "`status_source` the published page or document that says so (title, publisher, date and the address "
                    "you read), or, if no progress is public, write `status: not-published`",
                    "recommendation-status-without-source",
                )
            ]
        hint = f" ({description})" if description else ""
        where = f" in {field}" if path else ""
        return [(path, MESSAGES["required"].format(missing=missing, where=where, hint=hint), "required")]
    if kind == "anyOf" and {"required": ["superseded_by"]} in schema.get("anyOf", []):
        return [(("status",), SUPERSEDED_WITHOUT_SUCCESSOR, "superseded-without-successor")]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        findings = []
        for key in error.instance:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            fix = f"did you mean `{close[0]}`?" if close else f"allowed keys are: {', '.join(allowed)}"
            findings.append(((*path, key), f"unknown key `{key}`; {fix}", "unknown-key"))
        return findings
    if kind == "type":
        implicit, raw = document.implicit_types.get(path, (None, ""))
        if implicit == "null" or error.instance is None:
            return [(path, MESSAGES["empty"].format(field=field), "empty")]
        if implicit and schema.get("type") == "string":
            return [
                (
                    path,
                    f'YAML reads the unquoted value of `{field}` as a {implicit}, not text; put it in quotes: "{raw}"',
                    "yaml-implicit-type",
                )
            ]
        expected = schema.get("type")
        return [
            (path, MESSAGES["type"].format(field=field, expected=_a(expected), actual=_a(_json_type(error.instance))), "type")
        ]
    if kind == "minLength":
        return [(path, MESSAGES["empty"].format(field=field), "empty")]
    if kind == "maxLength":
        limit = schema["maxLength"]
        return [(path, MESSAGES["too-long"].format(field=field, length=len(error.instance), limit=limit), "too-long")]
    if kind == "minItems":
        need = schema["minItems"]
        return [(path, MESSAGES["too-few"].format(field=field, need=need, s="s" if need > 1 else ""), "empty")]
    if kind == "enum" and path == ("resource_type",) and "allOf" in error.schema_path:
        return [
            (
                path,
                f"a resource of type `{error.instance}` cannot list `recommendations`; only a review or a report makes "
                "recommendations: change `resource_type` or move them to the review that makes them",
                "recommendations-on-wrong-kind",
            )
        ]
    if kind == "enum":
        options = [str(option) for option in schema["enum"]]
        close = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        fix = f"did you mean `{close[0]}`?" if close else MESSAGES["enum-fix"].format(options=", ".join(options))
        return [(path, MESSAGES["enum"].format(value=error.instance, field=field, fix=fix), "enum")]
    if kind == "uniqueItems":
        return [(path, MESSAGES["duplicate-item"].format(field=field), "duplicate-item")]
    if kind == "pattern":
        return [_pattern_finding(path, field, error.instance, schema)]
    if kind == "format":
        return [(path, MESSAGES["format"].format(value=error.instance, field=field, format=schema.get("format")), "format")]
    if kind in ("minimum", "maximum"):
        bounds = {"minimum": schema.get("minimum"), "maximum": schema.get("maximum")}
        return [(path, MESSAGES["range"].format(field=field, value=error.instance, **bounds), "range")]
    return [(path, f"`{field}`: {error.message}", "schema")]


def _pattern_finding(path: tuple[str | int, ...], field: str, value: str, schema: dict[str, Any]) -> Finding:
    rule = pattern_rule(schema["pattern"])
    message = MESSAGES[rule].format(value=value, field=field)
    if rule == "url-not-https" and path[:1] == ("successor",):
        rule = "successor-not-https"
    return (path, message, rule)


def pattern_rule(pattern: str) -> str:
    """Which mistake a failed pattern means: an address, a date or an id."""
    if pattern == "^https://":
        return "url-not-https"
    if pattern.startswith("^(https?"):
        return "url-scheme"
    if pattern.startswith("^\\d{4}"):
        return "date-format"
    return "id-format"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "string"


TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "integer": "a whole number",
    "list": "a list",
    "mapping": "a mapping of keys",
    "number": "a number",
    "boolean": "true/false",
}


def _a(type_name: Any) -> str:
    return TYPE_WORDS.get(str(type_name), str(type_name))
