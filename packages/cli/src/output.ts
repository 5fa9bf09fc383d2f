/** Terminal output helpers: colour only on a TTY and never when NO_COLOR is set. */

/** Whether stdout is an interactive terminal. */
export function isInteractive(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && process.env.CI !== 'true';
}

/** Whether colour may be used on a stream. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** Wraps text in an ANSI colour when allowed. */
export function paint(
  text: string,
  color: keyof typeof CODES,
  stream: NodeJS.WriteStream = process.stdout,
): string {
  return useColor(stream) ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

/** Writes one line to stdout. */
export function println(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A copy of `value` whose camelCase object keys are snake_case (`nSeeds` → `n_seeds`), for the
 * `--json` output of library results named in TypeScript's style. Keys without an upper-case
 * letter (snake_case fields, and ids such as `null-correlated` or `min:loss` used as map keys)
 * are kept as they are.
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      /^[a-z][A-Za-z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key,
      snakeCaseKeys(v),
    ]),
  );
}

/** Writes a JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
