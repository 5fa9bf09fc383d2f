/**
 * The tamper table: one edit per row on a finished run (synthetic smoke, and a tiny DOSE run for
 * checkpoints and bundles), each row asserting that the real `benchmark-gate` exits 1 naming the
 * file and the check. Edits are made the way a forger would: every hash the edit breaks is
 * rehashed, so the row shows the check that still catches it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDomain, renderReportFor } from '@zpbench/cli';
import {
  createManifestSignature,
  createSigningKeys,
  formatArtifactJson,
  readBudgetFile,
  sha256Hex,
} from '@zpbench/core';
import { runBenchmark } from '@zpbench/runner';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSynthetic } from './support/synthetic-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary artifact JSON
type Json = Record<string, any>;
type Base = 'synthetic' | 'dose' | 'budgeted';

let temp: string;
const base: Record<Base, string> = { synthetic: '', dose: '', budgeted: '' };
const keys = createSigningKeys();
const other = createSigningKeys();
let publicKey: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-tamper-'));
  base.synthetic = join(temp, 'synthetic');
  base.dose = join(temp, 'dose');
  await runSynthetic(base.synthetic, {}, { report: true });
  // A run gated by a budget: its verdict, and the budget digest in manifest and provenance.
  base.budgeted = join(temp, 'budgeted');
  const budgetFile = join(temp, 'budget.json');
  writeFileSync(
    budgetFile,
    JSON.stringify({
      budgets: [
        { domain: 'synthetic', model: 'candidate', metric: 'mean_loss', max_mean: 1000 },
        { domain: 'synthetic', max_failed_seeds: 0 },
      ],
    }),
  );
  await runSynthetic(base.budgeted, { budget: readBudgetFile(budgetFile) }, { report: true });
  const dose = await loadDomain('dose');
  if (!dose) throw new Error('dose is not registered');
  await runBenchmark({
    plugin: dose.plugin,
    module: dose.module,
    mode: 'smoke',
    config: dose.plugin.testConfig?.('smoke', dose.plugin.modes.smoke?.config),
    outRoot: base.dose,
    workers: 0,
    argv: ['dose', '--mode', 'smoke'],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(dose.plugin, dir, { html: false, verify: false, files }),
  });
  publicKey = join(temp, 'ci.pub');
  writeFileSync(publicKey, keys.publicKeyPem);
}, 180_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const gate = (...args: string[]) =>
  execa(process.execPath, [GATE, '--family', 'scientific', ...args], {
    reject: false,
    env: { NO_COLOR: '1' },
    timeout: 60_000,
  });

/** A copy of a finished run and the edits a forger makes to it. */
class Run {
  constructor(readonly dir: string) {}
  path(file: string): string {
    return join(this.dir, ...file.split('/'));
  }
  text(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }
  json(file: string, edit: (value: Json) => void): void {
    const value = JSON.parse(this.text(file));
    edit(value);
    writeFileSync(this.path(file), formatArtifactJson(value));
  }
  manifest(edit: (manifest: Json) => void): void {
    this.json('manifest.json', edit);
  }
  /** Records a file's new bytes in the manifest (its entry and summary hash). */
  rehash(file: string): void {
    const bytes = readFileSync(this.path(file));
    this.manifest((m) => {
      Object.assign(m.artifacts[file], { sha256: sha256Hex(bytes), bytes: bytes.length });
      if (file in m.summary_hashes) m.summary_hashes[file] = sha256Hex(bytes);
    });
  }
  /** Rehashes a file everywhere a hash of it is kept: manifest, claim evidence, journal. */
  rehashAll(file: string): void {
    const bytes = readFileSync(this.path(file));
    const sha = sha256Hex(bytes);
    this.rehash(file);
    const audit = 'aggregated/claim_audit.json';
    if (JSON.parse(this.text(audit)).evidence.some((e: Json) => e.path === file)) {
      this.json(audit, (a) => {
        for (const e of a.evidence) if (e.path === file) e.sha256 = sha;
      });
      this.rehash(audit);
    }
    const seed = /^seed_(\d+)\//.exec(file)?.[1];
    if (seed === undefined) return;
    this.json('resume_state.json', (s) => {
      s.seed_files[seed][file] = { sha256: sha, bytes: bytes.length };
    });
    this.rehash('resume_state.json');
    if (file.endsWith('/per_seed_result.json')) {
      this.json('provenance.json', (p) => {
        p.seed_timings[seed].result_sha256 = sha;
      });
      this.rehash('provenance.json');
    }
  }
  /** A journal edit with the journal file rehashed (the manifest keeps its hash). */
  journal(file: 'resume_state.json' | 'provenance.json', edit: (value: Json) => void): void {
    this.json(file, edit);
    this.rehash(file);
  }
  sign(privateKeyPem = keys.privateKeyPem): void {
    const bytes = readFileSync(this.path('manifest.json'));
    const runId = JSON.parse(bytes.toString('utf8')).run_id;
    writeFileSync(
      this.path('manifest.sig.json'),
      formatArtifactJson(createManifestSignature(bytes, runId, createPrivateKey(privateKeyPem))),
    );
  }
  /** Rewrites one value of the summary and rehashes it everywhere: invisible to hashes. */
  forgeSummary(): void {
    this.json('aggregated/summary.json', (s) => {
      s.per_seed[0].metrics.mean_loss = 0.001;
    });
    this.rehashAll('aggregated/summary.json');
  }
}

