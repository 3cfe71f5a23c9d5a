"""Schema checks, with messages that teach: what is wrong, where, and how to fix it.

jsonschema gives precise errors; fastjsonschema (compiled, many times faster) is tried
first so a knowledge base of valid files is checked quickly, and only a file that fails
it is walked by jsonschema for the full list of problems.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from ..content_model import COLLECTION, COLLECTION_SCHEMA, KINDS_BY_NAME, TAXONOMY_SCHEMAS, all_schemas, kind_schema
from ..loader import Document, Problem
from ..rules import Rule, entry_example, rule
from ..user_cache import user_cache
from .status_rules import WATCH_MISSING

if TYPE_CHECKING:
    import jsonschema

Finding = tuple[tuple[str | int, ...], str, str]  # path, message, rule code

_PROTOCOL = "protocol"
_SUPERSEDED = {"status": "superseded", "status_checked": None, "status_source": None}
_SOURCE = {"title": "Rapid Document Review", "publisher": "PraxisCollab for The Children's Society", "date": "2021-11"}
_SUCCESSOR = {
    "title": "Example protocol, second edition",
    "publisher": "An example partnership",
    "date": "2026-06",
    "url": "http://www.example.org/protocol-2",
}
_RECOMMENDATION = {
    "text": "Agencies should share information early.",
    "owner": "Not published",
    "level": "local",
    "by_when": "Not published",
    "status": "not-published",
    "status_checked": "2021",
}

REQUIRED = rule(
    "required",
    "error",
    "A required field is missing",
    "missing required field `{missing}`{where}{hint}",
    entry_example("required", summary=None),
)
EMPTY = rule(
    "empty",
    "error",
    "A field is empty, or a list has too few items",
    "`{field}` is empty; write a value or remove the line",
    entry_example("empty", summary=""),
)
TOO_FEW = "`{field}` needs at least {need} item{s}"  # reported as `empty`: a list with too few items
TOO_MANY = rule(
    "too-many",
    "error",
    "A list with more items than its field allows",
    "`{field}` has {count} items; the limit is {limit}: keep the {limit} that matter most",
    entry_example(
        "too-many",
        "case_review",
        reflection_questions=[f"What would question {number} ask a team to discuss?" for number in range(1, 7)],
    ),
)
TYPE = rule(
    "type",
    "error",
    "A value of the wrong type (text, list, number)",
    "`{field}` should be {expected}, not {actual}",
    entry_example("type", summary=["a", "list"]),
)
YAML_IMPLICIT_TYPE = rule(
    "yaml-implicit-type",
    "error",
    "An unquoted value YAML reads as a number, date or true/false",
    'YAML reads the unquoted value of `{field}` as a {implicit}, not text; put it in quotes: "{raw}"',
    entry_example("yaml-implicit-type", organisation=2021),
)
TOO_LONG = rule(
    "too-long",
    "error",
    "Text over its field's length limit",
    "`{field}` is {length} characters; the limit is {limit}: shorten it",
    entry_example("too-long", title="A title that goes on " + "and on " * 20),
)
ENUM = rule(
    "enum",
    "error",
    "A value not among a field's allowed values",
    "`{value}` is not allowed in `{field}`; {fix}",
    entry_example("enum", evidence_level="strong"),
)
ENUM_FIX = "use one of: {options}"
DUPLICATE_ITEM = rule(
    "duplicate-item",
    "error",
    "A list holds the same value twice",
    "`{field}` lists the same value twice; remove the repeat",
    entry_example("duplicate-item", themes=["child-criminal-exploitation", "child-criminal-exploitation"]),
)
FORMAT = rule(
    "format",
    "error",
    "A value not in its field's format (an e-mail address)",
    "`{value}` in `{field}` is not a valid {format}",
    entry_example("format", contact={"organisation": "London Borough of Example", "email": "the youth team"}),
)
RANGE = rule(
    "range",
    "error",
    "A number outside its field's range",
    "`{field}` is {value}, outside {minimum}–{maximum}",
    entry_example("range", "case_review", year_published=1985),
)
URL_NOT_HTTPS = rule(
    "url-not-https",
    "error",
    "An address that must be https:// is not",
    "`{value}` in `{field}` must be an https:// address: open the page, and copy the address your browser shows",
    entry_example("url-not-https", _PROTOCOL, watch={"url": "http://www.example.org/protocol"}),
)
SUCCESSOR_NOT_HTTPS = rule(
    "successor-not-https",
    "error",
    "A superseded protocol's successor is not cited by an https:// address",
    URL_NOT_HTTPS.message,
    entry_example("successor-not-https", _PROTOCOL, **_SUPERSEDED, successor=_SUCCESSOR),
)
URL_SCHEME = rule(
    "url-scheme",
    "error",
    "An address that is not a full https://, http:// or mailto: address",
    "`{value}` in `{field}` must be a full https://, http:// or mailto: address",
    entry_example("url-scheme", sources=[{**_SOURCE, "url": "www.example.org/report"}]),
)
DATE_FORMAT = rule(
    "date-format",
    "error",
    "A date not written as an ISO date",
    "`{value}` in `{field}` is not an ISO date; write YYYY-MM-DD (or YYYY or YYYY-MM where allowed)",
    entry_example("date-format", last_reviewed="15/01/2026"),
)
ID_FORMAT = rule(
    "id-format",
    "error",
    "An id that is not kebab-case",
    "`{value}` in `{field}` must be kebab-case: lower-case letters, digits and single hyphens, e.g. `my-entry-name`",
    entry_example("id-format", related=["Mace_Protocol"]),
)
TEXT_DIGEST_FORMAT = rule(
    "text-digest-format",
    "error",
    "A watched page's text digest not as `kb sources digest` prints it",
    "`{value}` in `{field}` is not a text digest: run `kb sources digest URL` with the watched page's address and "
    "copy the line it prints, `sha256:` and 64 characters from 0-9 and a-f",
    entry_example(
        "text-digest-format", _PROTOCOL, watch={"url": "https://www.example.org/protocol", "text_digest": "sha256:see the page"}
    ),
)
UNKNOWN_KEY = rule(
    "unknown-key",
    "error",
    "A key the kind does not have (often a typo)",
    "unknown key `{key}`; {fix}",
    entry_example("unknown-key", titel="A typo in a key"),
)
STATUS_UNCHECKED = rule(
    "status-unchecked",
    "error",
    "A protocol in force does not say when its status was confirmed",
    "a current or under-review protocol must say when its status was last confirmed: add `status_checked` "
    "(YYYY-MM-DD, the day you read the issuer's own page) and `status_source` (that page's title, publisher, date "
    "and address); if no page confirms it, use the source document's date and cite the document",
    entry_example("status-unchecked", _PROTOCOL, status_checked=None),
)
SUPERSEDED_WITHOUT_SUCCESSOR = rule(
    "superseded-without-successor",
    "error",
    "A superseded protocol does not say what replaced it",
    "a superseded protocol must say what replaced it: the id of its entry in `superseded_by`, or, when the "
    "successor has no entry yet, `successor` with its title, publisher, date and https:// address",
    entry_example("superseded-without-successor", _PROTOCOL, **_SUPERSEDED),
)
RECOMMENDATION_STATUS_WITHOUT_SOURCE = rule(
    "recommendation-status-without-source",
    "error",
    "A recommendation claims progress without citing where that is published",
    "recommendation {field} is marked `{status}`, which claims progress: cite in `status_source` the published page "
    "or document that says so (title, publisher, date and the address you read), or, if no progress is public, "
    "write `status: not-published`",
    entry_example(
        "recommendation-status-without-source", "case_review", recommendations=[{**_RECOMMENDATION, "status": "completed"}]
    ),
)
RECOMMENDATIONS_ON_WRONG_KIND = rule(
    "recommendations-on-wrong-kind",
    "error",
    "A resource that is not a review or report lists recommendations",
    "a resource of type `{value}` cannot list `recommendations`; only a review or a report makes recommendations: "
    "change `resource_type` or move them to the review that makes them",
    entry_example("recommendations-on-wrong-kind", "resource", recommendations=[_RECOMMENDATION]),
)
# The schema keywords `_explain` turns into teaching messages; the content model uses no other
# (tests/validation/test_schema_keywords.py), so a new keyword fails a test, not a contributor.
EXPLAINED_KEYWORDS = frozenset(
    {
        "anyOf",
        "required",
        "additionalProperties",
        "type",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "enum",
        "uniqueItems",
        "pattern",
        "format",
        "minimum",
        "maximum",
    }
)
# The rule each keyword's failure is reported under, as the entry form in the browser reports Ajv's errors.
KEYWORD_RULES = {
    "required": REQUIRED.code,
    "type": TYPE.code,
    "minLength": EMPTY.code,
    "maxLength": TOO_LONG.code,
    "minItems": EMPTY.code,
    "maxItems": TOO_MANY.code,
    "enum": ENUM.code,
    "uniqueItems": DUPLICATE_ITEM.code,
    "format": FORMAT.code,
    "minimum": RANGE.code,
    "maximum": RANGE.code,
}


class UnexplainedSchemaError(RuntimeError):
    """The content model uses a JSON Schema keyword `_explain` has no words for: a bug in kb, not in an entry."""


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
    return _compiled(_schema_for(schema_name), schema_name)


VALIDATOR_CACHE_FORMAT = "1"  # change it when the way a validator is generated changes


def validator_cache() -> Path:
    """Where compiled validators are kept: the user's cache folder, as pip and pre-commit keep theirs."""
    return user_cache("validators")


