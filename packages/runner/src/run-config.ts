import {
  configHash,
  type DomainCliOption,
  type DomainPlugin,
  ERROR_CODES,
  formatZodIssues,
  type ParentRunRef,
  ZpbenchError,
} from '@zpbench/core';

/** A resolved run configuration: what the config hash covers. */
export interface ResolvedConfig {
  readonly domain: string;
  readonly mode: string;
  readonly config: unknown;
  /**
   * `{ domain, mode, config }` plus, for a mode that read a parent run, `parent_run` (its run
   * id, mode and manifest sha256; never its path): the object whose canonical JSON is hashed.
   */
  readonly hashed: Record<string, unknown>;
  readonly configHash: string;
  /** The mode's default seed plan. */
  readonly defaultSeeds: readonly number[];
}

/** Options of {@link resolveConfig}. */
export interface ResolveConfigOptions {
  /** Values of the domain's own options, keyed by their long flag name (`inject-regression`). */
  readonly domainOptions?: Readonly<Record<string, string>>;
  /** A whole configuration replacing the mode's defaults (tests, tiny conformance runs). */
  readonly config?: unknown;
  /** The validated parent run of a mode that reads one. */
  readonly parent?: ParentRunRef | null;
}

/** The long name of a domain option's flag (`--inject-regression <kind>` → `inject-regression`). */
export function cliOptionName(option: Pick<DomainCliOption<unknown>, 'flags'>): string {
  const name = /--([a-z0-9][a-z0-9-]*)/.exec(option.flags)?.[1];
  if (!name) {
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `domain option "${option.flags}" has no --long-name; declare flags like "--name <value>"`,
    );
  }
  return name;
}

/**
 * Resolves a domain mode's configuration: the mode defaults (or an explicit config), then each
 * domain option given, validated by the domain's schema and the mode's own check; a parent run's
 * identity enters the hash. Options the mode does not take are refused with the reason.
 */
export function resolveConfig(
  plugin: DomainPlugin<unknown>,
  mode: string,
  options: ResolveConfigOptions = {},
): ResolvedConfig {
  const modeDef = plugin.modes[mode];
  if (!modeDef) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--mode ${mode} is not a mode of ${plugin.id}; choose one of ${Object.keys(plugin.modes).join(', ')}`,
    );
  }
  let config = options.config ?? modeDef.config;
  const given = options.domainOptions ?? {};
  const known = new Set((plugin.cliOptions ?? []).map(cliOptionName));
  for (const name of Object.keys(given)) {
    if (!known.has(name))
      throw new ZpbenchError(ERROR_CODES.USAGE, `--${name} is not an option of ${plugin.id}`);
  }
  for (const option of plugin.cliOptions ?? []) {
    const name = cliOptionName(option);
    const value = given[name];
    if (value === undefined) continue;
    if (value.trim() === '')
      throw new ZpbenchError(ERROR_CODES.USAGE, `--${name} needs a value; got an empty string`);
    if (option.modes && !option.modes.includes(mode)) {
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--${name} has no effect in --mode ${mode}; it applies to --mode ${option.modes.join(' or ')} only`,
      );
    }
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
    throw new ZpbenchError(
      ERROR_CODES.CONFIG,
      `invalid ${plugin.id} ${mode} configuration: ${formatZodIssues(parsed.error, 20)}`,
    );
  }
  const problem = modeDef.checkConfig?.(parsed.data);
  if (problem) {
    throw new ZpbenchError(ERROR_CODES.CONFIG, `${plugin.id} --mode ${mode}: ${problem}`);
  }
  const parent = options.parent ?? null;
  const hashed: Record<string, unknown> = {
    domain: plugin.id,
    mode,
    config: parsed.data as unknown,
    ...(parent
      ? {
          parent_run: {
            run_id: parent.run_id,
            mode: parent.mode,
            manifest_sha256: parent.manifest_sha256,
          },
        }
      : {}),
  };
  return {
    domain: plugin.id,
    mode,
    config: parsed.data,
    hashed,
    configHash: configHash(hashed),
    defaultSeeds: modeDef.seeds,
  };
}
