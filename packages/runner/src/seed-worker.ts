/**
 * Worker-thread entry: loads a domain plugin once and runs the seeds it is sent.
 * A seed's result depends only on its seed and config, never on the worker that runs it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type DomainPlugin, ERROR_CODES, ZpbenchError } from '@zpbench/core';
import { type SeedTask, seedFailure, type WorkerMessage } from './worker-protocol.js';

const { moduleUrl, exportName, threadBudget } = workerData as {
  moduleUrl: string;
  exportName: string;
  threadBudget?: Int32Array;
};
const port = parentPort;
if (!port) throw new Error('seed-worker must run in a worker thread');

let pluginPromise: Promise<DomainPlugin<unknown>> | undefined;
function loadPlugin(): Promise<DomainPlugin<unknown>> {
  pluginPromise ??= import(moduleUrl).then((module: Record<string, unknown>) => {
    const plugin = module[exportName] as DomainPlugin<unknown> | undefined;
    if (!plugin || typeof plugin.runSeed !== 'function') {
      throw new ZpbenchError(
        ERROR_CODES.PLUGIN_CONTRACT,
        `${moduleUrl} does not export a domain plugin named "${exportName}"; export the plugin under that name or fix its registration`,
      );
    }
    return plugin;
  });
  return pluginPromise;
}

function send(message: WorkerMessage): void {
  port?.postMessage(message);
}

port.on('message', async (task: SeedTask) => {
  try {
    const plugin = await loadPlugin();
    const output = await plugin.runSeed({
      domain: task.domain,
      mode: task.mode,
      seed: task.seed,
      config: task.config,
      configHash: task.configHash,
      parent: task.parent,
      ...(threadBudget ? { threads: threadBudget } : {}),
      progress: (event) => send({ type: 'progress', seed: task.seed, event }),
    });
    send({ type: 'result', seed: task.seed, output });
  } catch (error) {
    send({ type: 'error', seed: task.seed, failure: seedFailure(error) });
  }
});
