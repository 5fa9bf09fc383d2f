import type { ClaimDefinition, DomainPlugin } from '@zpbench/core';
import { FIXTURE_CONTRACT } from '@zpbench/core/testing';
import { describe, expect, it } from 'vitest';
import type { CollectedMetrics } from './aggregate.js';
import {
  auditClaims,
  isClaimRequired,
  renderClaimAudit,
  seedsNeededForClaims,
  underpoweredRequiredClaims,
} from './claims.js';

const HASH = 'a'.repeat(64);

function plugin(claims: ClaimDefinition[]): DomainPlugin<unknown> {
  return {
    contract: FIXTURE_CONTRACT,
    id: FIXTURE_CONTRACT.id,
    title: 'toy',
    description: 'toy',
    modes: {},
    configSchema: {} as DomainPlugin<unknown>['configSchema'],
    models: [
      { id: 'scm', label: 'SCM', role: 'claimed', description: '' },
      { id: 'mlp', label: 'MLP', role: 'baseline', description: '' },
    ],
    metrics: [
      { key: 'err', description: 'error', direction: 'lower', unit: 'fraction', subset: 'all' },
    ],
    claims,
    runSeed: () => {
      throw new Error('not used');
    },
  };
}

function collected(scm: (number | null)[], mlp: (number | null)[]): CollectedMetrics {
  const seeds = scm.map((_, i) => i);
  return {
    seeds,
    models: ['scm', 'mlp'],
    table: new Map([
      ['scm', new Map([['err', scm]])],
      ['mlp', new Map([['err', mlp]])],
    ]),
  };
}

const superiority: ClaimDefinition = {
  id: 'lower_err',
  description: 'SCM has lower error than MLP.',
  kind: 'superiority',
  metric: 'err',
  claimedModel: 'scm',
  baselineModel: 'mlp',
  direction: 'lower',
  required: ['paper'],
};

/** Five paired seeds on which the SCM's error is lower than the MLP's on every seed. */
const LOWER = [0.1, 0.2, 0.15, 0.12, 0.11];
const HIGHER = [0.3, 0.35, 0.31, 0.4, 0.33];

/** The claim audit of `claims` in `mode` over seeds 0..n-1 (or `planned`), none failed. */
function auditOf(
  claims: ClaimDefinition[],
  mode: string,
  scm: (number | null)[],
  mlp: (number | null)[],
  planned: number[] = scm.map((_, i) => i),
) {
  return auditClaims(plugin(claims), mode, HASH, collected(scm, mlp), planned, []);
}

