import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonText, readJsonFile, readTextFile } from './artifact-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-artifact-io-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(read: () => unknown): { code: string; message: string } {
  try {
    read();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message: message.replaceAll(dir, '<tmp>') };
  }
  throw new Error('accepted');
}

describe('readTextFile and readJsonFile', () => {
  it('read a regular UTF-8 file', () => {
    writeFileSync(join(dir, 'a.json'), '{"x": "é"}\n');
    expect(readJsonFile(join(dir, 'a.json'))).toEqual({ x: 'é' });
  });

  it('refuse a missing file, a directory and a device in one line naming the file', () => {
    mkdirSync(join(dir, 'd'));
    expect(refusal(() => readJsonFile(join(dir, 'absent.json'), 'absent.json'))).toEqual({
      code: 'ZPB_MISSING_FILE',
      message: 'cannot read absent.json: ENOENT; check the path',
    });
    expect(refusal(() => readJsonFile(join(dir, 'd'), 'd'))).toEqual({
      code: 'ZPB_INPUT',
      message: 'd is a directory; pass the file inside it',
    });
    expect(refusal(() => readJsonFile('/dev/zero'))).toEqual({
      code: 'ZPB_INPUT',
      message: '/dev/zero is not a regular file (a pipe, socket or device); pass a file',
    });
  });

  it('refuse a file above the size limit with its size, before reading it', () => {
    writeFileSync(join(dir, 'big.json'), Buffer.alloc(3 * 1024 * 1024, 0x20));
    expect(refusal(() => readTextFile(join(dir, 'big.json'), 'big.json', 1024 * 1024))).toEqual({
      code: 'ZPB_INPUT',
      message:
        'big.json is 3 MiB, more than the 1 MiB zpbench reads; check that it is the right file',
    });
  });

  it('refuse empty, binary and truncated content', () => {
    writeFileSync(join(dir, 'empty.json'), '');
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d]));
    writeFileSync(join(dir, 'nul.json'), Buffer.from([0x7b, 0x00, 0x7d]));
    writeFileSync(join(dir, 'cut.json'), '{"a": [1,\n2');
    expect(refusal(() => readJsonFile(join(dir, 'empty.json'), 'empty.json')).message).toBe(
      'empty.json is empty; restore it or regenerate it',
    );
    expect(refusal(() => readJsonFile(join(dir, 'latin1.json'), 'latin1.json')).message).toBe(
      'latin1.json is binary, not UTF-8 text; restore it or regenerate it',
    );
    expect(refusal(() => readJsonFile(join(dir, 'nul.json'), 'nul.json')).message).toBe(
      'nul.json is binary (it holds NUL bytes); restore it or regenerate it',
    );
    const cut = refusal(() => readJsonFile(join(dir, 'cut.json'), 'cut.json'));
    expect(cut.code).toBe('ZPB_JSON_PARSE');
    expect(cut.message).not.toContain('\n');
    expect(cut.message).toMatch(/^cut\.json is not valid JSON \(.*\); the file is truncated/);
  });
});

describe('parseJsonText refuses a key given twice in one object', () => {
  it('names the key and the object it repeats in, wherever it is nested', () => {
    expect(() =>
      parseJsonText('{"artifacts": {"a": {"x": 1}, "b": [{"k": 1, "k": 2}]}}', 'm.json'),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ZpbenchError: m.json has the key "k" twice in $.artifacts.b[0]; JSON with a duplicate key is ambiguous and refused — restore the file or regenerate the run]`,
    );
    expect(() => parseJsonText('{"a": 1, "\\u0061": 2}', 'm.json')).toThrow(
      /the key "a" twice in \$;/,
    );
  });

  it('accepts equal keys in different objects', () => {
    expect(parseJsonText('{"a": {"k": 1}, "b": {"k": 2}, "k": 3}', 'x')).toEqual({
      a: { k: 1 },
      b: { k: 2 },
      k: 3,
    });
  });
});
