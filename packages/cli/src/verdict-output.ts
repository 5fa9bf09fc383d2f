import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber, formatP, RUN_FILES } from '@zpbench/core';
import type { RunVerdict } from '@zpbench/runner';
import { paint } from './output.js';

/** Paths of a run's human-readable reports (HTML only when it was written). */
export interface ReportPaths {
  readonly html: string | null;
  readonly markdown: string;
  readonly claim_audit: string;
}

/** The reports of a run directory, as the verdict block names them. */
export function reportPaths(runDir: string): ReportPaths {
  const html = join(runDir, RUN_FILES.runReportHtml);
  return {
    html: existsSync(html) ? html : null,
    markdown: join(runDir, RUN_FILES.runReport),
    claim_audit: join(runDir, RUN_FILES.claimAudit),
  };
}

/** The JSON twin of the verdict block (snake_case keys, like every command's JSON). */
export function verdictJson(verdict: RunVerdict, reports: ReportPaths, exitCode: number) {
  return {
    ok: verdict.ok,
    exit_code: exitCode,
    failures: verdict.failures,
    claims: verdict.claims,
    claims_decided: !verdict.shard,
    regression: verdict.regression,
    seeds_planned: verdict.seeds_planned,
    reports,
  };
}

const COLOR = { PASS: 'green', FAIL: 'red', INCONCLUSIVE: 'yellow' } as const;

/**
 * The verdict block printed at the end of a run: each claim with its verdict (in words, colour
 * only as an extra), observed value, threshold and Holm p; the regression verdict; failed seeds,
 * named as such; the report paths; and a last line saying what the exit code means.
 */
export function renderVerdictBlock(
  verdict: RunVerdict,
  reports: ReportPaths,
  stream: NodeJS.WriteStream = process.stdout,
): string[] {
  const lines: string[] = [];
  const claims = verdict.claims;
  if (verdict.shard) {
    lines.push('claims: decided on the merged run (`zpbench merge`), not on one shard');
  } else if (claims.length > 0) {
    lines.push('claims:');
    const idWidth = Math.max(...claims.map((c) => c.id.length));
    for (const c of claims) {
      const word = paint(c.verdict.padEnd(12), COLOR[c.verdict], stream);
      const facts = [
        c.required ? 'required' : 'optional',
        c.observed === null ? null : `observed ${formatNumber(c.observed)}`,
        c.threshold === null ? null : `threshold ${formatNumber(c.threshold)}`,
        c.p_holm === null ? null : `Holm p ${formatP(c.p_holm)}`,
      ].filter(Boolean);
      lines.push(`  ${word}  ${c.id.padEnd(idWidth)}  ${facts.join(', ')}`);
      if (c.verdict !== 'PASS') lines.push(`  ${' '.repeat(12)}  ↳ ${c.reason}`);
    }
  }
  const r = verdict.regression;
  if (r) {
    lines.push(
      `regression against ${r.baseline_run_id}: ${paint(r.verdict, r.verdict === 'PASS' ? 'green' : 'red', stream)} (severity sign-flip meta p ${formatP(r.meta_p)}, alpha ${r.alpha}; ${r.flagged.length} of ${r.n_slots} slots flagged${r.flagged.length ? `: ${r.flagged.join(', ')}` : ''})`,
    );
  }
  const failedSeeds = verdict.seeds_failed;
  lines.push(
    `seeds: ${verdict.seeds_completed.length} of ${verdict.seeds_planned} complete${failedSeeds.length ? `; ${failedSeeds.map((s) => `seed ${s} failed`).join(', ')}` : ''}`,
  );
  lines.push('reports:');
  if (reports.html) lines.push(`  ${reports.html}`);
  lines.push(`  ${reports.markdown}`, `  ${reports.claim_audit}`);
  lines.push(
    verdict.ok
      ? `verdict: ${paint('OK', 'green', stream)}: nothing required failed (exit 0)`
      : `verdict: ${paint('FAILED', 'red', stream)}: ${verdict.failures.join('; ')} (exit 1)`,
  );
  return lines;
}
