import { visit } from 'jsonc-parser';

/**
 * The first key that occurs twice in one object of a JSON text, with the path of that object
 * (`$.artifacts`), or null. `JSON.parse` keeps the last of two equal keys silently, so a second
 * manifest entry under the same path could hide the one the gate checks.
 */
export function findDuplicateKey(text: string): { key: string; path: string } | null {
  const open: Set<string>[] = [];
  let found: { key: string; path: string } | null = null;
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

/** Every JSON string token, with the colon that makes it a key (outside strings JSON has no quote). */
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

function countKeys(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countKeys(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const item of Object.values(value)) n += 1 + countKeys(item);
  return n;
}

/**
 * Whether a JSON text that parsed to `value` gives some key twice in one object: its key tokens
 * outnumber the keys of the parsed value (each repeat is one key fewer). Native regex and a walk
 * of the value, so the common case costs a fraction of a parse; {@link findDuplicateKey} names
 * the key when there is one.
 */
export function hasDuplicateKey(text: string, value: unknown): boolean {
  let tokens = 0;
  for (const match of text.matchAll(STRING_TOKEN)) if (match[1] !== undefined) tokens += 1;
  return tokens !== countKeys(value);
}
