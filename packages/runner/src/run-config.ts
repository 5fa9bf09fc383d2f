import { configHash, type DomainPlugin, ERROR_CODES, ZpbenchError } from '@zpbench/core';

/** A resolved run configuration: what the config hash covers. */
export interface ResolvedConfig {
  readonly domain: string;
  readonly mode: string;
  readonly config: unknown;
  /** `{ domain, mode, config }`, the object whose canonical JSON is hashed. */
  readonly hashed: Record<string, unknown>;
  readonly configHash: string;
  /** The mode's default seed plan. */
  readonly defaultSeeds: readonly number[];
}

/**
 * Resolves a domain mode's configuration: the mode defaults, then each domain option given
 * (keyed by its flag's long name, e.g. `inject-regression`), validated by the domain's schema.
 */
export function resolveConfig(
  plugin: DomainPlugin<unknown>,
  mode: string,
  domainOptions: Readonly<Record<string, string>> = {},
): ResolvedConfig {
  const modeDef = plugin.modes[mode];
  if (!modeDef) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--mode ${mode} is not a mode of ${plugin.id}; choose one of ${Object.keys(plugin.modes).join(', ')}`,
    );
  }
  let config = modeDef.config;
  for (const option of plugin.cliOptions ?? []) {
    const name = /--([a-z0-9-]+)/.exec(option.flags)?.[1];
    const value = name ? domainOptions[name] : undefined;
    if (value === undefined) continue;
    if (option.choices && !option.choices.includes(value)) {
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--${name} ${value} is not allowed; choose one of ${option.choices.join(', ')}`,
      );
    }
    config = option.apply(config, value);
  }
  const parsed = plugin.configSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ZpbenchError(
      ERROR_CODES.CONFIG,
      `invalid ${plugin.id} ${mode} configuration: ${issues}`,
    );
  }
  const problem = modeDef.checkConfig?.(parsed.data);
  if (problem) {
    throw new ZpbenchError(ERROR_CODES.CONFIG, `${plugin.id} --mode ${mode}: ${problem}`);
  }
  const hashed = { domain: plugin.id, mode, config: parsed.data as unknown };
  return {
    domain: plugin.id,
    mode,
    config: parsed.data,
    hashed,
    configHash: configHash(hashed),
    defaultSeeds: modeDef.seeds,
  };
}
