/**
 * Escaping of artifact strings for Markdown. Every string that comes from an artifact (model
 * names, notes, error messages, metric keys, paths) goes through one of these before it reaches
 * a Markdown file (reports, CLAIM_AUDIT.md, domain sidecars), so nothing from an artifact can
 * become markup, a link or raw HTML.
 */

// Characters that can open Markdown markup inline (emphasis, code, links, images, HTML, tables,
// strikethrough, entities) are backslash-escaped; CommonMark allows escaping any ASCII punctuation.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()<>#+!|~&@$]/g;

/**
 * Escapes artifact text for Markdown (inline, including table cells): backslash-escapes markup
 * characters, breaks GFM autolinks (`http://`, `www.`, e-mail addresses), and folds line breaks
 * into spaces so a string cannot start a new block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n|\t/g, ' ')
    .split('')
    .filter((char) => char >= ' ' && char !== '\u007f')
    .join('')
    .replace(MARKDOWN_SPECIAL, (char) => `\\${char}`)
    .replace(/:\/\//g, '\\:\\/\\/')
    .replace(/\b(www)\./gi, '$1\\.');
}

const PLAIN_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:/=+-]*$/;

/**
 * Renders an identifier (model id, metric key, run id, hash) as a Markdown code span when it is a
 * plain identifier, and as escaped text otherwise. Code spans keep snake_case keys readable.
 */
export function markdownCode(text: string): string {
  if (PLAIN_IDENTIFIER.test(text) && !text.includes('://')) return `\`${text}\``;
  return escapeMarkdown(text);
}

/**
 * Encodes a relative path for a Markdown link or image destination: letters, digits and
 * `_ . / -` stay, everything else is percent-encoded, so the destination never needs brackets.
 */
export function encodeHref(path: string): string {
  return path.replace(/[^A-Za-z0-9_./-]/g, (char) =>
    [...Buffer.from(char, 'utf8')]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}
