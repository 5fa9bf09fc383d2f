/**
 * Reading input files as text and JSON, with one-line errors naming the file. No schema here (no
 * zod): the light entry re-exports it for commands that read plain JSON at start-up.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { findDuplicateKey, hasDuplicateKey } from './duplicate-keys.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';

/**
 * Largest input file zpbench reads whole, in bytes: far above any artifact a run writes, and
 * below V8's longest string (~512 MiB), past which a read would fail with ERR_STRING_TOO_LONG.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1024) return `${Number((mib / 1024).toFixed(1))} GiB`;
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${bytes} bytes`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an input file as UTF-8 text: the one place every input file is opened. Refuses, in one
 * line naming the file, anything that is not a regular file (a directory, a named pipe, a
 * device), a file above `maxBytes` (with its size), an empty file and binary content. Throws
 * `ZPB_MISSING_FILE` when the file cannot be opened, `ZPB_INPUT` otherwise.
 */
export function readTextFile(path: string, label = path, maxBytes = MAX_INPUT_BYTES): string {
  const refuse = (problem: string): never => {
    throw new ZpbenchError(ERROR_CODES.INPUT, `${label} ${problem}`);
  };
  let fd: number;
  try {
    // Non-blocking: opening a named pipe must not wait for a writer that never comes.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`,
      { cause: error },
    );
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) refuse('is a directory; pass the file inside it');
    if (!stats.isFile()) refuse('is not a regular file (a pipe, socket or device); pass a file');
    if (stats.size > maxBytes)
      refuse(
        `is ${formatBytes(stats.size)}, more than the ${formatBytes(maxBytes)} zpbench reads; check that it is the right file`,
      );
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  if (bytes.length > maxBytes)
    refuse(`grew past the ${formatBytes(maxBytes)} zpbench reads while being read`);
  if (bytes.length === 0) refuse('is empty; restore it or regenerate it');
  let text = '';
  try {
    text = UTF8.decode(bytes);
  } catch {
    refuse('is binary, not UTF-8 text; restore it or regenerate it');
  }
  if (text.includes('\0')) refuse('is binary (it holds NUL bytes); restore it or regenerate it');
  return text;
}

/**
 * Reads and parses a JSON file through {@link readTextFile}; throws `ZPB_MISSING_FILE`,
 * `ZPB_INPUT` or `ZPB_JSON_PARSE` naming the file.
 */
export function readJsonFile(path: string, label = path): unknown {
  return parseJsonText(readTextFile(path, label), label);
}

/** JSON.parse quotes the text near an error; its line breaks must not split our one-line message. */
function escapeControl(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we escape
  return message.replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** Parses JSON text; throws `ZPB_JSON_PARSE` naming the source. */
export function parseJsonText(text: string, label: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.JSON_PARSE,
      `${label} is not valid JSON (${escapeControl((error as Error).message)}); the file is truncated or malformed — restore it or regenerate the run`,
      { cause: error },
    );
  }
  if (typeof value === 'object' && value !== null && hasDuplicateKey(text, value)) {
    const duplicate = findDuplicateKey(text);
    if (duplicate)
      throw new ZpbenchError(
        ERROR_CODES.JSON_PARSE,
        `${label} has the key ${JSON.stringify(duplicate.key)} twice in ${duplicate.path}; JSON with a duplicate key is ambiguous and refused — restore the file or regenerate the run`,
      );
  }
  return value;
}
