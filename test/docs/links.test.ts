// Every relative link and #anchor in README.md and docs/*.md resolves (scripts/check-links.js),
// and the checker itself catches what it should: a missing file, a missing heading, a page
// linked from code that is not a link.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchorsOf, brokenLinks, documentationFiles, linksOf, slug } from '../../scripts/check-links.js';

describe('documentation links', { timeout: 30_000 }, () => {
  it('README.md and every docs/*.md page link only to files and headings that exist', () => {
    const files: string[] = documentationFiles();
    assert.ok(files.includes('README.md') && files.some((file) => file.startsWith('docs/')), `pages checked: ${files.join(', ')}`);
    assert.deepEqual(files.flatMap((file) => brokenLinks(file)), []);
  });

  it('makes the anchors GitHub makes', () => {
    assert.equal(slug('The server half: `nango-connection-status/server`'), 'the-server-half-nango-connection-statusserver');
    assert.equal(slug('Script tag (once published)'), 'script-tag-once-published');
    assert.equal(slug('"Sign in to see this connection"'), 'sign-in-to-see-this-connection');
    assert.deepEqual([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n<a id="x"></a>')], ['a', 'a-1', 'x']);
  });

  it('reports a missing file and a missing heading, and ignores links inside code and to other sites', () => {
    const pages: Record<string, string> = {
      '/d/README.md': '# Top\n[ok](docs/a.md#there) [gone](docs/none.md) [bad anchor](docs/a.md#nowhere) [self](#top) [web](https://example.com/x.md)\n`[code](nope.md)`\n```md\n[block](nope.md)\n```\n',
      '/d/docs/a.md': '# There\n',
    };
    assert.deepEqual(linksOf(pages['/d/README.md']), ['docs/a.md#there', 'docs/none.md', 'docs/a.md#nowhere', '#top', 'https://example.com/x.md']);
    const broken: string[] = brokenLinks('/d/README.md', { read: (path: string) => pages[path], exists: (path: string) => path in pages, isDirectory: () => false });
    assert.deepEqual(
      broken.map((line) => line.replace(/^.*?: /, '')),
      ['docs/none.md (no such file)', 'docs/a.md#nowhere (no heading #nowhere there)'],
    );
  });
});
