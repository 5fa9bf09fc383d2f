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
