// Times Decap CMS on a large directory through its local backend; see run.sh.
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { chromium } from '../../tests/node/node_modules/playwright-core/index.mjs';
import { startServer, CHROMIUM } from '../../tests/node/serve.js';
import { startDecapServer, routeEditor, EDITOR_ARGS } from '../../tests/node/decap.js';

const content = process.env.EDITOR_CONTENT;
const repo = path.dirname(content);
const services = readdirSync(path.join(content, 'services')).length;

const proxy = await startDecapServer(repo);
const { port } = proxy;
const server = await startServer(process.env.SIGNPOST_SITE);
const browser = await chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, ...EDITOR_ARGS] });

async function editor() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const stats = { calls: {} };
  await routeEditor(context, server.url, port);
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().includes(`:${port}/`)) return;
    const action = JSON.parse(r.postData() ?? '{}').action ?? '?';
    stats.calls[action] = (stats.calls[action] ?? 0) + 1;
  });
  await page.goto(server.url + '/admin/');
  await page.getByRole('button', { name: /^Login$/ }).click({ timeout: 60_000 });
  return { context, page, stats };
}

async function time(what) {
  const start = performance.now();
  await what();
  return Math.round(performance.now() - start);
}

const results = { services, runs: [] };
for (let run = 0; run < 3; run++) {
  const { context, page, stats } = await editor();
  // Decap opens on its first collection; the list of services is one click away.
  await page.locator('a[href$="#/collections/services"]').first().waitFor({ timeout: 600_000 });
  for (const k of Object.keys(stats.calls)) delete stats.calls[k];
  const list = await time(async () => {
    await page.locator('a[href$="#/collections/services"]').first().click();
    await page.locator('a[href*="/collections/services/entries/"]').first().waitFor({ timeout: 600_000 });
  });
  const shown = await page.locator('a[href*="/collections/services/entries/"]').count();
  const listCalls = { ...stats.calls };
  const one = readdirSync(path.join(content, 'services'))[Math.floor(services / 2)].replace(/\.md$/, '');
  const entry = await time(async () => {
    await page.goto(`${server.url}/admin/#/collections/services/entries/${one}`);
    await page.locator('[id^="name-field-"]').first().waitFor({ timeout: 600_000 });
  });
  const search = await time(async () => {
    await page.goto(`${server.url}/admin/#/search/baby`);
    await page.locator('a[href*="/entries/"]').first().waitFor({ timeout: 600_000 });
  });
  results.runs.push({ list_ms: list, cards_shown: shown, list_calls: listCalls, entry_ms: entry, search_ms: search, all_calls: stats.calls });
  await context.close();
}
const median = (k) => results.runs.map((r) => r[k]).sort((a, b) => a - b)[1];
results.median = { list_ms: median('list_ms'), entry_ms: median('entry_ms'), search_ms: median('search_ms') };
console.log(JSON.stringify(results, null, 1));
await browser.close();
await server.close();
proxy.close();
