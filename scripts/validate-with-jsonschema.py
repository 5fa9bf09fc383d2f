#!/usr/bin/env python3
"""Validates every JSON artifact of a zpbench run directory with Python's jsonschema alone.

Each document (every JSON file the manifest lists, except vega-lite specs, and every JSONL line)
is validated against the committed JSON Schema named by its own `schema` marker and
`schema_version`, looked up in the given schema directories (core's and the domain's).
With --files, it validates loose files instead: each FILE against the schema its own marker
names, or FILE=NAME against `NAME.schema.json` (a budget file may omit its marker); a Markdown
FILE is the provenance-envelope JSON block it holds. In run mode every Markdown file the manifest
lists must hold that block. A run's derived Markdown (CLAIM_AUDIT.md, aggregated/*.md, domain
sidecars: the block with `created_at` null) must also match its `result_digest`, the sha256 of
the file's bytes above the envelope section. In both modes every provenance envelope
nested in a document (a comparison's, a perf artifact's, a calibration's, a gate's output) is
validated too.
Usage: validate-with-jsonschema.py <run_dir> <schema_dir>...   (exit 0 valid, 1 invalid, 2 usage)
       validate-with-jsonschema.py --files <schema_dir> FILE[=NAME]...
"""
import glob
import hashlib
import json
import os
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("validate-with-jsonschema: Python's jsonschema is not installed", file=sys.stderr)
    sys.exit(3)

ENVELOPE = "zpbench_provenance_envelope"
files_mode = len(sys.argv) > 1 and sys.argv[1] == "--files"
if len(sys.argv) < (4 if files_mode else 3):
    print("\n".join(__doc__.strip().splitlines()[-2:]), file=sys.stderr)
    sys.exit(2)
dirs = [sys.argv[2]] if files_mode else sys.argv[2:]
schemas = {}
for d in dirs:
    for f in glob.glob(os.path.join(d, "*.schema.json")):
        with open(f) as fh:
            schemas[os.path.basename(f)[: -len(".schema.json")]] = json.load(fh)


HEADING = b"\n## Provenance envelope\n"
body_mismatches = []  # derived Markdown whose bytes above the envelope are not its result_digest


def markdown_envelope(path, name=None):
    """The JSON block of a Markdown file's 'Provenance envelope' section (the last one)."""
    with open(path, "rb") as fh:
        data = fh.read()
    at = data.rfind(HEADING)
    section = data[at:].decode("utf8") if at >= 0 else ""
    if "```json\n" not in section:
        print(f"{name or path}: no provenance envelope section with a JSON block")
        sys.exit(1)
    envelope = json.loads(section.split("```json\n", 1)[1].split("\n```", 1)[0])
    if isinstance(envelope, dict) and "created_at" in envelope and envelope["created_at"] is None:
        digest = "sha256:" + hashlib.sha256(data[: at + 1]).hexdigest()
        if envelope.get("result_digest") != digest:
            body_mismatches.append(f"{name or path}: result_digest {envelope.get('result_digest')} is not the sha256 of the bytes above its envelope ({digest})")
    return envelope


def nested_envelopes(path, value):
    """Every provenance envelope inside a document (not the document itself)."""
    found = []

    def walk(where, v, top):
        if isinstance(v, dict):
            if not top and v.get("schema") == ENVELOPE:
                found.append((where, v))
            for k, child in v.items():
                walk(f"{where}.{k}", child, False)
        elif isinstance(v, list):
            for i, child in enumerate(v):
                walk(f"{where}[{i}]", child, False)

    walk(path, value, True)
    return found


docs = []  # (path, document, explicit schema name or None)
if files_mode:
    for arg in sys.argv[3:]:
        path, _, name = arg.partition("=")
        if path.endswith(".md"):
            docs.append((path, markdown_envelope(path), None))
            continue
        with open(path) as fh:
            docs.append((path, json.load(fh), name or None))
else:
    run = sys.argv[1]
    with open(os.path.join(run, "manifest.json")) as fh:
        manifest = json.load(fh)
    docs.append(("manifest.json", manifest, None))
    for path, entry in sorted(manifest["artifacts"].items()):
        full = os.path.join(run, path)
        if entry["kind"] == "json" and not path.endswith(".vl.json"):
            with open(full) as fh:
                docs.append((path, json.load(fh), None))
        elif entry["kind"] == "jsonl":
            with open(full) as fh:
                for i, line in enumerate(fh):
                    if line.strip():
                        docs.append((f"{path}:{i + 1}", json.loads(line), None))
        elif entry["kind"] == "markdown":
            # The envelope a citation attaches: RUN_REPORT.md's, and each derived file's.
            docs.append((f"{path}#provenance-envelope", markdown_envelope(full, path), None))
docs += [(where, env, None) for path, value, _ in list(docs) for where, env in nested_envelopes(path, value)]

bad = 0
for path, value, name in docs:
    key = name or f"{value.get('schema')}.v{value.get('schema_version')}"
    if key not in schemas:
        print(f"{path}: no committed schema {key}.schema.json")
        bad += 1
        continue
    errors = list(Draft202012Validator(schemas[key]).iter_errors(value))
    if errors:
        bad += 1
        print(f"{path}: {errors[0].message[:200]}")
for line in body_mismatches:
    print(line)
bad += len(body_mismatches)
print(f"{len(docs)} documents, {len(docs) - bad} valid against the committed JSON Schemas, {bad} invalid")
sys.exit(1 if bad else 0)