interface Row {
  readonly name: string;
  readonly base?: Base;
  /** Extra gate flags. */
  readonly flags?: (run: Run) => string[];
  readonly tamper: (run: Run) => void;
  readonly file: string;
  readonly check: string;
  /** The edit passes the default gate (it takes --deep or --verify-key to see it). */
  readonly passesPlainGate?: boolean;
}

const verify = () => ['--verify-key', publicKey];

/**
 * The edit that sets the value at a dotted path (`seed_timings.0.result_sha256`) of manifest.json,
 * the root of the hashes, or of a journal, rehashed in the manifest.
 */
function setField(
  file: 'manifest.json' | 'resume_state.json' | 'provenance.json',
  path: string,
  value: unknown,
): (run: Run) => void {
  const assign = (json: Json) => {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let target = json;
    for (const key of keys) target = target[key];
    target[last] = value;
  };
  return (run) => (file === 'manifest.json' ? run.manifest(assign) : run.journal(file, assign));
}

const VERDICT = 'aggregated/budget_verdict.json';

const ROWS: readonly Row[] = [
  // The budget verdict and the budget digest (a run made with --budget-file).
  {
    name: 'a budget verdict’s observed mean rewritten and rehashed in the manifest',
    base: 'budgeted',
    tamper: (run) => {
      run.json(VERDICT, (v) => {
        const check = v.checks.find((c: Json) => c.threshold_name === 'max_mean');
        check.observed = 0.001;
        check.reason = 'mean over seeds 0.001 within ≤ 1000';
      });
      run.rehash(VERDICT);
    },
    file: VERDICT,
    check: 'consistency',
  },
  {
    name: 'a budget threshold tightened in the verdict, its check left passing, rehashed',
    base: 'budgeted',
    tamper: (run) => {
      run.json(VERDICT, (v) => {
        const check = v.checks.find((c: Json) => c.threshold_name === 'max_mean');
        check.threshold = 0.0001;
      });
      run.rehash(VERDICT);
    },
    file: VERDICT,
    check: 'consistency',
  },
  {
    name: 'the manifest’s budget digest edited',
    base: 'budgeted',
    tamper: setField('manifest.json', 'budget_file.sha256', `sha256:${'0'.repeat(64)}`),
    file: VERDICT,
    check: 'consistency',
  },
  {
    name: 'the budget digest edited alike in manifest and provenance (rehashed)',
    base: 'budgeted',
    tamper: (run) => {
      run.journal('provenance.json', (p) => {
        p.budget_file.sha256 = `sha256:${'0'.repeat(64)}`;
      });
      run.manifest((m) => {
        m.budget_file.sha256 = `sha256:${'0'.repeat(64)}`;
      });
    },
    file: VERDICT,
    check: 'consistency',
  },
  // Values rewritten and rehashed everywhere: only a recomputation or a key tells.
  {
    name: 'a summary value rewritten, rehashed in the manifest and the claim evidence (--deep)',
    flags: () => ['--deep'],
    tamper: (run) => run.forgeSummary(),
    file: 'aggregated/summary.json',
    check: 'deep',
    passesPlainGate: true,
  },
  {
    name: 'a per-seed metric rewritten, rehashed in the manifest, resume state and provenance (--deep)',
    flags: () => ['--deep'],
    tamper: (run) => {
      run.json('seed_3/per_seed_result.json', (r) => {
        r.runs.candidate.metrics.mean_loss = 0.001;
      });
      run.rehashAll('seed_3/per_seed_result.json');
    },
    file: 'aggregated/summary.json',
    check: 'deep',
    passesPlainGate: true,
  },
  {
    name: 'a CLAIM_AUDIT.md verdict rewritten and rehashed (--deep)',
    flags: () => ['--deep'],
    tamper: (run) => {
      writeFileSync(
        run.path('CLAIM_AUDIT.md'),
        `${run.text('CLAIM_AUDIT.md')}\nAll claims PASS.\n`,
      );
      run.rehash('CLAIM_AUDIT.md');
    },
    file: 'CLAIM_AUDIT.md',
    check: 'deep',
    passesPlainGate: true,
  },
  {
    name: 'the envelope block of CLAIM_AUDIT.md given another input digest and a note, rehashed (--deep)',
    flags: () => ['--deep'],
    tamper: (run) => {
      const text = run.text('CLAIM_AUDIT.md');
      const edited = text
        .replace(
          /"input_digest": "sha256:[0-9a-f]{64}"/,
          `"input_digest": "sha256:${'0'.repeat(64)}"`,
        )
        .replace('"notes": null', '"notes": "reviewed"');
      expect(edited).not.toBe(text);
      writeFileSync(run.path('CLAIM_AUDIT.md'), edited);
      run.rehash('CLAIM_AUDIT.md');
    },
    file: 'CLAIM_AUDIT.md',
    check: 'deep',
    passesPlainGate: true,
  },
  {
    name: 'a CLAIM_AUDIT.md verdict rewritten, its envelope’s result digest recomputed to match, rehashed (--deep)',
    flags: () => ['--deep'],
    tamper: (run) => {
      const text = run.text('CLAIM_AUDIT.md');
      const at = text.lastIndexOf('\n## Provenance envelope\n');
      const body = text.slice(0, at + 1).replace('**PASS**', '**FAIL**');
      const block = text
        .slice(at + 1)
        .replace(
          /"result_digest": "sha256:[0-9a-f]{64}"/,
          `"result_digest": "sha256:${sha256Hex(body)}"`,
        );
      writeFileSync(run.path('CLAIM_AUDIT.md'), body + block);
      run.rehash('CLAIM_AUDIT.md');
    },
    file: 'CLAIM_AUDIT.md',
    check: 'deep',
    passesPlainGate: true,
  },
  {
    name: 'a DOSE aggregated artifact rewritten and rehashed (--deep)',
    base: 'dose',
    flags: () => ['--deep'],
    tamper: (run) => {
      writeFileSync(
        run.path('aggregated/dose_pareto_front.md'),
        run.text('aggregated/dose_pareto_front.md').replace(/\d\.\d/, '9.9'),
      );
      run.rehash('aggregated/dose_pareto_front.md');
    },
    file: 'aggregated/dose_pareto_front.md',
    check: 'deep',
    passesPlainGate: true,
  },
  {
    name: 'a signed run whose manifest was rehashed after signing',
    tamper: (run) => {
      run.sign();
      run.forgeSummary();
    },
    file: 'manifest.sig.json',
    check: 'signature',
  },
  {
    name: 'a rehashed manifest with its signature deleted (--verify-key)',
    flags: verify,
    tamper: (run) => run.forgeSummary(),
    file: 'manifest.sig.json',
    check: 'signature',
    passesPlainGate: true,
  },
  {
    name: 'a rehashed manifest re-signed with another key (--verify-key)',
    flags: verify,
    tamper: (run) => {
      run.forgeSummary();
      run.sign(other.privateKeyPem);
    },
    file: 'manifest.sig.json',
    check: 'signature',
    passesPlainGate: true,
  },
  {
    name: 'a rehashed manifest whose signature record was updated to match (--verify-key)',
    flags: verify,
    tamper: (run) => {
      run.sign();
      run.forgeSummary();
      const bytes = readFileSync(run.path('manifest.json'));
      run.json('manifest.sig.json', (s) => {
        Object.assign(s, { manifest_sha256: sha256Hex(bytes), manifest_bytes: bytes.length });
      });
    },
    file: 'manifest.sig.json',
    check: 'signature',
    passesPlainGate: true,
  },
  {
    name: 'the signature listed in the manifest it signs',
    tamper: (run) => {
      run.sign();
      run.manifest((m) => {
        m.artifacts['manifest.sig.json'] = { ...m.artifacts['provenance.json'] };
        m.artifacts['manifest.sig.json'].path = 'manifest.sig.json';
      });
    },
    file: 'manifest.sig.json',
    check: 'declared',
  },
  // Files that are not regular files inside the run.
  {
    name: 'the manifest a symlink to an outside copy',
    tamper: (run) => {
      const outside = join(run.dir, '..', 'manifest-copy.json');
      cpSync(run.path('manifest.json'), outside);
      unlinkSync(run.path('manifest.json'));
      symlinkSync(outside, run.path('manifest.json'));
    },
    file: 'manifest.json',
    check: 'path',
  },
  {
    name: 'a seed directory a symlink to an outside copy',
    tamper: (run) => {
      const outside = join(run.dir, '..', 'seed-copy');
      cpSync(run.path('seed_1'), outside, { recursive: true });
      rmSync(run.path('seed_1'), { recursive: true });
      symlinkSync(outside, run.path('seed_1'));
    },
    file: 'seed_1/per_seed_result.json',
    check: 'path',
  },
  {
    name: 'a listed file a symlink to another file of the run',
    tamper: (run) => {
      cpSync(run.path('aggregated/summary.md'), run.path('aggregated/summary-copy.md'));
      unlinkSync(run.path('aggregated/summary.md'));
      symlinkSync('summary-copy.md', run.path('aggregated/summary.md'));
    },
    file: 'aggregated/summary.md',
    check: 'path',
  },
  {
    name: 'a FIFO in place of manifest.json (never waited on)',
    tamper: (run) => {
      unlinkSync(run.path('manifest.json'));
      execFileSync('mkfifo', [run.path('manifest.json')]);
    },
    file: 'manifest.json',
    check: 'file',
  },
  {
    name: 'a FIFO in place of a listed file',
    tamper: (run) => {
      unlinkSync(run.path('seed_0/loss_curves.json'));
      execFileSync('mkfifo', [run.path('seed_0/loss_curves.json')]);
    },
    file: 'seed_0/loss_curves.json',
    check: 'file',
  },
  // Files the manifest does not list, and paths not in canonical form.
  {
    name: 'an extra seed directory',
    tamper: (run) => cpSync(run.path('seed_0'), run.path('seed_9'), { recursive: true }),
    file: 'seed_9/per_seed_result.json',
    check: 'listed',
  },
  {
    name: 'a stray SVG',
    tamper: (run) => writeFileSync(run.path('figures/extra.svg'), '<svg/>\n'),
    file: 'figures/extra.svg',
    check: 'listed',
  },
  {
    name: 'a ./x key and path',
    tamper: (run) =>
      run.manifest((m) => {
        m.artifacts['./CLAIM_AUDIT.md'] = {
          ...m.artifacts['CLAIM_AUDIT.md'],
          path: './CLAIM_AUDIT.md',
        };
        delete m.artifacts['CLAIM_AUDIT.md'];
      }),
    file: './CLAIM_AUDIT.md',
    check: 'path',
  },
  {
    name: 'an a//b key and path',
    tamper: (run) =>
      run.manifest((m) => {
        const entry = m.artifacts['aggregated/summary.md'];
        m.artifacts['aggregated//summary.md'] = { ...entry, path: 'aggregated//summary.md' };
        delete m.artifacts['aggregated/summary.md'];
      }),
    file: 'aggregated//summary.md',
    check: 'path',
  },
  {
    name: 'a key that is not its entry’s path',
    tamper: (run) =>
      run.manifest((m) => {
        m.artifacts['aggregated/summary-copy.md'] = m.artifacts['aggregated/summary.md'];
      }),
    file: 'manifest.json',
    check: 'consistency',
  },
  {
    name: 'a duplicate entry (the same key twice in manifest.json)',
    tamper: (run) => {
      const text = run.text('manifest.json');
      const key = '"aggregated/summary.md": {';
      const start = text.indexOf(key);
      const end = text.indexOf('}', start) + 1;
      const forged = text
        .slice(start, end)
        .replace(/"sha256": "[0-9a-f]+"/, `"sha256": "${'0'.repeat(64)}"`);
      writeFileSync(
        run.path('manifest.json'),
        `${text.slice(0, end)},\n    ${forged}${text.slice(end)}`,
      );
    },
    file: 'manifest.json',
    check: 'json',
  },
  {
    name: 'an a/../b key and path (refused by the manifest schema)',
    tamper: (run) =>
      run.manifest((m) => {
        const entry = m.artifacts['CLAIM_AUDIT.md'];
        m.artifacts['seed_0/../CLAIM_AUDIT.md'] = { ...entry, path: 'seed_0/../CLAIM_AUDIT.md' };
        delete m.artifacts['CLAIM_AUDIT.md'];
      }),
    // The manifest's schema refuses a `..` segment (or an absolute path) before any entry is read.
    file: 'manifest.json',
    check: 'schema',
  },
  // Mode and run id against the resume state and provenance.
  {
    name: 'the manifest’s run id edited',
    tamper: setField('manifest.json', 'run_id', 'run_20990101_000000_forged0'),
    file: 'resume_state.json',
    check: 'consistency',
  },
  {
    name: 'the manifest’s mode edited',
    tamper: setField('manifest.json', 'mode', 'paper'),
    file: 'provenance.json',
    check: 'consistency',
  },
  {
    name: 'the manifest’s domain renamed to one this zpbench does not know',
    tamper: setField('manifest.json', 'domain', 'synthetix'),
    file: 'manifest.json',
    check: 'consistency',
  },
  {
    name: 'the manifest’s domain switched to another known domain',
    tamper: setField('manifest.json', 'domain', 'dose'),
    file: 'resume_state.json',
    check: 'consistency',
  },
  {
    name: 'the resume state’s run id edited',
    tamper: setField('resume_state.json', 'run_id', 'run_20990101_000000_forged0'),
    file: 'resume_state.json',
    check: 'consistency',
  },
  {
    name: 'the mode of provenance edited',
    tamper: setField('provenance.json', 'mode', 'paper'),
    file: 'provenance.json',
    check: 'consistency',
  },
  // Seed plan, completed and failed seeds.
  {
    name: 'a seed planned twice',
    tamper: (run) =>
      run.manifest((m) => {
        m.seeds_planned.push(2);
      }),
    file: 'manifest.json',
    check: 'seeds',
  },
  {
    name: 'the manifest’s seed plan shortened, the last seed’s files and entries dropped',
    tamper: (run) => {
      run.manifest((m) => {
        const last = m.seeds_planned.at(-1);
        m.seeds_planned.pop();
        m.seeds_completed = m.seeds_completed.filter((seed: number) => seed !== last);
        delete m.dataset_fingerprints[String(last)];
        for (const [key, entry] of Object.entries(m.artifacts) as [string, Json][])
          if (entry.seed === last) delete m.artifacts[key];
        rmSync(run.path(`seed_${last}`), { recursive: true });
      });
    },
    file: 'resume_state.json',
    check: 'consistency',
  },
  {
    name: 'a completed seed outside the plan',
    tamper: (run) =>
      run.manifest((m) => {
        m.seeds_completed.push(9);
      }),
    file: 'manifest.json',
    check: 'seeds',
  },
  {
    name: 'a seed both completed and failed',
    tamper: setField('manifest.json', 'seeds_failed', [1]),
    file: 'manifest.json',
    check: 'seeds',
  },
  {
    name: 'a failed seed in the resume state that the manifest calls complete',
    tamper: (run) =>
      run.journal('resume_state.json', (s) => {
        s.seed_status['4'] = 'failed';
        s.seed_errors['4'] = 'boom';
      }),
    file: 'resume_state.json',
    check: 'consistency',
  },
  {
    name: 'the resume state’s seed plan shortened',
    tamper: setField('resume_state.json', 'contract.seeds', [0, 1, 2]),
    file: 'resume_state.json',
    check: 'consistency',
  },
  {
    name: 'a seed’s file record dropped from the resume state',
    tamper: (run) =>
      run.journal('resume_state.json', (s) => {
        delete s.seed_files['2']['seed_2/loss_curves.json'];
      }),
    file: 'seed_2/loss_curves.json',
    check: 'consistency',
  },
  {
    name: 'an attempt that completed a seed it never ran',
    tamper: setField('resume_state.json', 'attempts.0.seeds_run', [0, 1, 2, 3]),
    file: 'resume_state.json',
    check: 'attempts',
  },
  {
    name: 'the attempt history of provenance edited',
    tamper: setField('provenance.json', 'resume.attempts.0.argv', ['synthetic', '--mode', 'paper']),
    file: 'provenance.json',
    check: 'consistency',
  },
  {
    name: 'a seed timing naming another result hash',
    tamper: setField('provenance.json', 'seed_timings.0.result_sha256', 'f'.repeat(64)),
    file: 'seed_0/per_seed_result.json',
    check: 'consistency',
  },
  // Checkpoint, bundle and dataset hashes.
  {
    name: 'a checkpoint rewritten, rehashed in the manifest and its checkpoint_hashes',
    base: 'dose',
    tamper: (run) => {
      run.json('seed_1/checkpoints/mlp.json', (c) => {
        c.forged = true;
      });
      run.rehash('seed_1/checkpoints/mlp.json');
      run.manifest((m) => {
        m.checkpoint_hashes['1'].mlp = m.artifacts['seed_1/checkpoints/mlp.json'].sha256;
      });
    },
    file: 'seed_1/checkpoints/mlp.json',
    check: 'consistency',
  },
  {
    name: 'a checkpoint deleted with its manifest entry',
    base: 'dose',
    tamper: (run) => {
      unlinkSync(run.path('seed_2/checkpoints/scm.json'));
      run.manifest((m) => {
        delete m.artifacts['seed_2/checkpoints/scm.json'];
        delete m.checkpoint_hashes['2'].scm;
      });
    },
    file: 'seed_2/checkpoints/scm.json',
    check: 'consistency',
  },
  {
    name: 'checkpoint_hashes naming another hash',
    base: 'dose',
    tamper: setField('manifest.json', 'checkpoint_hashes.0.scm', 'a'.repeat(64)),
    file: 'manifest.json',
    check: 'consistency',
  },
  {
    name: 'a bundle rewritten, rehashed in the manifest and its bundle_hashes',
    base: 'dose',
    tamper: (run) => {
      run.json('seed_0/bundles/scm/bundle.json', (b) => {
        b.tau_infer = 0.1;
      });
      run.rehash('seed_0/bundles/scm/bundle.json');
      run.manifest((m) => {
        m.bundle_hashes['0'].scm = m.artifacts['seed_0/bundles/scm/bundle.json'].sha256;
      });
    },
    file: 'seed_0/bundles/scm/bundle.json',
    check: 'consistency',
  },
  {
    name: 'bundle_hashes naming another hash',
    base: 'dose',
    tamper: setField('manifest.json', 'bundle_hashes.3.scm', 'b'.repeat(64)),
    file: 'manifest.json',
    check: 'consistency',
  },
  {
    name: 'a dataset fingerprint of the manifest that is not the seed’s',
    tamper: setField('manifest.json', 'dataset_fingerprints.1', 'c'.repeat(64)),
    file: 'manifest.json',
    check: 'consistency',
  },
  {
    name: 'a dataset fingerprint of provenance that is not the manifest’s',
    tamper: setField('provenance.json', 'dataset_fingerprints.2', 'd'.repeat(64)),
    file: 'provenance.json',
    check: 'consistency',
  },
  {
    name: 'a summary rehashed in the manifest but not in the claim evidence',
    tamper: (run) => {
      run.json('aggregated/summary.json', (s) => {
        s.per_seed[0].metrics.mean_loss = 0.001;
      });
      run.rehash('aggregated/summary.json');
    },
    file: 'aggregated/claim_audit.json',
    check: 'consistency',
  },
  {
    name: 'a summary_hashes entry deleted',
    tamper: (run) =>
      run.manifest((m) => {
        delete m.summary_hashes['aggregated/paired_stats.json'];
      }),
    file: 'manifest.json',
    check: 'consistency',
  },
  {
    name: 'a value of the resolved configuration in provenance edited',
    base: 'dose',
    tamper: (run) =>
      run.journal('provenance.json', (p) => {
        p.config.config.generator.n_compounds += 1;
      }),
    file: 'provenance.json',
    check: 'consistency',
  },
  {
    name: 'the zpbench version of provenance edited',
    tamper: setField('provenance.json', 'zpbench_version', '9.9.9'),
    file: 'provenance.json',
    check: 'consistency',
  },
  // Sidecar schema versions.
  {
    name: 'a synthetic sidecar of another schema version',
    tamper: (run) => {
      run.json('seed_0/loss_curves.json', (c) => {
        c.schema_version = 2;
      });
      run.rehashAll('seed_0/loss_curves.json');
    },
    file: 'seed_0/loss_curves.json',
    check: 'schema-version',
  },
  {
    name: 'a DOSE sidecar of another schema version',
    base: 'dose',
    tamper: (run) => {
      run.json('seed_0/dose_diagnostics.json', (c) => {
        c.schema_version = 9;
      });
      run.rehashAll('seed_0/dose_diagnostics.json');
    },
    file: 'seed_0/dose_diagnostics.json',
    check: 'schema-version',
  },
];

