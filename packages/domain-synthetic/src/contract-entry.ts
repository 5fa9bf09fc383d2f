/** The light entry point (`@zpbench/domain-synthetic/contract`): schemas and artifacts only. */
export type { LossCurvesV1, SyntheticDetails } from './contract.js';
export {
  LOSS_CURVES,
  LOSS_CURVES_MARKER,
  LOSS_CURVES_VERSION,
  lossCurvesV1Schema,
  syntheticContract,
  syntheticDetailsSchema,
} from './contract.js';
