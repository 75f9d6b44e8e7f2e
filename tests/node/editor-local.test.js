// The form editor with its local backend: decap-server (npm) serves a copy of the sample
// content from disk, and Chromium drives the real editor (/admin/, as built, with the
// config signpost generated; only the backend is pointed at the local proxy, as Decap
// does for `local_backend`, and publishing is immediate because the proxy has no pull
// requests). A service made through the form passes `signpost check`; editing a listing
// changes only the edited field's line. With SIGNPOST_SCREENSHOTS=1 it also writes the
// screenshots of docs/volunteers.md into docs/images/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { parse } from 'yaml';
import { startServer, SITE_DIR, CHROMIUM, REPO } from './serve.js';
import { startDecapServer, routeEditor, EDITOR_ARGS } from './decap.js';

const SIGNPOST = process.env.SIGNPOST_BIN ?? path.join(REPO, 'target/debug/signpost');
const SHOTS = process.env.SIGNPOST_SCREENSHOTS ? path.join(REPO, 'docs/images') : null;

let repo;
let proxy;
let port;
let server;
let browser;

before(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'signpost-editor-'));
  await cp(path.join(REPO, 'content'), path.join(repo, 'content'), { recursive: true });
  proxy = await startDecapServer(repo);
  port = proxy.port;
  server = await startServer(SITE_DIR);
  browser = await chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, ...EDITOR_ARGS] });
});

after(async () => {
  await browser?.close();
  await server?.close();
  proxy?.close();
  if (repo) await rm(repo, { recursive: true, force: true });
});

/** The editor, signed in to the local backend. */
async function editor() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await routeEditor(context, server.url, port);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + '/admin/');
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'editor-sign-in.png') });
  await page.getByRole('button', { name: /^Login$/ }).click({ timeout: 60_000 });
  await page.getByText('Services').first().waitFor();
  return { context, page, errors };
}

/** A field of the open entry, by its name in the schema. */
const field = (page, name) => page.locator(`[id^="${name}-field-"]`).first();

/** Chooses `text` in a select or relation field, as a person typing and pressing Enter. */
async function choose(page, name, text) {
  await field(page, name).click();
  await field(page, name).fill(text);
  await page.getByRole('option', { name: new RegExp(text, 'i') }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function publish(page) {
  await page.getByRole('button', { name: /^Publish$/ }).first().click();
  await page.getByText(/Publish now/).first().click();
  await page.getByText(/Entry saved/i).first().waitFor({ timeout: 30_000 });
}

function check() {
  const run = spawnSync(SIGNPOST, ['check', '--content', path.join(repo, 'content')], {
    env: { ...process.env, SIGNPOST_TODAY: '2026-11-24', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

function frontMatter(text) {
  const [, fields, body] = text.split(/^---$/m);
  return { fields: parse(fields), body };
}

test('a service created through the form passes signpost check', async () => {
  const { context, page, errors } = await editor();
  try {
    await page.goto(server.url + '/admin/#/collections/services/new');
    await field(page, 'name').waitFor({ timeout: 30_000 });
    await field(page, 'name').fill('Saturday Dads and Toddlers');
    await choose(page, 'organisation', 'Dads Together');
    await field(page, 'summary').fill('Play, songs and a cuppa for dads and their toddlers on Saturday mornings.');
    await choose(page, 'needs', 'Baby and toddler');
    await field(page, 'from').fill('1');
    await field(page, 'to').fill('4');
    await choose(page, 'level', '1');
    await choose(page, 'access', 'drop-in');
    await field(page, 'how_to_access').fill('Just turn up. You do not need to book.');
    await choose(page, 'venues', 'Brookside');
    await field(page, 'reviewed').fill('2026-11-24');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'editor-new-service.png') });
    await publish(page);
    const file = path.join(repo, 'content/services/saturday-dads-and-toddlers.md');
    const { fields } = frontMatter(await readFile(file, 'utf8'));
    assert.equal(fields.organisation, 'dads-together-marlbrook');
    assert.deepEqual(fields.needs, ['baby-and-toddler-groups']);
    assert.deepEqual(fields.where.venues, ['brookside-family-hub']);
    assert.equal(fields.cost, 'free');
    const { code, output } = check();
    assert.equal(code, 0, output);
    assert.match(output, /No errors in/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('editing one field of a listing changes only that line of the file', async () => {
  const rel = 'content/services/brookside-baby-bank.md';
  const original = await readFile(path.join(repo, rel), 'utf8');
  const before = frontMatter(original);
  const { context, page, errors } = await editor();
  try {
    await page.goto(server.url + '/admin/#/collections/services/entries/brookside-baby-bank');
    await field(page, 'summary').waitFor({ timeout: 30_000 });
    const summary = 'Free nappies, baby clothes, prams and cots for families who are struggling.';
    await field(page, 'summary').fill(summary);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'editor-edit-listing.png') });
    await publish(page);
    const saved = await readFile(path.join(repo, rel), 'utf8');
    // The pull request's diff is the summary line and nothing else (editor/format.js).
    const wasLines = original.split('\n');
    const now = saved.split('\n');
    assert.equal(now.length, wasLines.length);
    const changed = now.map((line, i) => [wasLines[i], line]).filter(([a, b]) => a !== b);
    assert.deepEqual(changed, [[`summary: ${before.fields.summary}`, `summary: ${summary}`]]);
    const after = frontMatter(saved);
    assert.equal(after.fields.summary, summary);
    // Every other field holds what it held, by value (a time keeps its hours and minutes,
    // however it is quoted), and the description is unchanged.
    const norm = (v) => JSON.parse(JSON.stringify(v), (k, x) => (typeof x === 'number' && /^(starts|ends)$/.test(k) ? String(x) : x));
    const { summary: _, ...rest } = after.fields;
    const { summary: __, ...was } = before.fields;
    assert.deepEqual(norm(rest), norm(was));
    assert.equal(after.body.trim(), before.body.trim());
    const { code, output } = check();
    assert.equal(code, 0, output);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