def _compiled(schema: dict[str, Any], schema_name: str) -> Any:
    """fastjsonschema's validator for a schema, as `fastjsonschema.compile` makes it.

    The code it generates is kept compiled (marshal, like a .pyc) in `validator_cache()`, named by the
    schema's name and a hash of the schema, fastjsonschema's version and Python's: generating and
    compiling the code of the twelve schemas took a third of a second on every run, before the first
    file was checked. Another schema or version is another file, and a file that cannot be read is made
    again; writing one removes the files kept for that schema's name before, so the folder does not grow.
    """
    from fastjsonschema.ref_resolver import RefResolver

    identity = "\n".join([VALIDATOR_CACHE_FORMAT, fastjsonschema.VERSION, sys.version, json.dumps(schema, sort_keys=True)])
    path = validator_cache() / f"{schema_name}-{hashlib.sha256(identity.encode()).hexdigest()}.marshal"
    try:
        return _validator_in(marshal.loads(path.read_bytes()))
    except Exception:  # not made yet, or unreadable: made again below
        pass
    name = RefResolver.from_schema(schema, store={}).get_scope_name()
    code = compile(f"{fastjsonschema.compile_to_code(schema)}\nVALIDATOR = {name}\n", str(path), "exec")
    _write_quietly(path, marshal.dumps(code))
    _remove_others(path, schema_name)
    return _validator_in(code)


