// A site published under a sub-path (`base_path: /families/`): the scripts that read
// addresses from the page find their services there too. Builds its own copy of the sample.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, CHROMIUM, REPO, watch } from './serve.js';

const SIGNPOST = process.env.SIGNPOST_BIN ?? path.join(REPO, 'target/debug/signpost');
let dir;
let server;
let browser;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'signpost-base-path-'));
  await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
  await appendFile(path.join(dir, 'content/site.yaml'), '\nbase_path: /families/\n');
  const run = spawnSync(SIGNPOST, ['build', '--content', path.join(dir, 'content'), '--output', path.join(dir, 'www/families')], {
    env: { ...process.env, SIGNPOST_TODAY: '2026-11-24', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  server = await startServer(path.join(dir, 'www'));
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('under a base path, list pages offer "Add to my list" on every service card', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  try {
    await page.goto(`${server.url}/families/needs/infant-feeding/`);
    const cards = page.locator('main .card');
    const count = await cards.count();
    assert.ok(count > 2, `${count} cards`);
    await page.locator('main .card .mylist-toggle').nth(count - 1).waitFor();
    assert.equal(await page.locator('main .card .mylist-toggle').count(), count);
    await page.locator('main .card .mylist-toggle').first().click();
    await page.locator('.nav a[href="/families/my-list/"]', { hasText: '(1)' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
