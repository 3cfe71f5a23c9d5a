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

Finding = tuple[tuple[str | int, ...], str, str]  # path, message, rule


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
        if missing == "superseded_by":
            return [
                (
                    path,
                    "a superseded protocol must name the entry that replaced it in `superseded_by`",
                    "superseded-without-successor",
                )
            ]
        hint = f" ({description})" if description else ""
        where = f" in {field}" if path else ""
        return [(path, f"missing required field `{missing}`{where}{hint}", "required")]
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
            return [(path, f"`{field}` is empty; write a value or remove the line", "empty")]
        if implicit and schema.get("type") == "string":
            return [
                (
                    path,
                    f'YAML reads the unquoted value of `{field}` as a {implicit}, not text; put it in quotes: "{raw}"',
                    "yaml-implicit-type",
                )
            ]
        expected = schema.get("type")
        return [(path, f"`{field}` should be {_a(expected)}, not {_a(_json_type(error.instance))}", "type")]
    if kind == "minLength":
        return [(path, f"`{field}` is empty; write a value or remove the line", "empty")]
    if kind == "maxLength":
        limit = schema["maxLength"]
        return [(path, f"`{field}` is {len(error.instance)} characters; the limit is {limit}: shorten it", "too-long")]
    if kind == "minItems":
        need = schema["minItems"]
        return [(path, f"`{field}` needs at least {need} item{'s' if need > 1 else ''}", "empty")]
    if kind == "enum":
        options = [str(option) for option in schema["enum"]]
        close = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        fix = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(options)}"
        return [(path, f"`{error.instance}` is not allowed in `{field}`; {fix}", "enum")]
    if kind == "uniqueItems":
        return [(path, f"`{field}` lists the same value twice; remove the repeat", "duplicate-item")]
    if kind == "pattern":
        return [_pattern_finding(path, field, error.instance, schema)]
    if kind == "format":
        return [(path, f"`{error.instance}` in `{field}` is not a valid {schema.get('format')}", "format")]
    if kind in ("minimum", "maximum"):
        return [(path, f"`{field}` is {error.instance}, outside {schema.get('minimum')}–{schema.get('maximum')}", "range")]
    return [(path, f"`{field}`: {error.message}", "schema")]


def _pattern_finding(path: tuple[str | int, ...], field: str, value: str, schema: dict[str, Any]) -> Finding:
    pattern = schema["pattern"]
    if pattern.startswith("^(https?"):
        return (path, f"`{value}` in `{field}` must be a full https://, http:// or mailto: address", "url-scheme")
    if pattern.startswith("^\\d{4}"):
        return (
            path,
            f"`{value}` in `{field}` is not an ISO date; write YYYY-MM-DD (or YYYY or YYYY-MM where allowed)",
            "date-format",
        )
    return (
        path,
        f"`{value}` in `{field}` must be kebab-case: lower-case letters, digits and single hyphens, e.g. `my-entry-name`",
        "id-format",
    )


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


def _a(type_name: Any) -> str:
    words = {
        "string": "text",
        "array": "a list",
        "object": "a mapping of keys",
        "integer": "a whole number",
        "list": "a list",
        "mapping": "a mapping of keys",
        "number": "a number",
        "boolean": "true/false",
    }
    return words.get(str(type_name), str(type_name))
