import { join } from 'node:path';
import {
  type DomainPlugin,
  ERROR_CODES,
  RUN_FILES,
  readJsonFile,
  ZpbenchError,
} from '@zpbench/core';
import { domain as dose } from '@zpbench/domain-dose';
import { domain as synthetic } from '@zpbench/domain-synthetic';

/** A registered domain: its plugin and how worker threads import it. */
export interface RegisteredDomain {
  readonly plugin: DomainPlugin<unknown>;
  readonly module: { readonly moduleUrl: string; readonly exportName: string };
}

/** Every domain the CLI knows, in the order `zpbench list` shows them. */
export const DOMAINS: readonly RegisteredDomain[] = [
  {
    plugin: dose as DomainPlugin<unknown>,
    module: { moduleUrl: import.meta.resolve('@zpbench/domain-dose'), exportName: 'domain' },
  },
  {
    plugin: synthetic as DomainPlugin<unknown>,
    module: { moduleUrl: import.meta.resolve('@zpbench/domain-synthetic'), exportName: 'domain' },
  },
];

/** Looks a domain up by id. */
export function findDomain(id: string): RegisteredDomain | undefined {
  return DOMAINS.find((d) => d.plugin.id === id);
}

/** The registered domain of a run directory, from its manifest; a one-line error otherwise. */
export function domainOfRun(runDir: string) {
  const manifest = readJsonFile(
    join(runDir, RUN_FILES.manifest),
    `${runDir}/${RUN_FILES.manifest}`,
  ) as { domain?: unknown };
  const entry = typeof manifest.domain === 'string' ? findDomain(manifest.domain) : undefined;
  if (!entry) {
    throw new ZpbenchError(
      ERROR_CODES.UNKNOWN_ID,
      `${runDir}: unknown domain ${JSON.stringify(manifest.domain ?? null)} in ${RUN_FILES.manifest}; run \`zpbench list\` for the known domains`,
    );
  }
  return entry;
}
