import {
  CLAIM_AUDIT_MARKER,
  CLAIM_AUDIT_VERSION,
  type ClaimAuditV2,
  type ClaimDefinition,
  type ClaimResult,
  type DomainPlugin,
  escapeMarkdown,
  formatNumber,
  formatP,
  heading,
  joinBlocks,
  MISSING,
  markdownCode,
  markdownTable,
} from '@zpbench/core';
import { type CollectedMetrics, pairValues } from './aggregate.js';
import { holmAdjust, oneSidedSignFlipP, sampleVariance } from './statistics.js';

const DEFAULT_ALPHA = 0.05;

/** Whether a claim is required (fails the gate) in a mode. */
export function isClaimRequired(claim: ClaimDefinition, mode: string): boolean {
  return Array.isArray(claim.required) ? claim.required.includes(mode) : claim.required === true;
}

const fmt = formatNumber;

/** Kinds whose verdict is a Holm-corrected one-sided sign-flip test on paired seeds. */
const TESTED_KINDS: ReadonlySet<string> = new Set(['superiority', 'non-inferiority']);

/**
 * The fewest paired seeds at which one of `tested` Holm-corrected one-sided sign-flip tests can
 * reach `alpha`: the exact p of n pairs is at least 1/2ⁿ and Holm multiplies the smallest p by
 * the number of tests, so n is the least with tested·2⁻ⁿ < alpha (and at least 2).
 */
export function seedsNeededForClaims(tested: number, alpha: number = DEFAULT_ALPHA): number {
  let n = 2;
  while (Math.max(1, tested) * 2 ** -n >= alpha) n++;
  return n;
}

/** Whether a claim of this kind could pass at all with `pairs` paired seeds, and if not why. */
function claimPower(
  kind: string,
  pairs: number,
  tested: number,
  alpha: number,
): { attainable: true } | { attainable: false; why: string } {
  if (kind === 'variance-ratio' && pairs < 2)
    return {
      attainable: false,
      why: `a variance needs at least 2 seeds and ${pairs} ${pairs === 1 ? 'has' : 'have'} values, so no outcome could pass: run at least 2 seeds`,
    };
  if (!TESTED_KINDS.has(kind)) return { attainable: true };
  const needed = seedsNeededForClaims(tested, alpha);
  if (pairs >= needed) return { attainable: true };
  const floor = Math.min(1, Math.max(1, tested) * 2 ** -pairs);
  return {
    attainable: false,
    why:
      pairs < 2
        ? `the sign-flip test needs at least 2 paired seeds and ${pairs} paired, so no outcome could pass: run at least ${needed} seeds`
        : `with ${pairs} paired seeds and ${tested} tested claim${tested === 1 ? '' : 's'} the smallest attainable Holm p is ${fmt(floor)} ≥ alpha ${alpha}, so no outcome could pass (underpowered): run at least ${needed} seeds`,
  };
}

/** A required claim of a mode that cannot pass with a planned seed count. */
export interface UnderpoweredClaim {
  readonly id: string;
  readonly seedsNeeded: number;
}

/**
 * Before training: the required claims of `mode` that no outcome could pass with `seeds` paired
 * seeds (the audit would call them INCONCLUSIVE and the gate would refuse the run), each with the
 * number of seeds it needs. Empty when the plan can pass its required claims.
 */
export function underpoweredRequiredClaims(
  plugin: DomainPlugin<unknown>,
  mode: string,
  seeds: number,
): UnderpoweredClaim[] {
  const claims = plugin.claims.filter((c) => !c.modes || c.modes.includes(mode));
  const tested = claims.filter((c) => TESTED_KINDS.has(c.kind)).length;
  return claims
    .filter((c) => isClaimRequired(c, mode))
    .flatMap((c) => {
      const power = claimPower(c.kind, seeds, tested, c.alpha ?? DEFAULT_ALPHA);
      if (power.attainable) return [];
      return [
        {
          id: c.id,
          seedsNeeded: TESTED_KINDS.has(c.kind)
            ? seedsNeededForClaims(tested, c.alpha ?? DEFAULT_ALPHA)
            : 2,
        },
      ];
    });
}

interface Draft extends Omit<ClaimResult, 'p_holm' | 'verdict' | 'reason'> {
  readonly pass: (pHolm: number | null) => boolean;
  readonly explain: (pHolm: number | null, pass: boolean) => string;
}

function values(
  collected: CollectedMetrics,
  model: string | undefined,
  metric: string,
): (number | null)[] {
  if (!model) return collected.seeds.map(() => null);
  return collected.table.get(model)?.get(metric) ?? collected.seeds.map(() => null);
}

