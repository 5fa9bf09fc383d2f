import { createHash } from 'node:crypto';
import { NnError } from './errors.js';
import type { Param } from './module.js';

/** Marker of the checkpoint JSON format. */
export const CHECKPOINT_FORMAT = 'zpbench_nn_checkpoint';

/** One serialised parameter: little-endian float64 bytes in base64. */
export interface CheckpointEntry {
  name: string;
  shape: number[];
  dtype: 'float64';
  data: string;
}

/** A JSON-able checkpoint of a parameter list. */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  params: CheckpointEntry[];
}

function toLittleEndianBytes(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
  return bytes;
}

/**
 * Serialise parameter values bit-exactly (names, shapes, little-endian float64 in base64).
 *
 * @example
 * const ckpt = saveCheckpoint(net.parameters());
 * const hash = hashCheckpoint(ckpt);
 */
export function saveCheckpoint(params: readonly Param[]): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: 1,
    params: params.map((p) => ({
      name: p.name,
      shape: [...p.shape],
      dtype: 'float64',
      data: Buffer.from(toLittleEndianBytes(p.value)).toString('base64'),
    })),
  };
}

/**
 * Copy checkpoint values into `params` (matched by name; shapes must agree). Throws
 * `ZPB_NN_CHECKPOINT` when a parameter is missing, extra or of another shape.
 */
export function loadCheckpoint(params: readonly Param[], checkpoint: Checkpoint): void {
  if (checkpoint.format !== CHECKPOINT_FORMAT || checkpoint.version !== 1) {
    throw new NnError(
      'ZPB_NN_CHECKPOINT',
      `loadCheckpoint: expected format ${CHECKPOINT_FORMAT} v1, got ${String(checkpoint.format)} v${String(checkpoint.version)}`,
    );
  }
  const byName = new Map(checkpoint.params.map((e) => [e.name, e]));
  if (byName.size !== params.length) {
    throw new NnError(
      'ZPB_NN_CHECKPOINT',
      `loadCheckpoint: checkpoint has ${byName.size} parameters, the model has ${params.length}`,
    );
  }
  for (const p of params) {
    const e = byName.get(p.name);
    if (e === undefined || e.shape.join('x') !== p.shape.join('x')) {
      throw new NnError(
        'ZPB_NN_CHECKPOINT',
        `loadCheckpoint: parameter ${p.name} [${p.shape.join('x')}] is missing or has shape [${e?.shape.join('x') ?? ''}] in the checkpoint`,
      );
    }
    const bytes = Buffer.from(e.data, 'base64');
    if (bytes.length !== p.value.length * 8) {
      throw new NnError('ZPB_NN_CHECKPOINT', `loadCheckpoint: ${p.name} has ${bytes.length} bytes`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < p.value.length; i++) p.value[i] = view.getFloat64(i * 8, true);
  }
}

/** UTF-8 bytes of the checkpoint JSON (stable key order, as built by {@link saveCheckpoint}). */
export function checkpointToBytes(checkpoint: Checkpoint): Uint8Array {
  const ordered: Checkpoint = {
    format: checkpoint.format,
    version: checkpoint.version,
    params: checkpoint.params.map((e) => ({
      name: e.name,
      shape: e.shape,
      dtype: e.dtype,
      data: e.data,
    })),
  };
  return new TextEncoder().encode(JSON.stringify(ordered));
}

/** Parse checkpoint bytes written by {@link checkpointToBytes}. */
export function checkpointFromBytes(bytes: Uint8Array): Checkpoint {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Checkpoint;
  } catch (cause) {
    throw new NnError('ZPB_NN_CHECKPOINT', 'checkpointFromBytes: bytes are not checkpoint JSON', {
      cause,
    });
  }
}

/** sha256 (hex) of {@link checkpointToBytes}: the content hash recorded in the manifest. */
export function hashCheckpoint(checkpoint: Checkpoint): string {
  return createHash('sha256').update(checkpointToBytes(checkpoint)).digest('hex');
}
