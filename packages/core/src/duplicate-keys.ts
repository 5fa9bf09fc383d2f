import { createRequire } from 'node:module';
import type { visit as JsoncVisit } from 'jsonc-parser';

// jsonc-parser (five CommonJS files) loads only when a text does hold a repeated key: every
// process that reads JSON imports this module, and nearly none needs the parser.
const require = createRequire(import.meta.url);
let visit: typeof JsoncVisit | undefined;

/**
 * The first key that occurs twice in one object of a JSON text, with the path of that object
 * (`$.artifacts`), or null. `JSON.parse` keeps the last of two equal keys silently, so a second
 * manifest entry under the same path could hide the one the gate checks.
 */
export function findDuplicateKey(text: string): { key: string; path: string } | null {
  const open: Set<string>[] = [];
  let found: { key: string; path: string } | null = null;
  visit ??= (require('jsonc-parser') as { visit: typeof JsoncVisit }).visit;
  visit(
    text,
    {
      onObjectBegin: () => {
        open.push(new Set());
        return found === null;
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
        const keys = open[open.length - 1];
        if (!keys || found) return;
        if (keys.has(key)) {
          const where = pathSupplier()
            .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
            .join('');
          found = { key, path: `$${where}` };
        }
        keys.add(key);
      },
    },
    { disallowComments: true },
  );
  return found;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

/** Whether the quote at `at` is escaped: an odd number of backslashes precedes it. */
function isEscaped(text: string, at: number): boolean {
  let i = at - 1;
  while (text.charCodeAt(i) === BACKSLASH) i--;
  return (at - 1 - i) % 2 === 1;
}

/**
 * The number of object keys in a valid JSON text: its strings followed (after whitespace) by a
 * colon. Outside strings JSON has no quote, so each unescaped quote opens or closes one string.
 * A scan with indexOf, no match objects: the check runs on every JSON file a command reads.
 */
function countKeyTokens(text: string): number {
  let keys = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) break;
    let next = close + 1;
    let c = text.charCodeAt(next);
    // JSON's whitespace: space, line feed, carriage return, tab.
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c === COLON) keys += 1;
    open = c === QUOTE ? next : text.indexOf('"', next);
  }
  return keys;
}

/** How many times `{` occurs in the text, inside strings too: at least the objects it holds. */
function countBraces(text: string): number {
  let n = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) n += 1;
  return n;
}

/**
 * The keys of the parsed value's objects, walked depth first. `objects.left` starts at the text's
 * `{` count, which no parsed value exceeds (a repeated key drops its first value, never adds
 * one): once every brace has met its object, no array left holds an object, so the rows of a
 * slot matrix (thousands of numbers) are not visited at all.
 */
function countKeys(value: unknown, objects: { left: number }): number {
  if (value === null || typeof value !== 'object' || objects.left === 0) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && objects.left > 0; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') n += countKeys(item, objects);
    }
    return n;
  }
  objects.left -= 1;
  const record = value as Record<string, unknown>;
  // JSON.parse makes plain objects: every enumerable key is an own one.
  for (const key in record) n += 1 + countKeys(record[key], objects);
  return n;
}

/**
 * Whether a JSON text that parsed to `value` gives some key twice in one object: its key tokens
 * outnumber the keys of the parsed value (each repeat is one key fewer). A scan of the text and
 * a walk of the value, so the common case costs a fraction of a parse; {@link findDuplicateKey}
 * names the key when there is one.
 */
export function hasDuplicateKey(text: string, value: unknown): boolean {
  return countKeyTokens(text) !== countKeys(value, { left: countBraces(text) });
}