function draftClaim(claim: ClaimDefinition, collected: CollectedMetrics, mode: string): Draft {
  const alpha = claim.alpha ?? DEFAULT_ALPHA;
  const claimedValues = values(collected, claim.claimedModel, claim.metric);
  const baselineValues = values(collected, claim.baselineModel, claim.metric);
  const base = {
    id: claim.id,
    description: claim.description,
    kind: claim.kind,
    metric: claim.metric,
    claimed_model: claim.claimedModel,
    baseline_model: claim.baselineModel ?? null,
    direction: claim.direction,
    threshold: claim.threshold ?? null,
    alpha,
    per_seed: {
      seeds: collected.seeds,
      claimed: claimedValues,
      baseline: claim.baselineModel ? baselineValues : [],
    },
    required: isClaimRequired(claim, mode),
  };
  const paired = pairValues(collected.seeds, claimedValues, baselineValues);
  // Signed so that "claimed better" is always a negative shift: d = claimed − baseline for
  // lower-is-better metrics, baseline − claimed for higher-is-better ones.
  const sign = claim.direction === 'lower' ? 1 : -1;
  const deltas = paired.a.map((x, i) => sign * (x - (paired.b[i] as number)));
  const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  switch (claim.kind) {
    case 'superiority': {
      const mean = meanOf(deltas);
      const p = deltas.length >= 2 ? oneSidedSignFlipP(deltas) : null;
      return {
        ...base,
        statistic:
          'one-sided sign-flip permutation p of the paired mean difference (Holm-adjusted)',
        observed: mean === null ? null : sign * mean,
        p_value: p,
        pass: (pHolm) => pHolm !== null && mean !== null && mean < 0 && pHolm < alpha,
        explain: (pHolm, pass) =>
          `${claim.claimedModel} − ${claim.baselineModel} mean ${fmt(mean === null ? null : sign * mean)} over ${deltas.length} paired seeds, Holm p ${fmt(pHolm)} ${pass ? '<' : '≥'} alpha ${alpha}`,
      };
    }
    case 'non-inferiority': {
      const margin = claim.threshold ?? 0;
      const shifted = deltas.map((d) => d - margin);
      const mean = meanOf(deltas);
      const p = shifted.length >= 2 ? oneSidedSignFlipP(shifted) : null;
      return {
        ...base,
        statistic: `one-sided sign-flip p that the claimed model is worse by less than the margin ${margin} (Holm-adjusted)`,
        observed: mean === null ? null : sign * mean,
        p_value: p,
        pass: (pHolm) => pHolm !== null && pHolm < alpha,
        explain: (pHolm, pass) =>
          `${claim.claimedModel} − ${claim.baselineModel} mean ${fmt(mean === null ? null : sign * mean)} against margin ${margin}, Holm p ${fmt(pHolm)} ${pass ? '<' : '≥'} alpha ${alpha}`,
      };
    }
    case 'variance-ratio': {
      const cv = claimedValues.filter((v): v is number => v !== null);
      const bv = baselineValues.filter((v): v is number => v !== null);
      const vc = sampleVariance(cv);
      const vb = sampleVariance(bv);
      const ratio =
        vc !== null && vb !== null
          ? vc === 0
            ? vb === 0
              ? 1
              : Number.POSITIVE_INFINITY
            : vb / vc
          : null;
      const threshold = claim.threshold ?? 1;
      const observed = ratio !== null && Number.isFinite(ratio) ? ratio : null;
      return {
        ...base,
        statistic: 'variance ratio var(baseline) / var(claimed) over seeds',
        observed,
        p_value: null,
        pass: () => ratio !== null && ratio > threshold,
        explain: (_p, pass) =>
          `variance ratio ${ratio === null ? 'n/a' : fmt(ratio)} ${pass ? '>' : '≤'} ${threshold}`,
      };
    }
    case 'floor': {
      const cv = claimedValues.filter((v): v is number => v !== null);
      const mean = meanOf(cv);
      const threshold = claim.threshold ?? 0;
      const ok = (m: number) => (claim.direction === 'higher' ? m >= threshold : m <= threshold);
      return {
        ...base,
        statistic: `mean of ${claim.claimedModel} over seeds`,
        observed: mean,
        p_value: null,
        pass: () => mean !== null && cv.length === collected.seeds.length && ok(mean),
        explain: (_p, pass) =>
          `mean ${fmt(mean)} ${pass ? (claim.direction === 'higher' ? '≥' : '≤') : claim.direction === 'higher' ? '<' : '>'} ${threshold}`,
      };
    }
  }
}

/**
 * Evaluates the domain's claims on per-seed values with Holm correction across the run's
 * tested claims, plus the built-in completeness check. A failed claim is reported, not thrown;
 * a claim no outcome could pass with the seeds given is INCONCLUSIVE, not FAIL.
 */
