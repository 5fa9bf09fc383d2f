export type { FixtureRunOptions } from './fixture-run.js';
export {
  FIXTURE_CONTRACT,
  fixtureDistribution,
  NO_GPU_ENVIRONMENT,
  writeFixturePerfDir,
  writeFixtureRunDir,
} from './fixture-run.js';
export { committedSchemaDrift, undocumentedProperties } from './schema-checks.js';