describe('auditClaims', () => {
  it('passes a clean superiority on 5 seeds with the exact sign-flip p = 1/32', () => {
    const audit = auditOf([superiority], 'smoke', LOWER, HIGHER);
    const claim = audit.claims.find((c) => c.id === 'lower_err');
    expect(claim?.p_value).toBe(1 / 32);
    expect(claim?.p_holm).toBe(1 / 32);
    expect(claim?.verdict).toBe('PASS');
    expect(claim?.reason).not.toContain('smallest attainable');
    expect(claim?.required).toBe(false);
    expect(claim?.observed).toBeCloseTo(-0.202, 12);
    expect(audit.claims[0]?.id).toBe('completeness');
    expect(audit.claims[0]?.verdict).toBe('PASS');
  });

  it('Holm-corrects across claims: two exact 1/32 p-values become 1/16, which no outcome could beat: INCONCLUSIVE', () => {
    const nonInf: ClaimDefinition = {
      ...superiority,
      id: 'not_worse',
      kind: 'non-inferiority',
      threshold: 0.01,
    };
    const audit = auditOf([superiority, nonInf], 'paper', LOWER, HIGHER);
    const byId = Object.fromEntries(audit.claims.map((c) => [c.id, c]));
    expect(byId.lower_err?.p_holm).toBe(2 / 32);
    expect(byId.not_worse?.p_holm).toBe(2 / 32);
    expect(byId.lower_err?.verdict).toBe('INCONCLUSIVE');
    expect(byId.not_worse?.verdict).toBe('INCONCLUSIVE');
    expect(byId.lower_err?.required).toBe(true);
    expect(byId.lower_err?.reason).toContain(
      'with 5 paired seeds and 2 tested claims the smallest attainable Holm p is 0.0625 ≥ alpha 0.05, so no outcome could pass (underpowered): run at least 6 seeds',
    );
  });

  it('with enough seeds the same Holm count gives PASS, and evidence against the claim gives FAIL', () => {
    const nonInf: ClaimDefinition = { ...superiority, id: 'not_worse', kind: 'non-inferiority' };
    const better = [0.1, 0.2, 0.15, 0.12, 0.11, 0.13];
    const worse = [0.3, 0.35, 0.31, 0.4, 0.33, 0.34];
    const pass = auditOf([superiority, nonInf], 'paper', better, worse);
    expect(pass.claims.map((c) => [c.id, c.verdict, c.p_holm])).toEqual([
      ['completeness', 'PASS', null],
      ['lower_err', 'PASS', 2 / 64],
      ['not_worse', 'PASS', 2 / 64],
    ]);
    const fail = auditOf([superiority, nonInf], 'paper', worse, better);
    expect(fail.claims.map((c) => c.verdict)).toEqual(['PASS', 'FAIL', 'FAIL']);
  });

  it('calls a test on fewer than 2 pairs and a variance of one seed INCONCLUSIVE', () => {
    const ratio: ClaimDefinition = {
      ...superiority,
      id: 'ratio',
      kind: 'variance-ratio',
      threshold: 2,
    };
    const audit = auditOf([superiority, ratio], 'paper', [0.1], [0.3]);
    const byId = Object.fromEntries(audit.claims.map((c) => [c.id, c]));
    expect(byId.lower_err?.verdict).toBe('INCONCLUSIVE');
    expect(byId.lower_err?.p_value).toBe(null);
    expect(byId.lower_err?.reason).toContain('needs at least 2 paired seeds and 1 paired');
    expect(byId.ratio?.verdict).toBe('INCONCLUSIVE');
  });

  it('counts the seeds a plan needs before training: tested·2⁻ⁿ < alpha', () => {
    // 1/16 ≥ 0.05 > 1/32; 2/32 ≥ 0.05 > 2/64; 3/64 < 0.05; 4/64 ≥ 0.05 > 4/128.
    expect([1, 2, 3, 4].map((m) => seedsNeededForClaims(m, 0.05))).toEqual([5, 6, 6, 7]);
    expect(seedsNeededForClaims(1, 0.01)).toBe(7);
    const nonInf: ClaimDefinition = { ...superiority, id: 'not_worse', kind: 'non-inferiority' };
    const p = plugin([superiority, nonInf]);
    expect(underpoweredRequiredClaims(p, 'paper', 5)).toEqual([
      { id: 'lower_err', seedsNeeded: 6 },
      { id: 'not_worse', seedsNeeded: 6 },
    ]);
    expect(underpoweredRequiredClaims(p, 'paper', 6)).toEqual([]);
    // Not required in smoke: nothing to warn about.
    expect(underpoweredRequiredClaims(p, 'smoke', 3)).toEqual([]);
  });

  it('fails a superiority claim in the wrong direction', () => {
    const audit = auditOf([superiority], 'smoke', HIGHER, LOWER);
    expect(audit.claims[1]?.verdict).toBe('FAIL');
    expect(audit.claims[1]?.p_value).toBe(1);
  });

  it('evaluates floor and variance-ratio claims against their thresholds', () => {
    const floor: ClaimDefinition = {
      ...superiority,
      id: 'floor',
      kind: 'floor',
      direction: 'lower',
      threshold: 0.2,
      baselineModel: undefined,
      required: true,
    };
    const ratio: ClaimDefinition = {
      ...superiority,
      id: 'ratio',
      kind: 'variance-ratio',
      threshold: 2,
      required: true,
    };
    // var(scm) = 0.0001·2.5, var(mlp) = 0.01·2.5 → ratio 100.
    const audit = auditOf(
      [floor, ratio],
      'smoke',
      [0.1, 0.11, 0.12, 0.13, 0.14],
      [0.1, 0.2, 0.3, 0.4, 0.5],
    );
    const byId = Object.fromEntries(audit.claims.map((c) => [c.id, c]));
    expect(byId.floor?.observed).toBeCloseTo(0.12, 12);
    expect(byId.floor?.verdict).toBe('PASS');
    expect(byId.ratio?.observed).toBeCloseTo(100, 9);
    expect(byId.ratio?.verdict).toBe('PASS');
  });

  it('reports missing seeds and undefined values in the completeness claim', () => {
    const audit = auditOf(
      [superiority],
      'smoke',
      [0.1, null, 0.15],
      [0.3, 0.35, 0.31],
      [0, 1, 2, 3],
    );
    expect(audit.claims[0]?.verdict).toBe('FAIL');
    expect(audit.claims[0]?.reason).toBe('missing seeds 3; undefined values in scm/err');
  });

  it('renders model names as text in CLAIM_AUDIT.md', () => {
    const audit = auditOf(
      [{ ...superiority, id: '<script>x</script>' }],
      'smoke',
      [0.1, 0.2],
      [0.3, 0.4],
    );
    const md = renderClaimAudit(audit);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>x\\</script\\>');
  });

  it('knows when a claim is required', () => {
    expect(isClaimRequired(superiority, 'paper')).toBe(true);
    expect(isClaimRequired(superiority, 'smoke')).toBe(false);
    expect(isClaimRequired({ ...superiority, required: true }, 'smoke')).toBe(true);
  });
});
