/**
 * The light entry point (`@zpbench/domain-rf/contract`): the RF contract, artifact specs and
 * schemas only, without the training code, so the gate checks an RF run without loading nn.
 */
export {
  CHECKPOINT,
  FREQUENCY_RESPONSE,
  FREQUENCY_RESPONSE_SPEC,
  QUALITATIVE_FIGURE,
  QUALITATIVE_FIGURE_SPEC,
  QUALITATIVE_MANIFEST,
  QUALITATIVE_README,
  rfContract,
  SIGNAL_TRACES,
} from './contract.js';
