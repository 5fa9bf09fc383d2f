/**
 * Worker thread of the `bundle` suite: imports the domain's plugin, loads the bundle, draws its
 * inputs once, then answers every `predict` message with one prediction on them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BundlePredictor, DomainPlugin } from '@zpbench/core';

interface BundleWorkerData {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly bundleDir: string;
  readonly batch: number;
  readonly seed: string;
}

const port = parentPort;
if (!port) throw new Error('bundle-worker.js runs as a worker thread of the bundle suite');
const data = workerData as BundleWorkerData;

let predictor: BundlePredictor;
let inputs: unknown;
try {
  const mod = (await import(data.moduleUrl)) as Record<string, DomainPlugin<unknown> | undefined>;
  const load = mod[data.exportName]?.bundle?.load;
  if (!load) throw new Error(`${data.moduleUrl} ${data.exportName} has no bundle.load`);
  predictor = load(data.bundleDir);
  inputs = predictor.sampleInputs(data.batch, data.seed);
  port.postMessage({ ok: true });
} catch (error) {
  port.postMessage({ ok: false, error: (error as Error).message });
}

port.on('message', () => {
  try {
    predictor.predict(inputs);
    port.postMessage({ ok: true });
  } catch (error) {
    port.postMessage({ ok: false, error: (error as Error).message });
  }
});