def _remove_others(kept: Path, schema_name: str) -> None:
    """Remove the validators kept for this schema's name but another schema or version (`_compiled`'s files)."""
    for path in kept.parent.glob(f"{schema_name}-*.marshal"):
        if path != kept and path.name.rsplit("-", 1)[0] == schema_name:  # not another name that begins with this one
            path.unlink(missing_ok=True)


def _validator_in(code: Any) -> Any:
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the module `_compiled` generated from a schema with fastjsonschema
    return namespace["VALIDATOR"]


def _write_quietly(path: Path, content: bytes) -> None:
    """Write the file whole (another process reads either nothing or all of it), or not at all if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError:
        pass


def prepare_validators(schema_names: set[str]) -> None:
    """Compile the fast validators now, so that workers forked afterwards share them instead of each compiling its own."""
    for schema_name in schema_names:
        _fast_validator(schema_name)


@cache
def _full_validator(schema_name: str) -> jsonschema.Draft7Validator:
    import jsonschema  # only for a file the fast validator refused: most runs never need it (0.1 s to import)

    return jsonschema.Draft7Validator(_schema_for(schema_name), format_checker=jsonschema.FormatChecker())


def conforms(document: Document, schema_name: str) -> bool:
    """Whether the document's data passes its schema (the fast validator: no messages)."""
    try:
        _fast_validator(schema_name)(document.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


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
    empty_paths = {path for path, _, rule in findings if rule == EMPTY.code}
    seen: set[tuple[int, str]] = set()
    problems = []
    for path, message, code in findings:
        if path in empty_paths and code != EMPTY.code:
            continue  # one clear message per empty field, not three
        line = document.line_of(path)
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.append(Problem(document.path, line, "error", message, code))
    return problems


def _name(path: tuple[str | int, ...]) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}" if parts else part)
    return "".join(parts) or "the file"


def _found(path: tuple[str | int, ...], broken: Rule, **values: Any) -> Finding:
    return (path, broken.say(**values), broken.code)


