import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendDerivedEnvelope,
  buildRunEnvelope,
  ENVELOPE_HEADING,
  envelopeJsonBlock,
  readRunEnvelope,
  renderEnvelopeMarkdown,
  runInputDigestOf,
} from './envelope.js';
import { RUN_FILES } from './run-layout.js';
import { ENVELOPE_SCHEMA, PROVENANCE_SCHEMA, SUMMARY_SCHEMA } from './schemas/registry.js';
import { FIXTURE_CONTRACT, writeFixtureRunDir } from './testing/fixture-run.js';

const temp = mkdtempSync(join(tmpdir(), 'zpb-envelope-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('the provenance envelope', () => {
  const dir = join(temp, 'run');
  writeFixtureRunDir(dir);
  const read = <T>(file: string, entry: { schema: { parse: (x: unknown) => T } }) =>
    entry.schema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const provenance = read(RUN_FILES.provenance, PROVENANCE_SCHEMA);
  const summary = read(RUN_FILES.summary, SUMMARY_SCHEMA);

  it('validates, and its input digest is sha256 of the canonical JSON of the inputs', () => {
    const envelope = readRunEnvelope(dir, FIXTURE_CONTRACT);
    expect(ENVELOPE_SCHEMA.schema.parse(envelope)).toEqual(envelope);
    // Canonical JSON by hand: keys sorted, no whitespace.
    const fingerprints = Object.keys(provenance.dataset_fingerprints)
      .sort()
      .map((k) => `"${k}":"${provenance.dataset_fingerprints[k]}"`)
      .join(',');
    const canonical = `{"config_hash":"${provenance.config_hash}","dataset_fingerprints":{${fingerprints}},"domain":"${provenance.domain}","mode":"${provenance.mode}","seeds":[${[...provenance.contract.seeds].sort((a, b) => a - b).join(',')}]}`;
    expect(envelope.input_digest).toBe(sha(canonical));
    expect(envelope).toMatchObject({
      kind: 'scientific-run',
      suite_id: 'fixture',
      suite_version: `fixture:${summary.mode}:v${FIXTURE_CONTRACT.seedResult.version}`,
      event_count: summary.seeds.length * summary.models.length,
      claim_boundary: FIXTURE_CONTRACT.claimBoundary,
      metric_semantics: FIXTURE_CONTRACT.metricSemantics,
      budget_file: null,
      notes: null,
      command: provenance.invocation.argv,
      created_at: provenance.created_utc,
    });
    expect(envelope.runtime?.references[RUN_FILES.provenance]).toBe(
      sha(readFileSync(join(dir, RUN_FILES.provenance), 'utf8')),
    );
  });

  it('gives the same digests for another machine and time, other ones for other inputs or results', () => {
    const base = buildRunEnvelope({
      contract: FIXTURE_CONTRACT,
      provenance,
      summary,
      claimAudit: null,
    });
    const elsewhere = buildRunEnvelope({
      contract: FIXTURE_CONTRACT,
      provenance: {
        ...provenance,
        created_utc: '2030-05-05T05:05:05Z',
        system: { ...provenance.system, os: 'other', cpu_count: 64 },
        runtime: { ...provenance.runtime, node: 'v99.0.0' },
      },
      summary: JSON.parse(JSON.stringify(summary)),
      claimAudit: null,
    });
    expect([elsewhere.input_digest, elsewhere.result_digest]).toEqual([
      base.input_digest,
      base.result_digest,
    ]);
    const seed = Object.keys(provenance.dataset_fingerprints)[0] as string;
    const otherData = buildRunEnvelope({
      contract: FIXTURE_CONTRACT,
      provenance: {
        ...provenance,
        dataset_fingerprints: { ...provenance.dataset_fingerprints, [seed]: '0'.repeat(64) },
      },
      summary,
      claimAudit: null,
    });
    expect(otherData.input_digest).not.toBe(base.input_digest);
    const otherResult = buildRunEnvelope({
      contract: FIXTURE_CONTRACT,
      provenance,
      summary: { ...summary, n_seeds: summary.n_seeds + 1 },
      claimAudit: null,
    });
    expect(otherResult.result_digest).not.toBe(base.result_digest);
    expect(otherResult.input_digest).toBe(base.input_digest);
  });

  it('renders hostile notes and budget paths as text, and its JSON block parses back', () => {
    const hostile = '<script>alert(1)</script> ```\n# heading';
    const envelope = {
      ...readRunEnvelope(dir, FIXTURE_CONTRACT),
      notes: hostile,
      budget_file: { path: hostile, sha256: `sha256:${'a'.repeat(64)}`, budgets: 1, metadata: {} },
    };
    const markdown = renderEnvelopeMarkdown(envelope).join('\n\n');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/\n# heading/);
    const block = envelopeJsonBlock(envelope);
    expect(block.split('\n').slice(1, -1).join('\n')).not.toContain('`');
    expect(JSON.parse(block.split('\n').slice(1, -1).join('\n'))).toEqual(envelope);
  });

  it('names the file when provenance.json is missing', () => {
    const broken = join(temp, 'broken');
    writeFixtureRunDir(broken);
    writeFileSync(join(broken, RUN_FILES.provenance), '{');
    expect(() => readRunEnvelope(broken, FIXTURE_CONTRACT)).toThrow(/provenance\.json/);
  });

  it('appends to derived Markdown a block of the run’s inputs and the file’s own bytes, with no time, command or machine', () => {
    const input = {
      contract: FIXTURE_CONTRACT,
      mode: summary.mode,
      codeVersion: provenance.contract.code_version,
      inputDigest: runInputDigestOf({
        domain: provenance.domain,
        mode: provenance.mode,
        configHash: provenance.config_hash,
        seeds: [...provenance.contract.seeds].reverse(),
        datasetFingerprints: provenance.dataset_fingerprints,
      }),
      models: ['a', 'b'],
      eventCount: 6,
    };
    const body = '# Claim audit\n\n| claim | verdict |\n| --- | --- |\n| `x` | **PASS** |';
    const text = appendDerivedEnvelope(body, input);
    const at = text.lastIndexOf(`\n${ENVELOPE_HEADING}\n`);
    // The body keeps its bytes (one newline added to end its last line, one blank line after).
    expect(text.slice(0, at + 1)).toBe(`${body}\n\n`);
    const json = text.slice(at).split('```json\n')[1]?.split('\n```')[0] as string;
    const envelope = ENVELOPE_SCHEMA.schema.parse(JSON.parse(json));
    expect(envelope).toEqual({
      schema: 'zpbench_provenance_envelope',
      schema_version: 2,
      kind: 'scientific-run',
      suite_id: 'fixture',
      suite_version: `fixture:${summary.mode}:v${FIXTURE_CONTRACT.seedResult.version}`,
      zpbench_version: provenance.contract.code_version,
      created_at: null,
      command: null,
      models: ['a', 'b'],
      runtime: null,
      // The seed order does not matter: the same input digest as RUN_REPORT.md's envelope.
      input_digest: readRunEnvelope(dir, FIXTURE_CONTRACT).input_digest,
      result_digest: sha(`${body}\n\n`),
      budget_file: null,
      event_count: 6,
      claim_boundary: FIXTURE_CONTRACT.claimBoundary,
      metric_semantics: FIXTURE_CONTRACT.metricSemantics,
      notes: null,
    });
    expect(text.endsWith('\n```\n')).toBe(true);
    // Same inputs, same bytes; an edited body, another result digest.
    expect(appendDerivedEnvelope(`${body}\n`, input)).toBe(text);
    expect(appendDerivedEnvelope(body.replace('PASS', 'FAIL'), input)).not.toContain(
      envelope.result_digest,
    );
  });
});