describe('the finished runs the table edits', () => {
  it('pass the gate, --deep and a signature check', async () => {
    for (const [name, dir] of Object.entries(base)) {
      const run = new Run(join(temp, `clean-${name}`));
      cpSync(dir, run.dir, { recursive: true });
      run.sign();
      const result = await gate('--deep', '--verify-key', publicKey, run.dir);
      expect(result.stdout).toBe(`PASS  scientific  ${run.dir}\n0 failed, 1 passed`);
      expect(result.exitCode).toBe(0);
    }
  }, 60_000);
});

interface GateResult {
  readonly dir: string;
  readonly ok: boolean;
  readonly violations: readonly { file: string; check: string }[];
}

/**
 * One gate process per set of flags, over every edited copy that takes them (the gate checks
 * many run directories in one call): the verdict of each copy, by directory.
 */
async function gateEach(dirs: readonly string[], flags: readonly string[]) {
  const result = await gate('--json', ...flags, ...dirs);
  expect(result.stderr).toBe('');
  const verdict = JSON.parse(result.stdout) as { ok: boolean; results: GateResult[] };
  return { exitCode: result.exitCode, byDir: new Map(verdict.results.map((r) => [r.dir, r])) };
}

const edited = new Map<
  number,
  { dir: string; verdict: GateResult; exitCode: number; plain: GateResult | null }
