#!/usr/bin/env python3
"""Validates every JSON artifact of a zpbench run directory with Python's jsonschema alone.

Each document (every JSON file the manifest lists, except vega-lite specs, and every JSONL line)
is validated against the committed JSON Schema named by its own `schema` marker and
`schema_version`, looked up in the given schema directories (core's and the domain's).
Usage: validate-with-jsonschema.py <run_dir> <schema_dir>...   (exit 0 valid, 1 invalid, 2 usage)
"""
import glob
import json
import os
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("validate-with-jsonschema: Python's jsonschema is not installed", file=sys.stderr)
    sys.exit(3)

if len(sys.argv) < 3:
    print(__doc__.strip().splitlines()[-1], file=sys.stderr)
    sys.exit(2)
run, dirs = sys.argv[1], sys.argv[2:]
schemas = {}
for d in dirs:
    for f in glob.glob(os.path.join(d, "*.schema.json")):
        with open(f) as fh:
            schemas[os.path.basename(f)[: -len(".schema.json")]] = json.load(fh)

with open(os.path.join(run, "manifest.json")) as fh:
    manifest = json.load(fh)
docs = [("manifest.json", manifest)]
for path, entry in sorted(manifest["artifacts"].items()):
    full = os.path.join(run, path)
    if entry["kind"] == "json" and not path.endswith(".vl.json"):
        with open(full) as fh:
            docs.append((path, json.load(fh)))
    elif entry["kind"] == "jsonl":
        with open(full) as fh:
            for i, line in enumerate(fh):
                if line.strip():
                    docs.append((f"{path}:{i + 1}", json.loads(line)))

bad = 0
for path, value in docs:
    key = f"{value.get('schema')}.v{value.get('schema_version')}"
    if key not in schemas:
        print(f"{path}: no committed schema {key}.schema.json")
        bad += 1
        continue
    errors = list(Draft202012Validator(schemas[key]).iter_errors(value))
    if errors:
        bad += 1
        print(f"{path}: {errors[0].message[:200]}")
print(f"{len(docs)} documents, {len(docs) - bad} valid against the committed JSON Schemas, {bad} invalid")
sys.exit(1 if bad else 0)
