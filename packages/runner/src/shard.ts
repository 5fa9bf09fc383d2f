import { ERROR_CODES, ZpbenchError } from '@zpbench/core';

/** One shard of a seed plan: 1-based index and the number of shards. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

function usage(message: string): ZpbenchError {
  return new ZpbenchError(ERROR_CODES.USAGE, message);
}

function positive(value: string | undefined, name: string): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value))
    throw usage(`${name}=${value} is not a whole number; check the scheduler's environment`);
  return Number(value);
}

function checked(index: number, count: number, source: string): ShardSpec {
  if (count < 1) throw usage(`${source}: the shard count must be at least 1, got ${count}`);
  if (index < 1 || index > count)
    throw usage(
      `${source}: shard ${index} is outside 1..${count}; the shard index is 1-based (as CI_NODE_INDEX)`,
    );
  return { index, count };
}

/**
 * The shard of `--shard i/n`, or of `--shard auto` from the scheduler's environment: GitLab's
 * `CI_NODE_INDEX`/`CI_NODE_TOTAL` (1-based), Slurm's `SLURM_ARRAY_TASK_ID` counted from
 * `SLURM_ARRAY_TASK_MIN` with `SLURM_ARRAY_TASK_COUNT`, or Kubernetes' `JOB_COMPLETION_INDEX`
 * (0-based) with the total given by `--shards`. Anything missing or inconsistent throws a
 * one-line usage error naming the variable.
 * @example
 * parseShard('2/3', {}); // { index: 2, count: 3 }
 * parseShard('auto', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '3' }); // { index: 1, count: 3 }
 */
export function parseShard(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  total?: number,
): ShardSpec {
  const explicit = /^(\d+)\/(\d+)$/.exec(text);
  if (explicit) {
    if (total !== undefined)
      throw usage('--shards applies only to --shard auto; --shard i/n names the total itself');
    return checked(Number(explicit[1]), Number(explicit[2]), `--shard ${text}`);
  }
  if (text !== 'auto') throw usage(`--shard ${text} is neither i/n (e.g. 2/3) nor auto`);
  const gitlab = positive(env.CI_NODE_INDEX, 'CI_NODE_INDEX');
  if (gitlab !== null) {
    const count = positive(env.CI_NODE_TOTAL, 'CI_NODE_TOTAL');
    if (count === null)
      throw usage(
        '--shard auto: CI_NODE_INDEX is set but CI_NODE_TOTAL is not; run the job with `parallel: N`',
      );
    if (total !== undefined && total !== count)
      throw usage(`--shard auto: --shards ${total} contradicts CI_NODE_TOTAL=${count}`);
    return checked(gitlab, count, 'CI_NODE_INDEX');
  }
  const slurm = positive(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID');
  if (slurm !== null) {
    const count = positive(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') ?? total ?? null;
    if (count === null)
      throw usage(
        '--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shards N',
      );
    const min = positive(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') ?? 0;
    if (total !== undefined && total !== count)
      throw usage(`--shard auto: --shards ${total} contradicts SLURM_ARRAY_TASK_COUNT=${count}`);
    return checked(slurm - min + 1, count, 'SLURM_ARRAY_TASK_ID');
  }
  const k8s = positive(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
  if (k8s !== null) {
    if (total === undefined)
      throw usage(
        '--shard auto: JOB_COMPLETION_INDEX is set; pass the number of completions with --shards N',
      );
    return checked(k8s + 1, total, 'JOB_COMPLETION_INDEX');
  }
  throw usage(
    '--shard auto found no scheduler: set CI_NODE_INDEX/CI_NODE_TOTAL (GitLab parallel), SLURM_ARRAY_TASK_ID (Slurm array) or JOB_COMPLETION_INDEX with --shards (Kubernetes indexed Job), or pass --shard i/n',
  );
}

/**
 * The seeds of one shard: every `count`-th seed of the ascending plan, from position
 * `index − 1`. Each seed is in exactly one shard and shard sizes differ by at most one.
 */
export function shardSeeds(plan: readonly number[], shard: ShardSpec): number[] {
  return [...plan].sort((a, b) => a - b).filter((_, k) => k % shard.count === shard.index - 1);
}
