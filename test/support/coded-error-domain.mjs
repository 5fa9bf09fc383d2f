/**
 * A test-only plugin for worker threads: the synthetic domain, except that seed 1 throws a typed
 * input error (ZPB_CONFIG), as a domain does when what it was given cannot work.
 */
import { ERROR_CODES, ZpbenchError } from '@zpbench/core';
import { syntheticDomain } from '@zpbench/domain-synthetic';

export const codedErrorDomain = {
  ...syntheticDomain,
  runSeed: (ctx) => {
    if (ctx.seed === 1)
      throw new ZpbenchError(ERROR_CODES.CONFIG, 'seed 1 needs an input this test never gives it');
    return syntheticDomain.runSeed(ctx);
  },
};
