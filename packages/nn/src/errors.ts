/** Stable error codes thrown by `@zpbench/nn`. */
export type NnErrorCode = 'ZPB_NN_SHAPE' | 'ZPB_NN_ARGUMENT' | 'ZPB_NN_CHECKPOINT';

/** Error thrown by `@zpbench/nn` with a stable `code` (shape mismatch, bad argument, bad checkpoint). */
export class NnError extends Error {
  readonly code: NnErrorCode;

  constructor(code: NnErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NnError';
    this.code = code;
  }
}
