/**
 * The domain registry: the composition root's only list of domains. Each domain is imported
 * lazily: its light contract (schemas and artifacts) for the gate and the run reader, its full
 * plugin (training code) only for commands that run or render it.
 */
import { join } from 'node:path';
import type { DomainContract, DomainContractLookup, DomainPlugin } from '@zpbench/core';

/** A registered domain: its plugin and how worker threads import it. */
export interface RegisteredDomain {
  readonly plugin: DomainPlugin<unknown>;
  readonly module: { readonly moduleUrl: string; readonly exportName: string };
}

interface DomainEntry {
  readonly id: string;
  /** The plugin's title, for `zpbench --help` without loading the plugin (a test checks it). */
  readonly title: string;
  readonly contract: () => Promise<DomainContract>;
  readonly plugin: () => Promise<DomainPlugin<unknown>>;
  readonly module: RegisteredDomain['module'];
}

/** Every domain the CLI knows, in the order `zpbench list` and `zpbench --help` show them. */
const ENTRIES: readonly DomainEntry[] = [
  {
    id: 'dose',
    title: 'DOSE: censored dose–response',
    contract: async () => (await import('@zpbench/domain-dose/contract')).doseContract,
    plugin: async () => (await import('@zpbench/domain-dose')).doseDomain as DomainPlugin<unknown>,
    module: { moduleUrl: import.meta.resolve('@zpbench/domain-dose'), exportName: 'doseDomain' },
  },
  {
    id: 'ik',
    title: 'IK: planar RR arm near singular Jacobians',
    contract: async () => (await import('@zpbench/domain-ik/contract')).ikContract,
    plugin: async () => (await import('@zpbench/domain-ik')).ikDomain as DomainPlugin<unknown>,
    module: { moduleUrl: import.meta.resolve('@zpbench/domain-ik'), exportName: 'ikDomain' },
  },
  {
    id: 'rf',
    title: 'RF: resonator extrapolation to high Q',
    contract: async () => (await import('@zpbench/domain-rf/contract')).rfContract,
    plugin: async () => (await import('@zpbench/domain-rf')).rfDomain as DomainPlugin<unknown>,
    module: { moduleUrl: import.meta.resolve('@zpbench/domain-rf'), exportName: 'rfDomain' },
  },
  {
    id: 'synthetic',
    title: 'Synthetic loss curves',
    contract: async () => (await import('@zpbench/domain-synthetic/contract')).syntheticContract,
    plugin: async () =>
      (await import('@zpbench/domain-synthetic')).syntheticDomain as DomainPlugin<unknown>,
    module: {
      moduleUrl: import.meta.resolve('@zpbench/domain-synthetic'),
      exportName: 'syntheticDomain',
    },
  },
];

/** The ids of the registered domains. */
export const DOMAIN_IDS: readonly string[] = ENTRIES.map((entry) => entry.id);

/** Id and title of every registered domain, in registry order, without loading any of them. */
export const DOMAIN_TITLES: readonly { readonly id: string; readonly title: string }[] =
  ENTRIES.map(({ id, title }) => ({ id, title }));

/** Finds a domain's light contract, importing only that domain's schemas. */
export const lookupContract: DomainContractLookup = async (id) =>
  ENTRIES.find((entry) => entry.id === id)?.contract();

/** Loads a registered domain's full plugin; undefined for an unknown id. */
export async function loadDomain(id: string): Promise<RegisteredDomain | undefined> {
  const entry = ENTRIES.find((e) => e.id === id);
  return entry ? { plugin: await entry.plugin(), module: entry.module } : undefined;
}

/** Loads every registered domain's full plugin, in registry order. */
export async function loadDomains(): Promise<RegisteredDomain[]> {
  return Promise.all(
    ENTRIES.map(async (entry) => ({ plugin: await entry.plugin(), module: entry.module })),
  );
}

/** The registered domain of a run directory, from its manifest; a one-line error otherwise. */
export async function domainOfRun(runDir: string): Promise<RegisteredDomain> {
  const { ERROR_CODES, MANIFEST_SCHEMA, RUN_FILES, readArtifact, ZpbenchError } = await import(
    '@zpbench/core'
  );
  const manifest = readArtifact(
    join(runDir, RUN_FILES.manifest),
    MANIFEST_SCHEMA,
    `${runDir}/${RUN_FILES.manifest}`,
  );
  const entry = await loadDomain(manifest.domain);
  if (!entry) {
    throw new ZpbenchError(
      ERROR_CODES.UNKNOWN_ID,
      `${runDir}: unknown domain ${JSON.stringify(manifest.domain)} in ${RUN_FILES.manifest}; run \`zpbench list\` for the known domains`,
    );
  }
  return entry;
}
