import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { METRIC_LOG_MARKER, METRIC_LOG_VERSION, RUN_FILES, sha256Hex } from '@zpbench/core';
import { writeFixtureRunDir } from '@zpbench/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderTrainingLogReport } from './training-log-report.js';

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-log-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

function trainRecord(model: string, seed: number, epoch: number, loss: number): string {
  return JSON.stringify({
    schema: METRIC_LOG_MARKER,
    schema_version: METRIC_LOG_VERSION,
    phase: 'train',
    record_type: 'train',
    step: epoch,
    metrics: { loss, grad_norm: loss * 3 },
    context: { domain: 'fixture', model, seed, epoch },
  });
}

describe('renderTrainingLogReport', () => {
  it('reports the benchmark metric log of a run: Markdown, SVG and an offline interactive page', async () => {
    const run = join(temp, 'run');
    writeFixtureRunDir(run);
    const log = join(run, RUN_FILES.metricLog);
    const { written } = await renderTrainingLogReport(log);
    expect(written.map((path) => path.slice(run.length + 1))).toEqual([
      'aggregated/benchmark_metrics_REPORT.md',
      'aggregated/benchmark_metrics_REPORT_metrics.svg',
      'aggregated/benchmark_metrics_REPORT.html',
    ]);
    const markdown = readFileSync(join(run, 'aggregated/benchmark_metrics_REPORT.md'), 'utf8');
    await expect(markdown).toMatchFileSnapshot('__snapshots__/benchmark_metrics_REPORT.md');
    // The envelope cites the log's bytes and this file's bytes above the section.
    const cut = markdown.lastIndexOf('\n## Provenance envelope\n');
    const block = JSON.parse(markdown.slice(cut).split('```json\n')[1]?.split('\n```')[0] ?? '');
    expect(block).toMatchObject({
      kind: 'artifact-report',
      suite_id: 'metric-log',
      input_digest: `sha256:${sha256Hex(readFileSync(log))}`,
      result_digest: `sha256:${sha256Hex(markdown.slice(0, cut + 1))}`,
      event_count: readFileSync(log, 'utf8').trim().split('\n').length,
    });
    const html = readFileSync(join(run, 'aggregated/benchmark_metrics_REPORT.html'), 'utf8');
    // vega and vega-lite are inlined; nothing is loaded by URL.
    expect(html).toContain('vegaLite');
    expect(html).toContain('new vega.View(vega.parse(vegaLite.compile(spec).spec)');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html.match(/<script/g)?.length).toBe(4);
  });

  it('renders training traces per model and seed, byte-identical in a copied directory', async () => {
    const lines = ['mlp', 'scm'].flatMap((model) =>
      [0, 1].flatMap((seed) =>
        [0, 1, 2, 3].map((epoch) => trainRecord(model, seed, epoch, 1 / (epoch + 1 + seed))),
      ),
    );
    const log = join(temp, 'a', 'train_log.jsonl');
    const copy = join(temp, 'b', 'c', 'train_log.jsonl');
    for (const path of [log, copy]) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${lines.join('\n')}\n`);
    }
    const first = await renderTrainingLogReport(log);
    const second = await renderTrainingLogReport(copy);
    const names = ['train_log_REPORT.md', 'train_log_REPORT_metrics.svg', 'train_log_REPORT.html'];
    expect(first.written.map((p) => p.slice(p.lastIndexOf('/') + 1))).toEqual(names);
    expect(second.written).toEqual(names.map((name) => join(temp, 'b', 'c', name)));
    for (const name of names)
      expect(readFileSync(join(temp, 'b', 'c', name), 'utf8')).toBe(
        readFileSync(join(temp, 'a', name), 'utf8'),
      );
    const svg = readFileSync(join(temp, 'a', 'train_log_REPORT_metrics.svg'), 'utf8');
    expect(svg).toContain('grad_norm');
    expect(svg).toContain('phase train');
  });

  it('names file and line of a malformed record in a one-line error', async () => {
    const log = join(temp, 'bad.jsonl');
    writeFileSync(log, `${trainRecord('scm', 0, 0, 1)}\n\n{"schema": "zeroproofml.metric_log",\n`);
    const error = await renderTrainingLogReport(log).catch((e: unknown) => e);
    const message = (error as Error).message.replace(temp, '<tmp>');
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^<tmp>\/bad\.jsonl:3 is not valid JSON/);
    writeFileSync(log, `${trainRecord('scm', 0, 0, 1).replace('"train"', '"eval"')}\n`);
    const schemaError = await renderTrainingLogReport(log).catch((e: unknown) => e);
    expect((schemaError as { code: string }).code).toBe('ZPB_SCHEMA');
    expect((schemaError as Error).message.replace(temp, '<tmp>')).toMatch(
      /^<tmp>\/bad\.jsonl:1 does not match its schema: [^\n]*phase/,
    );
  });
});
