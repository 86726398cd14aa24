/**
 * Issue 19, test infrastructure: `npm test` (scripts/run-tests.js) and the hand mutations
 * (scripts/hand-mutations.js) build first whenever dist/ is older than what the build reads, so
 * the tests that load the build never test yesterday's code.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILT, staleBuildReason } from '../../scripts/build-freshness.js';

describe('build freshness (run-tests.js, hand-mutations.js)', () => {
  let root: string;
  const write = (file: string, seconds: number) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), 'x');
    utimesSync(join(root, file), seconds, seconds);
  };
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'freshness-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a missing build is stale', () => {
    write('src/index.ts', 1_000);
    assert.match(staleBuildReason(root) ?? '', /is missing/);
  });

  it('a build newer than src/ and the configs is fresh', () => {
    for (const file of BUILT as string[]) write(file, 2_000);
    write('vite.config.ts', 1_000);
    write('src/server/deep/file.ts', 1_500);
    utimesSync(join(root, 'src/server/deep'), 1_500, 1_500);
    utimesSync(join(root, 'src/server'), 1_500, 1_500);
    utimesSync(join(root, 'src'), 1_500, 1_500);
    assert.equal(staleBuildReason(root), undefined);
  });

  it('an edit deep under src/ after the build makes it stale', () => {
    write('src/server/deep/file.ts', 2_500);
    assert.match(staleBuildReason(root) ?? '', /^src changed/);
    write('src/server/deep/file.ts', 1_500);
    assert.equal(staleBuildReason(root), undefined);
  });

  it('an edit to the build config or to one entry older than the rest makes it stale', () => {
    write('vite.config.ts', 2_500);
    assert.match(staleBuildReason(root) ?? '', /^vite\.config\.ts changed/);
    write('vite.config.ts', 1_000);
    write(BUILT[0]!, 1_200);
    write('src/server/deep/file.ts', 1_300);
    assert.match(staleBuildReason(root) ?? '', /^src changed/, 'the oldest built file counts');
  });

  it('run-tests.js and hand-mutations.js use it', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const script of ['scripts/run-tests.js', 'scripts/hand-mutations.js']) {
      assert.match(await readFile(script, 'utf8'), /staleBuildReason\(/, script);
    }
  });
});
