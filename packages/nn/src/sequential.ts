import { Activation, type ActivationName, createActivation } from './activations.js';
import { Dense, initForActivation } from './dense.js';
import type { Matrix } from './matrix.js';
import type { ForwardOptions, Module, Param } from './module.js';
import type { Rng } from './rng.js';

/** A chain of modules applied in order; backward runs them in reverse. */
export class Sequential implements Module {
  readonly modules: Module[];

  constructor(modules: Module[]) {
    this.modules = modules;
  }

  // A Dense layer followed by a ReLU runs as one product with the ReLU in its epilogue, forward
  // and backward (the same bits and layer state as running them one after the other).
  forward(x: Matrix, opts?: ForwardOptions): Matrix {
    let h = x;
    const mods = this.modules;
    for (let i = 0; i < mods.length; i++) {
      const m = mods[i] as Module;
      const next = mods[i + 1];
      if (m instanceof Dense && next instanceof Activation) {
        h = m.forwardActivated(h, next);
        i++;
      } else h = m.forward(h, opts);
    }
    return h;
  }

  backward(dOut: Matrix): Matrix {
    let g = dOut;
    const mods = this.modules;
    for (let i = mods.length - 1; i >= 0; i--) {
      const m = mods[i] as Module;
      const below = mods[i - 1];
      if (m instanceof Dense && below instanceof Activation && i >= 1) {
        g = m.backwardActivated(g, below);
        i--;
      } else g = m.backward(g);
    }
    return g;
  }

  parameters(): Param[] {
    return this.modules.flatMap((m) => m.parameters());
  }
}

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Parameter name prefix (default `mlp`); layers are `<name>.<i>.weight|bias`. */
  name?: string;
  /** Activation after the last layer (default `linear`, i.e. none). */
  outputActivation?: ActivationName;
  /** Whether backward computes dInput of the first layer (default true). */
  inputGrad?: boolean;
  /** Scale of the last layer's initial weights (default 1). */
  lastLayerInitScale?: number;
}

/**
 * A multilayer perceptron `sizes[0] → … → sizes[last]` with `activation` between layers,
 * initialised per activation (He for ReLU/SiLU, Glorot otherwise; the last layer Glorot).
 * Each layer draws from its own fork of `rng`, so widths of one layer never shift another.
 *
 * @example
 * const net = mlp([3, 128, 128, 2], 'relu', createRng(0).fork('mlp'));
 * const y = net.forward(x, { train: true });
 */
export function mlp(
  sizes: readonly number[],
  activation: ActivationName,
  rng: Rng,
  options: MlpOptions = {},
): Sequential {
  const name = options.name ?? 'mlp';
  const modules: Module[] = [];
  const last = sizes.length - 2;
  for (let i = 0; i <= last; i++) {
    const isLast = i === last;
    const outAct = options.outputActivation ?? 'linear';
    modules.push(
      new Dense(sizes[i] as number, sizes[i + 1] as number, rng.fork(`layer${i}`), {
        name: `${name}.${i}`,
        init: initForActivation(isLast ? outAct : activation),
        initScale: isLast ? (options.lastLayerInitScale ?? 1) : 1,
        inputGrad: i === 0 ? (options.inputGrad ?? true) : true,
      }),
    );
    if (!isLast) modules.push(createActivation(activation));
    else if (outAct !== 'linear') modules.push(createActivation(outAct));
  }
  return new Sequential(modules);
}
