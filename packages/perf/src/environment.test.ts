import { describe, expect, it } from 'vitest';
import { collectEnvironment, deriveMachineClass } from './environment.js';

describe('deriveMachineClass', () => {
  it.each([
    [
      { os: 'linux 6.1.0-18', arch: 'x64', cpu_model: 'AMD EPYC 9B14', cpu_count: 2 },
      'linux-x64-amd-epyc-9b14-2cpu',
    ],
    [
      { os: 'linux 5.15', arch: 'x64', cpu_model: 'Intel(R) Xeon(R) CPU @ 2.20GHz', cpu_count: 4 },
      'linux-x64-intel-xeon-4cpu',
    ],
    [
      { os: 'darwin 23.1.0', arch: 'arm64', cpu_model: 'Apple M2 Pro', cpu_count: 12 },
      'darwin-arm64-apple-m2-pro-12cpu',
    ],
    [{ os: 'linux 6.1', arch: 'x64', cpu_model: '', cpu_count: 1 }, 'linux-x64-unknown-cpu-1cpu'],
  ])('%o → %s', (system, expected) => {
    expect(deriveMachineClass(system)).toBe(expected);
  });
});

describe('collectEnvironment', () => {
  it('records this machine and takes an explicit machine class', () => {
    const env = collectEnvironment('ci-4cpu');
    expect(env.machine_class).toBe('ci-4cpu');
    expect(env.node).toBe(process.version);
    expect(env.cpu_count).toBeGreaterThanOrEqual(1);
    expect(env.load_average).toHaveLength(3);
    expect(env.hostname_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
