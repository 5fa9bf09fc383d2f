/** Test support: the public pieces the conformance suite needs, from the built packages. */

export type { DomainPlugin } from '../../packages/core/dist/index.js';
export { createSeedResultSchema, formatArtifactJson } from '../../packages/core/dist/index.js';

import type { DomainPlugin } from '../../packages/core/dist/index.js';
import { resolveConfig } from '../../packages/runner/dist/index.js';

/** The resolved config and hash of a mode, as the runner computes them. */
export function resolveConfigForTest(plugin: DomainPlugin<unknown>, mode: string) {
  return resolveConfig(plugin, mode);
}
