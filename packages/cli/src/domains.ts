import type { DomainPlugin } from '@zpbench/core';
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