export function auditClaims(
  plugin: DomainPlugin<unknown>,
  mode: string,
  configHash: string,
  collected: CollectedMetrics,
  plannedSeeds: readonly number[],
  evidence: ClaimAuditV2['evidence'],
): ClaimAuditV2 {
  const claims = plugin.claims.filter((c) => !c.modes || c.modes.includes(mode));
  const drafts = claims.map((claim) => draftClaim(claim, collected, mode));
  const tested = drafts
    .map((d, i) => ({ i, p: d.p_value }))
    .filter((x): x is { i: number; p: number } => x.p !== null);
  const adjusted = holmAdjust(tested.map((x) => x.p));
  const pHolm = new Map(tested.map((x, k) => [x.i, adjusted[k] as number]));
  const results: ClaimResult[] = drafts.map((draft, i) => {
    const { pass, explain, ...rest } = draft;
    const p = pHolm.get(i) ?? null;
    const ok = pass(p);
    const pairs = rest.per_seed.claimed.filter(
      (v, k) => v !== null && rest.per_seed.baseline[k] != null,
    ).length;
    const power = claimPower(rest.kind, pairs, tested.length, rest.alpha);
    if (ok || power.attainable)
      return { ...rest, p_holm: p, verdict: ok ? 'PASS' : 'FAIL', reason: explain(p, ok) };
    return {
      ...rest,
      p_holm: p,
      verdict: 'INCONCLUSIVE',
      reason: `${explain(p, ok)}; ${power.why}`,
    };
  });
  const missing = plannedSeeds.filter((s) => !collected.seeds.includes(s));
  const undefinedValues = claims.flatMap((c) =>
    [c.claimedModel, c.baselineModel]
      .filter((m): m is string => Boolean(m))
      .filter((m) => values(collected, m, c.metric).some((v) => v === null))
      .map((m) => `${m}/${c.metric}`),
  );
  const complete = missing.length === 0 && undefinedValues.length === 0;
  results.unshift({
    id: 'completeness',
    description: 'Every planned seed has a per-seed result and every claimed metric is finite.',
    kind: 'completeness',
    metric: '*',
    claimed_model: '*',
    baseline_model: null,
    direction: 'higher',
    threshold: null,
    statistic: 'count of complete planned seeds',
    observed: collected.seeds.length,
    p_value: null,
    p_holm: null,
    alpha: DEFAULT_ALPHA,
    per_seed: { seeds: collected.seeds, claimed: [], baseline: [] },
    required: true,
    verdict: complete ? 'PASS' : 'FAIL',
    reason: complete
      ? `${collected.seeds.length} of ${plannedSeeds.length} planned seeds complete, all claimed metrics finite`
      : [
          missing.length ? `missing seeds ${missing.join(', ')}` : '',
          undefinedValues.length
            ? `undefined values in ${[...new Set(undefinedValues)].join(', ')}`
            : '',
        ]
          .filter(Boolean)
          .join('; '),
  });
  return {
    schema: CLAIM_AUDIT_MARKER,
    schema_version: CLAIM_AUDIT_VERSION,
    domain: plugin.id,
    mode,
    config_hash: configHash,
    claims: results,
    evidence,
  };
}

/** Renders CLAIM_AUDIT.md from the audit, through core's Markdown escape and table writer. */
export function renderClaimAudit(audit: ClaimAuditV2): string {
  const blocks: string[] = [
    heading(1, `Claim audit: ${markdownCode(audit.domain)} (${markdownCode(audit.mode)})`),
    `Config hash ${markdownCode(audit.config_hash)}. Claims are evaluated on per-seed values paired by seed; tested claims are Holm-corrected together. FAIL is evidence against a claim; INCONCLUSIVE means no outcome could pass it with the seeds given (underpowered), which the gate refuses for a required claim as well.`,
    markdownTable(
      [
        'claim',
        'verdict',
        'required',
        'metric',
        'claimed',
        'baseline',
        'observed',
        'p',
        'p (Holm)',
        'threshold',
      ],
      audit.claims.map((c) => [
        markdownCode(c.id),
        `**${c.verdict}**`,
        c.required ? 'yes' : 'no',
        markdownCode(c.metric),
        markdownCode(c.claimed_model),
        c.baseline_model === null ? MISSING : markdownCode(c.baseline_model),
        formatNumber(c.observed),
        formatP(c.p_value),
        formatP(c.p_holm),
        formatNumber(c.threshold),
      ]),
      'llllllrrrr',
    ),
  ];
  for (const c of audit.claims) {
    blocks.push(
      heading(2, `${markdownCode(c.id)}: ${c.verdict}`),
      escapeMarkdown(c.description),
      [`- Statistic: ${escapeMarkdown(c.statistic)}`, `- Reason: ${escapeMarkdown(c.reason)}`].join(
        '\n',
      ),
    );
    if (c.per_seed.claimed.length > 0) {
      blocks.push(
        markdownTable(
          ['seed', 'claimed', 'baseline'],
          c.per_seed.seeds.map((seed, i) => [
            String(seed),
            formatNumber(c.per_seed.claimed[i] ?? null),
            formatNumber(c.per_seed.baseline[i] ?? null),
          ]),
          'rrr',
        ),
      );
    }
  }
  blocks.push(
    heading(2, 'Evidence'),
    markdownTable(
      ['file', 'sha256'],
      audit.evidence.map((e) => [markdownCode(e.path), markdownCode(e.sha256)]),
    ),
  );
  return joinBlocks(blocks);
}
