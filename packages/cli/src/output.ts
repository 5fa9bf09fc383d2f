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

/** Writes a JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
