/**
 * The light entry point (`@zpbench/domain-dose/contract`): the DOSE contract, artifact specs and
 * schemas only, without the training code, so the gate checks a DOSE run without loading nn.
 */
export {
  AGGREGATED_DIAGNOSTICS,
  BUNDLE_MANIFEST,
  BUNDLE_PARAMS,
  CHECKPOINT,
  DIRHEAD_RESULTS,
  DIRHEAD_SUMMARY,
  doseContract,
  FIGURE_PACK,
  FIGURE_PACK_SPEC,
  OPERATING_POINTS,
  OPERATING_POINTS_MD,
  PARETO_FRONT,
  PARETO_FRONT_MD,
  SEED_DIAGNOSTICS,
} from './contract.js';
