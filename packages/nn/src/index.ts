export type { ActivationName } from './activations.js';
export { Activation, createActivation, inverseSoftplus, sigmoid, softplus } from './activations.js';
export type { Checkpoint, CheckpointEntry } from './checkpoint.js';
export {
  CHECKPOINT_FORMAT,
  checkpointFromBytes,
  checkpointToBytes,
  hashCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export type {
  ComplexRationalGrads,
  ComplexRationalHeadOptions,
  ComplexRationalOutput,
} from './complex-rational.js';
export { ComplexRationalHead, decodeSharedDenominator } from './complex-rational.js';
export type { DenseOptions, InitScheme } from './dense.js';
export { Dense, initForActivation } from './dense.js';
export type { NnErrorCode } from './errors.js';
export { NnError } from './errors.js';
export type {
  DenominatorLossResult,
  ImplicitLossOptions,
  ImplicitLossResult,
  LiftedTargets,
  LossResult,
  RejectionLossOptions,
  RejectionLossResult,
} from './losses.js';
export {
  binaryCrossEntropyWithLogits,
  finiteTargetMask,
  implicitLoss,
  liftTargets,
  marginLoss,
  mseLoss,
  rejectionLoss,
  softmaxCrossEntropy,
} from './losses.js';
export type { GemmBackend, Matrix } from './matrix.js';
export {
  createMatrix,
  ensureMatrix,
  gemmNN,
  gemmNT,
  gemmTN,
  matmul,
  matmulTransA,
  matmulTransB,
  matrixFromRows,
  PARALLEL_ELEMENTWISE_MIN,
  PARALLEL_GEMM_MIN_WORK,
  setGemmBackend,
  WASM_ELEMENTWISE_MIN,
  WASM_GEMM_MIN_WORK,
} from './matrix.js';
export type { ForwardOptions, Module, Param } from './module.js';
export { countParameters, createParam, zeroGrad } from './module.js';
export type { AdamOptions, Optimizer } from './optimizer.js';
export { clipGradNorm, createAdam, createAdamW } from './optimizer.js';
export type { PolynomialRationalOptions } from './polynomial-rational.js';
export {
  monomialCount,
  monomialExponents,
  PolynomialRationalHead,
} from './polynomial-rational.js';
export type {
  ProjectiveLeastSquaresOptions,
  ProjectiveLeastSquaresResult,
} from './projective-least-squares.js';
export { fitProjectiveLeastSquares } from './projective-least-squares.js';
export { ProjectiveNormalize } from './projective-normalize.js';
export type { RationalDivideOutput } from './rational-divide.js';
export { RationalDivide } from './rational-divide.js';
export { RationalEps } from './rational-eps.js';
export type { ProjectiveOutput, RationalBasis, RationalHeadOptions } from './rational-head.js';
export { RationalHead } from './rational-head.js';
export type { Rng } from './rng.js';
export { createRng } from './rng.js';
export type { MlpOptions } from './sequential.js';
export { mlp, Sequential } from './sequential.js';
export type { StrictDecodeOptions, StrictDecodeResult } from './strict-decode.js';
export { DEFAULT_TAU_INFER, PROVENANCE, strictDecode } from './strict-decode.js';
export type { ThreadSetting } from './threads.js';
export { prepareThreads, setThreadCount, threadCount } from './threads.js';
export type { EpochLog, StepInfo, TrainResult, TrainStepsOptions } from './train-steps.js';
export { cosineLearningRate, gatherRows, trainSteps } from './train-steps.js';
