import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '@zpbench/core/light';
import { Command } from 'commander';
import { lookupContract } from '../domains.js';
import { pathIn } from '../flags.js';
import { printJson, println } from '../output.js';

/** `zpbench sign <run_dir> --key K`: an Ed25519 signature of the run's manifest. */
export function createSignCommand(): Command {
  return new Command('sign')
    .description(
      `Sign a checked run directory: write ${RUN_FILES.manifestSignature}, an Ed25519 signature of its manifest.json, which \`benchmark-gate --verify-key\` checks. A run that fails a check is refused.`,
    )
    .argument(
      '<run_dir>',
      'a completed run directory',
      pathIn('<run_dir>', {
        kind: 'directory',
        expected: 'a completed run directory',
        writable: true,
      }),
    )
    .requiredOption(
      '--key <private_key>',
      'Ed25519 private key, PEM (from `zpbench keygen` or `openssl genpkey -algorithm ed25519`)',
      pathIn('--key', { kind: 'file', expected: 'an Ed25519 private key file (PEM)' }),
    )
    .option('--json', 'print the signature record as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench keygen ~/.zpbench\n  $ zpbench sign results/benchmarks/dose/<run_dir> --key ~/.zpbench/zpbench_signing.key\n  $ benchmark-gate --family scientific results/benchmarks/dose/<run_dir> --verify-key ~/.zpbench/zpbench_signing.pub',
    )
    .action(async (runDir: string, flags: { key: string; json?: boolean }) => {
      const { readSigningKey, signRun } = await import('@zpbench/core');
      const { acquireRunLock } = await import('@zpbench/runner');
      const key = readSigningKey(flags.key, 'private', `--key ${flags.key}`);
      // A run in progress rewrites its manifest: sign only while no one else writes the run.
      const signature = await signRun(runDir, key, {
        domains: lookupContract,
        lock: () => acquireRunLock(runDir),
      });
      if (flags.json) printJson(signature);
      else
        println(
          `wrote ${join(runDir, RUN_FILES.manifestSignature)} (manifest sha256 ${signature.manifest_sha256.slice(0, 16)}…, key ${signature.public_key_sha256.slice(0, 16)}…)`,
        );
    });
}

/** `zpbench keygen <dir>`: a fresh Ed25519 key pair for `zpbench sign`. */
export function createKeygenCommand(): Command {
  return new Command('keygen')
    .description(
      'Write a fresh Ed25519 key pair for `zpbench sign`: zpbench_signing.key (private, mode 0600) and zpbench_signing.pub. Never overwrites a key.',
    )
    .argument(
      '<dir>',
      'directory to write the two key files into (created when missing)',
      pathIn('<dir>', {
        kind: 'output-directory',
        expected: 'a directory for the key files',
        writable: true,
      }),
    )
    .option('--json', 'print the written files as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench keygen ~/.zpbench\nThe same with openssl:\n  $ openssl genpkey -algorithm ed25519 -out zpbench_signing.key && openssl pkey -in zpbench_signing.key -pubout -out zpbench_signing.pub',
    )
    .action(async (dir: string, flags: { json?: boolean }) => {
      const { writeSigningKeys } = await import('@zpbench/core');
      mkdirSync(dir, { recursive: true });
      const written = writeSigningKeys(dir);
      if (flags.json) printJson(written);
      else {
        println(`wrote ${written.privateKey} (private: keep it secret, e.g. a CI secret)`);
        println(`wrote ${written.publicKey} (public: pass it to benchmark-gate --verify-key)`);
      }
    });
}
