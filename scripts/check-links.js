// Relative links in README.md and docs/*.md: every file a link names exists, and every
// #anchor names a heading (or an explicit id) of the page it points to, as GitHub renders
// them. Links to other sites are not followed (CI has no internet).
//
//   node scripts/check-links.js      prints each broken link; exit 1 when there is one
//   test/docs/links.test.ts          the same check, run by npm test
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The pages checked: README.md and every Markdown file in docs/. */
export function documentationFiles(root = '.') {
  const docs = join(root, 'docs');
  const pages = existsSync(docs) ? readdirSync(docs).filter((name) => name.endsWith('.md')).map((name) => join(docs, name)) : [];
  return [join(root, 'README.md'), ...pages.sort()];
}

/** Markdown without fenced code blocks and inline code, where `[x](y)` is not a link. */
function withoutCode(markdown) {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings' slugs (repeats numbered as GitHub does) and explicit ids. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

/** The link targets of a page: `[text](target)`, `![alt](target)`, `[label]: target`, `href="target"`. */
export function linksOf(markdown) {
  const text = withoutCode(markdown);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((match) => match[1]),
    ...[...text.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((match) => match[1]),
  ];
  return targets;
}

/** Links to other sites, mail, or a protocol-relative URL: not checked here. */
const external = (target) => /^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//');

/**
 * The broken relative links of `file`, each as "file: target (why)". The file system calls are
 * injectable so the checker itself can be tested on made-up pages.
 * @param {string} file
 * @param {{ read?: (path: string) => string, exists?: (path: string) => boolean, isDirectory?: (path: string) => boolean }} [io]
 * @returns {string[]}
 */
export function brokenLinks(file, { read = (path) => readFileSync(path, 'utf8'), exists = (path) => existsSync(path), isDirectory = (path) => statSync(path).isDirectory() } = {}) {
  const markdown = read(file);
  const broken = [];
  for (const target of linksOf(markdown)) {
    if (external(target)) continue;
    const [pathPart, anchor] = splitAnchor(target);
    const path = pathPart ? resolve(dirname(file), decodeURIComponent(pathPart)) : resolve(file);
    const shown = `${relative('.', file)}: ${target}`;
    if (!exists(path)) {
      broken.push(`${shown} (no such file)`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!path.endsWith('.md') || isDirectory(path)) {
      broken.push(`${shown} (an #anchor into a file that is not a Markdown page)`);
      continue;
    }
    if (!anchorsOf(read(path)).has(decodeURIComponent(anchor).toLowerCase())) broken.push(`${shown} (no heading #${anchor} there)`);
  }
  return broken;
}

function splitAnchor(target) {
  const hash = target.indexOf('#');
  return hash === -1 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const broken = documentationFiles().flatMap((file) => brokenLinks(file));
  for (const line of broken) console.error(`broken link: ${line}`);
  console.log(broken.length ? `${broken.length} broken relative link(s)` : 'docs:links: every relative link and #anchor resolves');
  process.exit(broken.length ? 1 : 0);
}