>();

describe('benchmark-gate exits 1 naming the file and the check of each edit', () => {
  beforeAll(async () => {
    const groups = new Map<string, { flags: string[]; rows: number[] }>();
    ROWS.forEach((row, index) => {
      const run = new Run(join(temp, `row-${index}`, 'run'));
      mkdirSync(join(run.dir, '..'), { recursive: true });
      cpSync(base[row.base ?? 'synthetic'], run.dir, { recursive: true });
      row.tamper(run);
      const flags = row.flags?.(run) ?? [];
      const group = groups.get(flags.join(' ')) ?? { flags, rows: [] };
      group.rows.push(index);
      groups.set(flags.join(' '), group);
    });
    const dirOf = (index: number) => join(temp, `row-${index}`, 'run');
    const invisible = ROWS.flatMap((row, index) => (row.passesPlainGate ? [index] : []));
    const [plain, ...flagged] = await Promise.all([
      gateEach(invisible.map(dirOf), []),
      ...[...groups.values()].map(async (group) => ({
        group,
        ...(await gateEach(group.rows.map(dirOf), group.flags)),
      })),
    ]);
    for (const { group, exitCode, byDir } of flagged)
      for (const index of group.rows)
        edited.set(index, {
          dir: dirOf(index),
          verdict: byDir.get(dirOf(index)) as GateResult,
          exitCode,
          plain: plain.byDir.get(dirOf(index)) ?? null,
        });
  }, 300_000);

  ROWS.forEach((row, index) => {
    it(row.name, () => {
      const result = edited.get(index);
      expect(result?.exitCode).toBe(1);
      expect(result?.verdict.ok).toBe(false);
      expect(result?.verdict.violations.map((v) => `${v.file}: ${v.check}`)).toContain(
        `${row.file}: ${row.check}`,
      );
      // An edit invisible to hashes alone passes the default gate: the row's flag is what sees it.
      if (row.passesPlainGate)
        expect(result?.plain).toMatchObject({ dir: result?.dir, ok: true, violations: [] });
    });
  });
});

