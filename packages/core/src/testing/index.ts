export type { FixtureRunOptions } from './fixture-run.js';
export { FIXTURE_CONTRACT, writeFixturePerfDir, writeFixtureRunDir } from './fixture-run.js';
export { committedSchemaDrift, undocumentedProperties } from './schema-checks.js';
