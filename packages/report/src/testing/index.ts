export { createComparisonFixture, HOSTILE_MODEL } from './comparison-fixture.js';
export type { ReportFixtureOptions } from './report-fixture.js';
export { REPORT_FIXTURE_CONTRACT, writeReportFixtureRunDir } from './report-fixture.js';
