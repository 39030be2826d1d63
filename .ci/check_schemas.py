#!/usr/bin/env python3
"""Check the JSON Schemas under schemas/ (draft 2020-12), offline.

For every *.schema.json file under schemas/:
  1. it parses, is a valid draft 2020-12 schema, has a unique `$id` matching its path
     (https://roiledger.dev/schemas/<relative path>) and all its `$ref`s resolve;
  2. every entry of its `examples` array is valid under it (and, for event schemas,
     under event.schema.json);
  3. every entry of its `x-invalid-examples` array ({"why", "field", "event"}) is invalid
     under it (and, for event schemas, under event.schema.json), for exactly one reason,
     and that reason concerns `field` (a top-level field or a dotted path like utm.source);
  4. no two valid event examples share an `id` with different content (the ledger would
     reject such a batch as a conflict);
  5. every shipped import mapping (Sources/LedgerImport/Mappings/*.json) is valid under
     mapping.schema.json and named as its file.

Prints one line per failure and ends with `schemas: N passed, M failed`;
exits 1 when anything failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
BASE_URI = "https://roiledger.dev/schemas/"
EVENT_SCHEMA = "event.schema.json"
MAPPING_SCHEMA = "mapping.schema.json"
SHIPPED_MAPPINGS = SCHEMAS.parent / "Sources" / "LedgerImport" / "Mappings"
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER

passed = 0
failed = 0


def ok() -> None:
    global passed
    passed += 1


def fail(where: str, message: str) -> None:
    global failed
    failed += 1
    print(f"FAIL {where}: {message}")


def is_event_schema(rel: str) -> bool:
    """Schemas whose examples are events, so event.schema.json must agree on them."""
    return rel in (EVENT_SCHEMA, "envelope.schema.json") or rel.startswith("events/")


def iter_refs(node):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from iter_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_refs(value)


def join(path) -> str:
    return ".".join(str(p) for p in path)


def leaf_paths(node, prefix=()):
    yield prefix, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaf_paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaf_paths(value, prefix + (index,))


def error_fields(error, root) -> set[str]:
    """The dotted field paths an error is about (a missing property counts as its own path)."""
    base = list(error.absolute_path)
    if error.validator is None and error.schema is False and not base:
        # jsonschema reports a `false` subschema (e.g. "seq": false) without its path;
        # any place in the event holding the rejected value may be the one.
        return {join(path) for path, value in leaf_paths(root)
                if path and type(value) is type(error.instance) and value == error.instance}
    if error.validator == "required":
        return {join(base + [name]) for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # An unknown key is about that key (the Swift validators name it so).
        allowed = set(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        return {join(base + [key]) for key in extra} or {join(base)}
    if error.validator == "dependentRequired":
        fields = set()
        for trigger, needed in error.validator_value.items():
            if isinstance(error.instance, dict) and trigger in error.instance:
                missing = [n for n in needed if n not in error.instance]
                if missing:
                    fields.add(join(base + [trigger]))
                    fields.update(join(base + [n]) for n in missing)
        return fields or {join(base)}
    return {join(base)}


def reasons(errors, root) -> list[set[str]]:
    """Group errors into reasons: errors from the same keyword at the same place, or about the
    same field (say `pattern` and `format` on one value), are one reason."""
    groups: list[tuple[set[str], set[tuple]]] = []
    for error in errors:
        fields = error_fields(error, root)
        keys = {(tuple(error.absolute_path), tuple(error.absolute_schema_path))}
        merged = [g for g in groups if g[0] & fields or g[1] & keys]
        for g in merged:
            groups.remove(g)
            fields |= g[0]
            keys |= g[1]
        groups.append((fields, keys))
    return [g[0] for g in groups]


def collect_errors(validator, instance):
    """(errors, None), or (None, problem) when a $ref met during validation cannot be followed."""
    try:
        return list(validator.iter_errors(instance)), None
    except Unresolvable as exc:
        detail = str(exc).split(" within ", 1)[0][:160]
        return None, f"a $ref does not resolve ({detail})"


def describe(errors) -> str:
    return "; ".join(f"{join(e.absolute_path) or '<root>'}: {e.message[:160]}" for e in errors) or "no errors"


def main() -> int:
    if not SCHEMAS.is_dir():
        fail(str(SCHEMAS), "schemas folder not found")
        print(f"schemas: {passed} passed, {failed} failed")
        return 1

    schemas: dict[str, dict] = {}
    for path in sorted(SCHEMAS.rglob("*.schema.json")):
        rel = path.relative_to(SCHEMAS).as_posix()
        try:
            schemas[rel] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            fail(rel, f"cannot read JSON: {exc}")

    resources = []
    ids: dict[str, str] = {}
    for rel, schema in schemas.items():
        where = rel
        problems = []
        if not isinstance(schema, dict):
            problems.append("not a JSON object")
        else:
            if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
                problems.append("$schema is not draft 2020-12")
            expected_id = BASE_URI + rel
            if schema.get("$id") != expected_id:
                problems.append(f"$id is {schema.get('$id')!r}, expected {expected_id!r}")
            elif expected_id in ids:
                problems.append(f"$id duplicates {ids[expected_id]}")
            ids[expected_id] = rel
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as exc:
                problems.append(f"invalid 2020-12 schema: {exc.message}")
        if problems:
            for problem in problems:
                fail(where, problem)
        else:
            ok()
            resources.append((schema["$id"], DRAFT202012.create_resource(schema)))

    registry = Registry().with_resources(resources)
    valid_ids = {uri for uri, _ in resources}

    # every $ref resolves (offline: only against the registry)
    for rel, schema in schemas.items():
        if BASE_URI + rel not in valid_ids:
            continue
        resolver = registry.resolver(base_uri=schema["$id"])
        bad = []
        for ref in sorted(set(iter_refs(schema))):
            try:
                resolver.lookup(ref)
            except Unresolvable as exc:
                bad.append(f"{ref} ({type(exc).__name__})")
        if bad:
            for b in bad:
                fail(rel, f"$ref does not resolve: {b}")
        else:
            ok()

    def validator_for(rel):
        if BASE_URI + rel not in valid_ids:
            return None
        return Draft202012Validator(schemas[rel], registry=registry, format_checker=FORMAT_CHECKER)

    event_validator = validator_for(EVENT_SCHEMA)
    if event_validator is None:
        fail(EVENT_SCHEMA, "missing or invalid; events cannot be cross-checked")

    for rel, schema in schemas.items():
        own = validator_for(rel)
        if own is None:
            continue
        targets = [(rel, own)]
        if is_event_schema(rel) and rel != EVENT_SCHEMA and event_validator is not None:
            targets.append((EVENT_SCHEMA, event_validator))

        examples = schema.get("examples", [])
        if not isinstance(examples, list):
            fail(rel, "examples is not an array")
            examples = []
        for i, example in enumerate(examples):
            for target, validator in targets:
                where = f"{rel} examples[{i}] ({_label(example)}) under {target}"
                errors, problem = collect_errors(validator, example)
                if problem:
                    fail(where, problem)
                elif errors:
                    fail(where, f"expected valid, got: {describe(errors)}")
                else:
                    ok()

        invalid = schema.get("x-invalid-examples", [])
        if not isinstance(invalid, list):
            fail(rel, "x-invalid-examples is not an array")
            invalid = []
        for i, entry in enumerate(invalid):
            base = f"{rel} x-invalid-examples[{i}]"
            if (not isinstance(entry, dict) or set(entry) != {"why", "field", "event"}
                    or not isinstance(entry["why"], str) or not entry["why"]
                    or not isinstance(entry["field"], str) or not entry["field"]):
                fail(base, 'must be an object with exactly "why", "field" (non-empty strings) and "event"')
                continue
            event, field = entry["event"], entry["field"]
            for target, validator in targets:
                where = f"{base} ({_label(event)}: {entry['why']}) under {target}"
                errors, problem = collect_errors(validator, event)
                if problem:
                    fail(where, problem)
                    continue
                if not errors:
                    fail(where, "expected invalid, but it is valid")
                    continue
                groups = reasons(errors, event)
                if len(groups) != 1:
                    fail(where, f"expected exactly one reason, got {len(groups)}: {describe(errors)}")
                elif field not in groups[0]:
                    fail(where, f"field {field!r} is not what fails ({', '.join(sorted(groups[0]))}): {describe(errors)}")
                else:
                    ok()

    # the shipped import mappings are mapping documents too: each must be valid under the schema
    mapping_validator = validator_for(MAPPING_SCHEMA)
    for path in sorted(SHIPPED_MAPPINGS.glob("*.json")):
        where = f"shipped mapping {path.name} under {MAPPING_SCHEMA}"
        if mapping_validator is None:
            fail(where, "mapping.schema.json is missing or invalid")
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            fail(where, f"does not parse: {error}")
            continue
        errors, problem = collect_errors(mapping_validator, document)
        if problem:
            fail(where, problem)
        elif errors:
            fail(where, f"expected valid, got: {describe(errors)}")
        elif document.get("mapping") != path.stem:
            fail(where, f"its name {document.get('mapping')!r} differs from its file name")
        else:
            ok()

    # valid examples may be ingested together (tests, demos): one id must mean one content
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for rel, schema in schemas.items():
        examples = schema.get("examples") if isinstance(schema, dict) and is_event_schema(rel) else None
        for i, example in enumerate(examples if isinstance(examples, list) else []):
            if not (isinstance(example, dict) and isinstance(example.get("id"), str)):
                continue
            first = seen.setdefault(example["id"], (f"{rel} examples[{i}]", example))
            if first[1] != example:
                clashes.append(f"{rel} examples[{i}]: id {example['id']!r} already used with other content by {first[0]}")
    if clashes:
        for clash in clashes:
            fail("examples", clash)
    else:
        ok()

    # the golden JSON reports in snapshots/ follow report.schema.json, compare.schema.json or series.schema.json
    report_validators = {"report": validator_for("report.schema.json"), "compare": validator_for("compare.schema.json"),
                         "series": validator_for("series.schema.json"), "compare_series": validator_for("compare-series.schema.json")}
    snapshots = SCHEMAS.parent / "snapshots"
    if snapshots.is_dir():
        for path in sorted(snapshots.glob("*.json")):
            document = json.loads(path.read_text(encoding="utf-8"))
            kind = document.get("report") if isinstance(document, dict) else None
            validator = report_validators.get(kind) if isinstance(kind, str) else None
            if validator is None:
                if kind is not None:
                    fail(f"snapshots/{path.name}", f"no schema for report kind {kind!r}")
                continue
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
            if errors:
                fail(f"snapshots/{path.name}", describe(errors))
            else:
                ok()

    print(f"schemas: {passed} passed, {failed} failed")
    return 1 if failed else 0


def _label(event) -> str:
    if isinstance(event, dict) and isinstance(event.get("id"), str):
        return event["id"][:40]
    return "no id"


if __name__ == "__main__":
    sys.exit(main())
