export {
  BUCKET_EDGES,
  BUCKET_NAMES,
  bucketLabel,
  bucketOf,
  N_BUCKETS,
  NEAR_POLE_BUCKETS,
} from './buckets.js';
export { IK_CLAIMS } from './claims.js';
export { IK_PAPER_CONFIG, IK_SMOKE_CONFIG, ikConfigSchema } from './config.js';
export { generateDataset } from './generator.js';
export { IK_METRICS } from './metric-definitions.js';
export { IK_MODELS } from './model-definitions.js';
