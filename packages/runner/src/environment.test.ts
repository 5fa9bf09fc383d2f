import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readEnvironment } from './provenance.js';

const temp = mkdtempSync(join(tmpdir(), 'zpb-env-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

/** A directory of a tagged git checkout, and PATH entries with or without an nvidia-smi. */
const repo = join(temp, 'repo');
execFileSync('git', ['init', '-q', repo]);
execFileSync('git', [
  '-C',
  repo,
  '-c',
  'user.email=t@t',
  '-c',
  'user.name=t',
  'commit',
  '-q',
  '--allow-empty',
  '-m',
  'x',
]);
execFileSync('git', ['-C', repo, 'tag', 'v1.2.3']);
const fakeSmi = join(temp, 'bin');
execFileSync('mkdir', ['-p', fakeSmi]);
writeFileSync(
  join(fakeSmi, 'nvidia-smi'),
  '#!/bin/sh\necho "NVIDIA A100-SXM4-40GB, 40960"\necho "Tesla T4, [N/A]"\n',
);
chmodSync(join(fakeSmi, 'nvidia-smi'), 0o755);
const gitDir = execFileSync('sh', ['-c', 'dirname "$(command -v git)"'], {
  encoding: 'utf8',
}).trim();

describe('the environment in provenance', () => {
  it('states no GPU and no CUDA when nvidia-smi is absent, never a guess', () => {
    process.env.PATH = gitDir;
    const env = readEnvironment(repo);
    expect(env).toMatchObject({ device: 'cpu', gpu_devices: [], cuda_available: false });
  });

  it('records the GPUs nvidia-smi reports (memory in bytes, null when unknown)', () => {
    process.env.PATH = [fakeSmi, gitDir].join(delimiter);
    expect(readEnvironment(repo)).toMatchObject({
      cuda_available: true,
      gpu_devices: [
        { name: 'NVIDIA A100-SXM4-40GB', total_memory_bytes: 40960 * 1024 * 1024 },
        { name: 'Tesla T4', total_memory_bytes: null },
      ],
    });
  });

  it('records the git tag at HEAD (null when none) and the reproducibility variables as set', () => {
    process.env.PATH = gitDir;
    process.env.TZ = 'UTC';
    process.env.OMP_NUM_THREADS = '1';
    delete process.env.LC_ALL;
    const env = readEnvironment(repo);
    expect(env.git_tag).toBe('v1.2.3');
    expect(env.reproducibility_env).toMatchObject({ TZ: 'UTC', OMP_NUM_THREADS: '1' });
    expect(env.reproducibility_env).not.toHaveProperty('LC_ALL');
    expect(readEnvironment(temp).git_tag).toBeNull();
  });
});
