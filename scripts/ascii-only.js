// Rewrites every shipped JS file (dist/**/*.js) as ASCII: each non-ASCII UTF-16 code unit
// becomes a \uXXXX escape, which means the same thing in strings, templates, regular
// expressions, identifiers and comments. A page served without `charset=utf-8` would otherwise
// decode the script as Latin-1 and show garbled text (issue 9, item 5). Gzip barely changes
// (the escapes compress better than UTF-8's multi-byte sequences).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} code */
export function toAscii(code) {
  return code.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const dir = process.argv[2] ?? 'dist';
for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  const file = join(entry.parentPath, entry.name);
  const code = readFileSync(file, 'utf8');
  const ascii = toAscii(code);
  if (ascii !== code) writeFileSync(file, ascii);
}
