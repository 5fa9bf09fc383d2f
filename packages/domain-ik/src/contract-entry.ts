/**
 * The light entry point (`@zpbench/domain-ik/contract`): the IK contract, artifact specs and
 * schemas only, without the training code, so the gate checks an IK run without loading nn.
 */
export {
  AGGREGATED_DIAGNOSTICS,
  CHECKPOINT,
  FIGURE_PACK,
  FIGURE_PACK_SPEC,
  ikContract,
  SEED_DIAGNOSTICS,
  SEED_TRAJECTORIES,
} from './contract.js';
