import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { JsonSchemaValidator, PARITY_REPORT_SCHEMA, parityReportV2Schema } from '@zpbench/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARITY_TAUS, type ParityRun, rasterizeSvg, runParity } from './parity.js';

let dir: string;
let run: ParityRun;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-parity-'));
  run = await runParity({
    outputDir: dir,
    zpbenchVersion: '0.1.0',
    now: () => new Date('2026-03-04T05:06:07Z'),
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const point = (model: string, tau: number) =>
  run.report.curve.find((p) => p.model === model && p.tau === tau);

describe('runParity', () => {
  it('writes parity_report.json that both validators accept, with a point per model and τ', () => {
    const written = JSON.parse(readFileSync(join(dir, 'parity_report.json'), 'utf8'));
    expect(written).toEqual(run.report);
    expect(parityReportV2Schema.parse(written)).toEqual(written);
    expect(new JsonSchemaValidator().validate(PARITY_REPORT_SCHEMA, written)).toEqual([]);
    expect(run.report.models.map((m) => m.id)).toEqual(['scm', 'rational_eps']);
    expect(run.report.curve).toHaveLength(2 * PARITY_TAUS.length);
    expect(run.report.task).toMatchObject({ pole: 0.3, test_points: 2001, train_points: 198 });
  });

  it('shows the strict gate trading coverage for accuracy around the pole', () => {
    // τ = 0 accepts everything, the pole itself included (a wrong answer).
    expect(point('scm', 0)).toMatchObject({ coverage: 1, pole_band_bottom_rate: 0 });
    expect(point('scm', 0)?.accuracy).toBeLessThan(1);
    // A moderate τ bottoms the whole pole band and answers everything else correctly.
    expect(point('scm', 0.03)).toMatchObject({ accuracy: 1, pole_band_bottom_rate: 1 });
    expect(point('scm', 0.03)?.coverage).toBeGreaterThan(0.95);
    // Coverage never grows with τ.
    for (const model of ['scm', 'rational_eps']) {
      const coverage = PARITY_TAUS.map((tau) => point(model, tau)?.coverage as number);
      expect(coverage).toEqual([...coverage].sort((a, b) => b - a));
    }
    // The MSE-trained Rational+ε baseline never moves its denominator's root into the domain.
    expect(point('rational_eps', 0.03)?.accuracy).toBeLessThan(0.5);
  });

  it('is deterministic for a seed', async () => {
    const again = await runParity({
      outputDir: join(dir, 'again'),
      zpbenchVersion: '0.1.0',
      now: () => new Date('2026-03-04T05:06:07Z'),
    });
    expect(again.report).toEqual(run.report);
    // Another time and command line: the envelope's digests stay (the curve is seeded).
    const later = await runParity({
      outputDir: join(dir, 'later'),
      zpbenchVersion: '0.1.0',
      argv: ['perf', 'parity', '--output', join(dir, 'later')],
      now: () => new Date('2027-01-01T00:00:00Z'),
    });
    expect(later.report.envelope).toMatchObject({
      kind: 'performance',
      suite_id: 'parity',
      suite_version: 'parity:v2',
      models: run.report.models.map((m) => m.id),
      event_count: run.report.curve.length,
      input_digest: run.report.envelope.input_digest,
      result_digest: run.report.envelope.result_digest,
      created_at: '2027-01-01T00:00:00.000Z',
    });
    expect(later.report.envelope.command).toEqual([
      'perf',
      'parity',
      '--output',
      join(dir, 'later'),
    ]);
    // Another seed: other inputs and results.
    const seeded = await runParity({
      outputDir: join(dir, 'seed1'),
      zpbenchVersion: '0.1.0',
      seed: 1,
    });
    expect(seeded.report.envelope.input_digest).not.toBe(run.report.envelope.input_digest);
    expect(seeded.report.envelope.result_digest).not.toBe(run.report.envelope.result_digest);
    expect(readFileSync(again.paths.svg, 'utf8')).toBe(readFileSync(run.paths.svg, 'utf8'));
  });

  it('rasterises the SVG into the PNG, at twice its size, with both curves drawn', async () => {
    const svg = readFileSync(run.paths.svg, 'utf8');
    const png = readFileSync(run.paths.png);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(Buffer.compare(png, Buffer.from(await rasterizeSvg(svg)))).toBe(0);
    const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1]);
    expect(png.readUInt32BE(16)).toBe(2 * width);
    // Count the pixels of each model's colour (the figure palette's first two).
    // (`pixels` copies the bitmap on every access: read it once.)
    const pixels = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 } }).render().pixels;
    const count = (rgb: number) => {
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (
          ((pixels[i] as number) << 16) +
            ((pixels[i + 1] as number) << 8) +
            (pixels[i + 2] as number) ===
          rgb
        )
          n++;
      }
      return n;
    };
    expect(count(0x0969da)).toBeGreaterThan(500);
    expect(count(0xcf222e)).toBeGreaterThan(500);
  });
});