describe('the gate’s text output names the file and the check', () => {
  it('one line per violation: file, check, expected, found', async () => {
    const run = new Run(join(temp, 'text'));
    cpSync(base.synthetic, run.dir, { recursive: true });
    writeFileSync(run.path('figures/extra.svg'), '<svg/>\n');
    const result = await gate(run.dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      `FAIL  scientific  ${run.dir}\n  figures/extra.svg: listed: expected a file listed in manifest.json, found present but not listed\n1 failed, 0 passed`,
    );
  }, 60_000);
});

const openssl = spawnSync('openssl', ['version']).status === 0;

describe('signing end to end with the real binaries', () => {
  it('zpbench keygen, zpbench sign, then benchmark-gate --verify-key passes; another key fails', async () => {
    const run = new Run(join(temp, 'signed'));
    cpSync(base.synthetic, run.dir, { recursive: true });
    const keyDir = join(temp, 'keys');
    const keygen = await execa(process.execPath, [ZPBENCH, 'keygen', keyDir], { reject: false });
    expect(keygen.exitCode).toBe(0);
    const signed = await execa(
      process.execPath,
      [ZPBENCH, 'sign', run.dir, '--key', join(keyDir, 'zpbench_signing.key')],
      { reject: false },
    );
    expect(signed.stderr).toBe('');
    expect(signed.stdout).toMatch(
      /^wrote .*manifest\.sig\.json \(manifest sha256 [0-9a-f]{16}…, key [0-9a-f]{16}…\)$/,
    );
    const ok = await gate('--verify-key', join(keyDir, 'zpbench_signing.pub'), run.dir);
    expect(ok.exitCode).toBe(0);
    const foreign = await gate('--verify-key', publicKey, run.dir);
    expect(foreign.exitCode).toBe(1);
    expect(foreign.stdout).toContain('  manifest.sig.json: signature: expected signed by the key');
    const again = await execa(process.execPath, [ZPBENCH, 'keygen', keyDir], { reject: false });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(
      /zpbench_signing\.key already exists; zpbench never overwrites a key/,
    );
  }, 60_000);

  it('zpbench sign refuses a run that fails a check, and writes no signature', async () => {
    const run = new Run(join(temp, 'unsignable'));
    cpSync(base.synthetic, run.dir, { recursive: true });
    writeFileSync(run.path('figures/extra.svg'), '<svg/>\n');
    const keyFile = join(temp, 'unsignable.key');
    writeFileSync(keyFile, keys.privateKeyPem);
    const result = await execa(process.execPath, [ZPBENCH, 'sign', run.dir, '--key', keyFile], {
      reject: false,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `zpbench: refusing to sign ${run.dir}: figures/extra.svg: listed expected a file listed in manifest.json, found present but not listed; run \`zpbench validate ${run.dir}\` for the full list`,
    );
    expect(() => readFileSync(run.path('manifest.sig.json'))).toThrow();
  });

  it.skipIf(!openssl)(
    'accepts keys made by the documented openssl one-liner',
    async () => {
      const run = new Run(join(temp, 'openssl'));
      cpSync(base.synthetic, run.dir, { recursive: true });
      const key = join(temp, 'openssl.key');
      const pub = join(temp, 'openssl.pub');
      execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
      execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', pub]);
      const signed = await execa(process.execPath, [ZPBENCH, 'sign', run.dir, '--key', key], {
        reject: false,
      });
      expect(signed.exitCode).toBe(0);
      expect((await gate('--verify-key', pub, run.dir)).exitCode).toBe(0);
    },
    60_000,
  );
});
