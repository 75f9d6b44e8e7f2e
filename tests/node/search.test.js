// Search in a real browser: the sample site served with netlify.toml's headers, in Debian's
// Chromium. A parent types, sees highlighted results and a need hint, filters, shares the
// address, opens a result and comes back; nothing leaves the site and nothing errors.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, watch } from './serve.js';

let server;
let browser;

before(async () => {
  server = await startServer(SITE_DIR);
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser context that records errors and any request leaving the site. */
async function open() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  return { context, page, problems };
}

const titles = (page) => page.locator('.results .card__title a').allTextContents();

test('typing shows highlighted results and the need they are about', async () => {
  const { context, page, problems } = await open();
  await page.goto(server.url + '/search/');
  await page.locator('#page-search').pressSequentially('baby crying', { delay: 20 });
  await page.locator('.results .card').first().waitFor();
  const first = await titles(page);
  assert.ok(first.length >= 5, `results appear as you type (got ${first.length})`);
  assert.match(first[0], /crying/i, 'the best match is about crying');
  const marks = await page.locator('.results mark').allTextContents();
  assert.ok(marks.some((m) => /^cry/i.test(m)), `matching words are highlighted: ${marks.slice(0, 5)}`);
  const hint = page.locator('.search-hint a');
  assert.equal(await hint.first().textContent(), 'Crying and sleep');
  assert.equal(await hint.first().getAttribute('href'), '/needs/infant-crying-and-sleep/');
  assert.match(await page.locator('.search-status').textContent(), /services? match/);
  const url = new URL(page.url());
  assert.equal(new URLSearchParams(url.hash.slice(1)).get('q'), 'baby crying', 'the address holds the query');
  assert.equal(url.search, '', 'in the fragment, which is never sent to a server');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a parent\'s own words, a sensitive acronym and a misspelling find the right help', async () => {
  const { context, page, problems } = await open();
  for (const [q, need, expect] of [
    ['skint', 'Money, benefits and debt', /money|debt|benefit|savings/i],
    ['PND', 'Your mental health in pregnancy and after birth', /perinatal|wellbeing|mental/i],
    ['bereavment', 'Bereavement and loss', /bereave/i],
  ]) {
    await page.goto(server.url + '/search/#q=' + encodeURIComponent(q));
    await page.waitForFunction((w) => (document.querySelector('.search-status') || {}).textContent?.includes(w), q);
    assert.match((await titles(page))[0], expect, `top result for ${q}`);
    assert.equal(await page.locator('.search-hint a').first().textContent(), need, `hint for ${q}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('filters narrow the results, show counts, live in the address and clear again', async () => {
  const { context, page, problems } = await open();
  await page.goto(server.url + '/search/#q=baby');
  await page.locator('.results .card').first().waitFor();
  const status = () => page.locator('.search-status').textContent();
  const all = Number((await status()).match(/\d+/)[0]);
  await page.locator('details[data-group="cost"] summary').click();
  const free = page.locator('details[data-group="cost"] input[value="free"]');
  const label = page.locator('details[data-group="cost"] label');
  await page.waitForFunction(() => /\(\d+\)/.test(document.querySelector('details[data-group="cost"] label').textContent));
  const count = Number((await label.textContent()).match(/\((\d+)\)/)[1]);
  await free.check();
  await page.waitForFunction((n) => document.querySelector('.search-status').textContent.startsWith(n + ' '), count);
  assert.ok(count < all && count > 0, `free filter count ${count} of ${all}`);
  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.slice(1));
  assert.equal(hashParams().get('cost'), 'free', 'the filter is in the address');
  // Every free result says so.
  const metas = await page.locator('.results .card__meta').allTextContents();
  assert.ok(metas.join(' ').includes('Free'));
  assert.ok(!metas.some((m) => /£/.test(m)), 'no paid services with the free filter');

  // Shared into a new page, the same address gives the same results.
  const shared = page.url();
  const before = await titles(page);
  const other = await context.newPage();
  await other.goto(shared);
  await other.locator('.results .card').first().waitFor();
  assert.deepEqual(await titles(other), before, 'a shared link shows the same list');
  assert.equal(await other.locator('details[data-group="cost"] input[value="free"]').isChecked(), true);

  // Back removes the filter; clear filters too.
  await page.goBack();
  await page.waitForFunction((n) => document.querySelector('.search-status').textContent.startsWith(n + ' '), all);
  assert.equal(await free.isChecked(), false, 'back undoes the filter');
  await free.check();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForFunction((n) => document.querySelector('.search-status').textContent.startsWith(n + ' '), all);
  assert.equal(hashParams().get('cost'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('opening a result and going back returns to the same results', async () => {
  const { context, page, problems } = await open();
  await page.goto(server.url + '/search/?q=speech+and+language');
  // An old-style link still works, and the words move out of the query string.
  await page.waitForURL(/\/search\/#q=speech/);
  await page.locator('.results .card').first().waitFor();
  const before = await titles(page);
  await page.locator('.results .card__title a').first().click();
  await page.waitForURL(/\/services\//);
  assert.equal(await page.locator('h1').textContent(), before[0]);
  await page.goBack();
  await page.locator('.results .card').first().waitFor();
  assert.deepEqual(await titles(page), before);
  assert.equal(await page.locator('#page-search').inputValue(), 'speech and language');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the header box on any page shows top results as you type', async () => {
  const { context, page, problems } = await open();
  await page.goto(server.url + '/hubs/');
  await page.locator('#site-search').pressSequentially('autism', { delay: 20 });
  await page.locator('#quick-results .card').first().waitFor();
  const quick = await page.locator('#quick-results .card__title a').allTextContents();
  assert.ok(quick.length > 0 && quick.length <= 5);
  assert.match(quick[0], /autism/i);
  assert.match(await page.locator('#quick-results a', { hasText: 'See all results' }).getAttribute('href'), /\/search\/#q=autism/);
  // Enter in the header box opens the search page with the words in the fragment.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.locator('#site-search').press('Enter');
  await page.waitForURL(/\/search\/#q=autism/);
  await page.locator('.results .card').first().waitFor();
  assert.ok(!requests.some((u) => u.includes('autism')), `the words were sent: ${requests.filter((u) => u.includes('autism'))}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript the search box leads to browsing by need and area, sending nothing typed', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.locator('#site-search').fill('debt');
  await page.locator('#site-search').press('Enter');
  await page.waitForURL(/\/search\/\??$/);
  assert.ok(!page.url().includes('debt'), 'nothing typed is sent');
  assert.match(await page.locator('#search-results').textContent(), /choosing a need or an area/);
  assert.ok((await page.locator('a[href^="/needs/"]').count()) > 10, 'need links to browse');
  assert.ok((await page.locator('a[href^="/localities/"]').count()) >= 4, 'area links to browse');
  // The words A to Z: the word typed leads to its need, on the first screen's letter links.
  const words = page.getByRole('heading', { name: 'Words A to Z' });
  assert.ok(await words.isVisible(), 'the A to Z of words is shown');
  await page.getByRole('navigation', { name: 'Words by first letter' }).getByRole('link', { name: 'D', exact: true }).click();
  const entry = page.locator('ul.words li', { hasText: /^debt:/ });
  assert.ok(await entry.isVisible());
  await entry.getByRole('link').first().click();
  await page.waitForURL(/\/needs\/money-and-debt\/$/);
  await context.close();
});

/** Serves the page at `path` with its HTML changed by `edit` (a theme's template, say). */
async function editHtml(page, path, edit) {
  await page.route(server.url + path, async (route) => {
    const res = await route.fetch();
    route.fulfill({ response: res, body: edit(await res.text()) });
  });
}

test('result cards are the theme\'s search_card template, filled with text only', async () => {
  const { context, page, problems } = await open();
  // A theme's card: its own class and a line of its own, and the summary left out.
  const themed = (html) => {
    const next = html
      .replace('<li class="card">', '<li class="card card--themed"><p class="themed-line">From the theme</p>')
      .replace('<p data-slot="summary"></p>', '');
    assert.notEqual(next, html, 'the search page holds the search_card template');
    return next;
  };
  await editHtml(page, '/search/', themed);
  // Service names written as markup must show as text (content comes from strangers).
  await page.route(/\/search\/[^/]+\/d\/\d+\.gz$/, async (route) => {
    const res = await route.fetch();
    const rows = JSON.parse(gunzipSync(await res.body()).toString());
    for (const row of rows) row[1] = '<img src=x>' + row[1];
    route.fulfill({ response: res, body: gzipSync(JSON.stringify(rows)) });
  });
  await page.goto(server.url + '/search/#q=baby');
  await page.locator('.results .card').first().waitFor();
  const cards = page.locator('.results > li');
  assert.equal(await cards.count(), await page.locator('.results > li.card--themed').count(), 'every card is the theme\'s');
  assert.equal(await page.locator('.results .themed-line').first().textContent(), 'From the theme');
  assert.equal(await page.locator('.results .card__meta').count() > 0, true, 'the slots the theme kept are filled');
  assert.equal(await page.locator('.results [data-slot], .results [data-link]').count(), 0, 'slot markers are removed');
  assert.match((await titles(page))[0], /^<img src=x>/, 'a name written as markup is shown as text');
  assert.equal(await page.locator('.results img').count(), 0, 'and never becomes an element');
  assert.match(await page.locator('.results .card__title a').first().getAttribute('href'), /^\/services\/[a-z0-9-]+\/$/);

  // The header's quick results on other pages take the same template from the search page.
  await page.goto(server.url + '/hubs/');
  await page.locator('#site-search').pressSequentially('autism', { delay: 20 });
  await page.locator('#quick-results .card').first().waitFor();
  assert.ok(await page.locator('#quick-results .card--themed .themed-line').count() > 0, 'quick results use the theme\'s card');
  assert.deepEqual(problems, []);
  await page.unrouteAll({ behavior: 'wait' });
  await context.close();
});

test('the page code takes its wording and the site\'s base path from the page\'s data block', async () => {
  const { context, page, problems } = await open();
  // The site as if published under /families/: the same files, with the page's data block
  // naming that base path and some wording replaced.
  const wording = {
    'search.found_query': '{services} found for “{query}”',
    'search.services': { one: '{count} place', other: '{count} places' },
    'search.see_all': 'Everything for these words',
  };
  const fetched = [];
  await page.route(server.url + '/families/**', async (route) => {
    const url = new URL(route.request().url());
    fetched.push(url.pathname);
    url.pathname = url.pathname.slice('/families'.length);
    const res = await route.fetch({ url: url.href });
    if (!/text\/html/.test(res.headers()['content-type'] ?? '')) return route.fulfill({ response: res });
    const original = await res.text();
    const body = original.replace(
      /(<script type="application\/json" id="signpost-data">)(.*?)(<\/script>)/,
      (all, open, json, close) => {
        const data = JSON.parse(json);
        data.base = '/families/';
        data.messages = Object.assign({}, data.messages, wording);
        return open + JSON.stringify(data) + close;
      },
    );
    assert.notEqual(body, original, 'the page has a data block to change');
    route.fulfill({ response: res, body });
  });

  await page.goto(server.url + '/families/search/#q=baby%20crying');
  await page.waitForFunction(() => /found for/.test(document.querySelector('.search-status')?.textContent ?? ''));
  assert.match(await page.locator('.search-status').textContent(), /^\d+ places found for “baby crying”$/);
  assert.match(await page.locator('.results .card__title a').first().getAttribute('href'), /^\/families\/services\/[a-z0-9-]+\/$/);
  assert.equal(await page.locator('.search-hint a').first().getAttribute('href'), '/families/needs/infant-crying-and-sleep/');
  assert.ok(fetched.some((p) => /^\/families\/search\/manifest\.gz$/.test(p)), 'the index is read under the base path');
  assert.ok(fetched.some((p) => /^\/families\/search\/[^/]+\/t\/\d+\.gz$/.test(p)), `term shards under the base path: ${fetched}`);

  await page.goto(server.url + '/families/hubs/');
  await page.locator('#site-search').pressSequentially('autism', { delay: 20 });
  const all = page.locator('#quick-results a', { hasText: 'Everything for these words' });
  await all.waitFor();
  assert.equal(await all.getAttribute('href'), '/families/search/#q=autism');
  assert.match(await page.locator('#quick-results .card__title a').first().getAttribute('href'), /^\/families\/services\//);
  await page.locator('#site-search').press('Enter');
  await page.waitForURL(/\/families\/search\/#q=autism$/);
  await page.locator('.results .card').first().waitFor();
  assert.deepEqual(problems, []);
  await page.unrouteAll({ behavior: 'wait' });
  await context.close();
});