def _explain(error: jsonschema.ValidationError, document: Document) -> list[Finding]:
    path = tuple(error.absolute_path)
    field = _name(path)
    kind = error.validator
    schema = error.schema
    if kind not in EXPLAINED_KEYWORDS:
        raise UnexplainedSchemaError(f"no message for the schema keyword `{kind}` at {field}: {error.message}")
    if kind == "anyOf":  # the content model's only anyOf: a superseded protocol names superseded_by or successor
        return [_found(("status",), SUPERSEDED_WITHOUT_SUCCESSOR)]
    if kind == "required":
        return [_required(error, path, field)]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        findings = []
        for key in error.instance:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                fix = f"did you mean `{close[0]}`?" if close else f"allowed keys are: {', '.join(allowed)}"
                findings.append(_found((*path, key), UNKNOWN_KEY, key=key, fix=fix))
        return findings
    if kind == "type":
        return [_type(error, document, path, field)]
    if kind == "minLength":
        return [_found(path, EMPTY, field=field)]
    if kind == "maxLength":
        return [_found(path, TOO_LONG, field=field, length=len(error.instance), limit=schema["maxLength"])]
    if kind == "minItems":
        need = schema["minItems"]
        return [(path, TOO_FEW.format(field=field, need=need, s="s" if need > 1 else ""), EMPTY.code)]
    if kind == "maxItems":
        return [_found(path, TOO_MANY, field=field, count=len(error.instance), limit=schema["maxItems"])]
    if kind == "enum" and path == ("resource_type",) and "allOf" in error.schema_path:
        return [_found(path, RECOMMENDATIONS_ON_WRONG_KIND, value=error.instance)]
    if kind == "enum":
        options = [str(option) for option in schema["enum"]]
        close = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        fix = f"did you mean `{close[0]}`?" if close else ENUM_FIX.format(options=", ".join(options))
        return [_found(path, ENUM, value=error.instance, field=field, fix=fix)]
    if kind == "uniqueItems":
        return [_found(path, DUPLICATE_ITEM, field=field)]
    if kind == "pattern":
        return [_pattern_finding(path, field, error.instance, schema)]
    if kind == "format":
        return [_found(path, FORMAT, value=error.instance, field=field, format=schema.get("format"))]
    bounds = {"minimum": schema.get("minimum"), "maximum": schema.get("maximum")}  # minimum or maximum
    return [_found(path, RANGE, field=field, value=error.instance, **bounds)]


def _required(error: jsonschema.ValidationError, path: tuple[str | int, ...], field: str) -> Finding:
    missing = error.message.split("'")[1]
    if missing == "status_checked" and not path:  # a protocol's status; a recommendation's has its own words
        return _found(("status",), STATUS_UNCHECKED)  # point at the status it is about
    if missing == "watch" and not path:
        return _found(("status",), WATCH_MISSING)
    if missing == "status_source" and isinstance(error.instance, dict) and "recommendations" in path:
        return _found(path, RECOMMENDATION_STATUS_WITHOUT_SOURCE, field=field, status=error.instance.get("status"))
    description = error.schema.get("properties", {}).get(missing, {}).get("description", "")
    hint = f" ({description})" if description else ""
    where = f" in {field}" if path else ""
    return _found(path, REQUIRED, missing=missing, where=where, hint=hint)


def _type(error: jsonschema.ValidationError, document: Document, path: tuple[str | int, ...], field: str) -> Finding:
    implicit, raw = document.implicit_types.get(path, (None, ""))
    if implicit == "null" or error.instance is None:
        return _found(path, EMPTY, field=field)
    if implicit and error.schema.get("type") == "string":
        return _found(path, YAML_IMPLICIT_TYPE, field=field, implicit=implicit, raw=raw)
    return _found(path, TYPE, field=field, expected=_a(error.schema.get("type")), actual=_a(_json_type(error.instance)))


def _pattern_finding(path: tuple[str | int, ...], field: str, value: str, schema: dict[str, Any]) -> Finding:
    broken = PATTERN_RULES[pattern_rule(schema["pattern"])]
    if broken is URL_NOT_HTTPS and path[:1] == ("successor",):
        broken = SUCCESSOR_NOT_HTTPS
    return _found(path, broken, value=value, field=field)


def pattern_rule(pattern: str) -> str:
    """Which mistake a failed pattern means: an address, a date, a text digest or an id."""
    if pattern == "^https://":
        return URL_NOT_HTTPS.code
    if pattern.startswith("^(https?"):
        return URL_SCHEME.code
    if pattern.startswith("^\\d{4}"):
        return DATE_FORMAT.code
    if pattern.startswith("^sha256:"):
        return TEXT_DIGEST_FORMAT.code
    return ID_FORMAT.code


PATTERN_RULES = {each.code: each for each in (URL_NOT_HTTPS, URL_SCHEME, DATE_FORMAT, TEXT_DIGEST_FORMAT, ID_FORMAT)}


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
