export type { ConformanceOptions } from './conformance.js';
export { describeDomainConformance, metricRangeProblem } from './conformance.js';
