// The answer first (issue 22), at phone size (390x844) in Chromium: on every service page the
// first way to get the service (call, email, website) is a real link within the first
// screen; on the search page the first result is within the first screen after typing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, watch } from './serve.js';
import { PAGES } from './pages.js';

const PHONE = { width: 390, height: 844 };
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

async function open() {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  return { context, page, problems };
}

test('every service page shows a way to get the service within the first phone screen', async () => {
  const ids = fs.readdirSync(path.join(SITE_DIR, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name)
    .filter((id) => fs.existsSync(path.join(SITE_DIR, 'services', id, 'index.html')) &&
      fs.readFileSync(path.join(SITE_DIR, 'services', id, 'index.html'), 'utf8').includes('id="service-data"'));
  assert.ok(ids.length >= 100, `the sample's service pages (${ids.length})`);
  const { context, page, problems } = await open();
  const late = [];
  for (const id of ids) {
    await page.goto(`${server.url}/services/${id}/`);
    const way = page.locator('.way').first();
    if (!(await way.count())) { late.push(`${id}: no way to get it`); continue; }
    const box = await way.boundingBox();
    const href = await way.getAttribute('href');
    assert.match(href, /^(tel:|mailto:|https?:)/, `${id}: a real link`);
    assert.ok(box.height >= 44 && box.width >= 44, `${id}: ${box.width}x${box.height} is too small to tap`);
    if (box.y + box.height > PHONE.height) late.push(`${id}: at ${Math.round(box.y)} px`);
  }
  assert.deepEqual(late, [], `the first way to get the service is below the first screen on ${late.length} pages`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the first search result is within the first screen, and filters are named and removable', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/search/`);
  await page.locator('#page-search').pressSequentially('debt', { delay: 20 });
  const first = page.locator('.results .card').first();
  await first.waitFor();
  const box = await first.boundingBox();
  assert.ok(box.y + 60 < PHONE.height, `the first result starts at ${Math.round(box.y)} px`);
  // The filters wait behind "Filter results".
  const toggle = page.locator('.filters-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('.filters').isVisible(), false, 'filters are folded away on a phone');
  await toggle.click();
  assert.equal(await page.locator('.filters').isVisible(), true);
  await page.locator('details[data-group="cost"] summary').click();
  await page.locator('input[name="cost"][value="free"]').check();
  await page.waitForFunction(() => /with the filters: Free/.test(document.querySelector('.search-status').textContent));
  assert.match(await toggle.textContent(), /Filter results \(1 on\)/);
  const tag = page.locator('.filter-tag');
  assert.equal(await tag.getAttribute('aria-label'), 'Remove filter: Free');
  const tb = await tag.boundingBox();
  assert.ok(tb.height >= 44, `the tag is ${tb.height} px tall`);
  await tag.click();
  await page.waitForFunction(() => !/filters/.test(document.querySelector('.search-status').textContent));
  assert.equal(await page.locator('.filter-tag').count(), 0);
  assert.doesNotMatch(page.url(), /cost=/, 'the address forgets the filter');
  assert.deepEqual(problems, []);
  await context.close();
});

test('every in-page link (#fragment) on every page lands on an element with that id', () => {
  const pages = new Map();
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) pages.set(p, fs.readFileSync(p, 'utf8'));
    }
  })(SITE_DIR);
  assert.ok(pages.size > 100, `the built pages (${pages.size})`);
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) ids.set(file, new Set([...(pages.get(file) || '').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
    return ids.get(file);
  };
  const broken = [];
  let checked = 0;
  for (const [file, html] of pages) {
    // Templates hold the cards search fills in; their links are not on the page yet.
    const body = html.replace(/<template[\s\S]*?<\/template>/g, '');
    for (const m of body.matchAll(/\shref="([^"]*#[^"]+)"/g)) {
      const href = m[1].replace(/&amp;/g, '&');
      const [where, frag] = href.split('#');
      if (/^[a-z]+:/.test(where) || frag.includes('=')) continue; // other sites; search and list state
      let target = file;
      if (where) {
        const rel = where.startsWith('/') ? where : path.relative(SITE_DIR, path.resolve(path.dirname(file), where));
        target = path.join(SITE_DIR, rel.replace(/^\//, ''), rel.endsWith('.html') ? '' : 'index.html');
      }
      checked++;
      if (!idsOf(target).has(decodeURIComponent(frag))) broken.push(`${path.relative(SITE_DIR, file)}: ${href}`);
    }
  }
  assert.ok(checked > 100, `in-page links checked (${checked})`);
  assert.deepEqual(broken.slice(0, 20), [], `${broken.length} links to a missing id`);
});

test('urgent help on sensitive need and service pages: 999, then national helplines, then the council\'s lines and front door', async () => {
  const { context, page, problems } = await open();
  const national = {
    '/needs/domestic-abuse/': ['National Domestic Abuse Helpline', 'NSPCC helpline'], '/needs/substance-misuse/': ['FRANK'],
    '/needs/sexual-health/': ['National Sexual Health Helpline'], '/needs/childrens-emotional-wellbeing/': ['Childline', 'Shout', 'Samaritans'],
    // A sensitive service's page: the helplines of the needs it meets.
    '/services/eastgate-womens-safe-space/': ['National Domestic Abuse Helpline', 'Childline'],
  };
  for (const [need, names] of Object.entries(national)) {
    await page.goto(`${server.url}${need}`);
    const lines = await page.locator('.urgent > ul > li').evaluateAll((lis) => lis.map((li) => ({
      name: li.querySelector('strong').textContent, href: li.querySelector('a')?.getAttribute('href') })));
    assert.equal(lines[0].href, 'tel:999', `${need}: 999 first (${lines.map((l) => l.name)})`);
    // The council's own lines (the sample's 01632 numbers) come after every national one.
    const firstCouncil = lines.findIndex((l) => /^tel:\+441632/.test(l.href ?? ''));
    for (const n of names) {
      const at = lines.findIndex((l) => l.name === n);
      assert.ok(at > 0 && (firstCouncil < 0 || at < firstCouncil), `${need}: ${n} after 999 and before the council's lines (${lines.map((l) => l.name)})`);
    }
    const shout = lines.find((l) => l.name === 'Shout');
    if (shout) assert.equal(shout.href, 'sms:85258', 'a text-only line is a link to text');
    const order = await page.locator('.urgent > *').evaluateAll((cs) => cs.map((c) => c.className || c.tagName));
    assert.ok(order.indexOf('UL') < order.indexOf('urgent__front-door'), `${need}: the front door last: ${order}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the domestic abuse page: 999 first, then the front door; each service once, public lines first', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/needs/domestic-abuse/`);
  const tels = await page.locator('.urgent a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(tels[0], 'tel:999', `urgent help starts with 999 (${tels})`);
  const order = await page.evaluate(() => {
    const u = document.querySelector('.urgent');
    return [...u.children].map((c) => c.className || c.tagName);
  });
  assert.ok(order.indexOf('UL') < order.indexOf('urgent__front-door'), `emergency lines before the front door: ${order}`);
  const box = await page.locator('.urgent').boundingBox();
  assert.ok(box.y < PHONE.height, `urgent help starts in the first screen (${Math.round(box.y)} px)`);
  const cards = await page.locator('main .card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(new Set(cards).size, cards.length, `no service twice: ${cards}`);
  // Within each group, no professional-only card before a card the public can use.
  const groups = await page.locator('main .group').evaluateAll((gs) => gs.map((g) =>
    [...g.querySelectorAll('.card')].map((c) => /A professional refers you/.test(c.textContent) && !/Ask for it yourself|Drop in|Book/.test(c.textContent))));
  for (const g of groups) {
    const firstPro = g.indexOf(true);
    assert.ok(firstPro < 0 || g.slice(firstPro).every(Boolean), `public services before professional-only ones: ${g}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('My list keeps a sensitive service for this tab only; Exit this page takes off what the visit added', async () => {
  const { context, page, problems } = await open();
  // The neutral site Exit leads to, answered here (registered last, so it comes first).
  await context.route('https://www.bbc.co.uk/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title>' }));
  const nav = page.locator('.nav a[href="/my-list/"]');
  // An ordinary service kept from an earlier visit stays.
  await page.goto(`${server.url}/services/central-stay-and-play/`);
  await page.evaluate(() => localStorage.setItem('signpost-my-list', JSON.stringify([{ id: 'central-stay-and-play', name: 'Stay and Play' }])));
  await page.goto(`${server.url}/services/safe-harbour-domestic-abuse-helpline/`);
  await page.locator('.mylist-add button').click();
  const said = await page.locator('main p[role="status"]').textContent();
  assert.match(said, /for this tab only/, `the confirmation says so: ${said}`);
  assert.equal(await nav.textContent(), 'My list (2)');
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('signpost-my-list')).map((x) => x.id));
  assert.deepEqual(kept, ['central-stay-and-play'], 'the sensitive service is not kept in the browser');
  // The list page shows it, with Exit this page.
  await page.goto(`${server.url}/my-list/`);
  await page.locator('#item-safe-harbour-domestic-abuse-helpline').waitFor();
  assert.equal(await page.locator('.exit-bar .exit-button').isVisible(), true, 'the list page shows Exit this page');
  // Exit this page: the visit's additions are gone when the next person looks.
  await page.locator('.exit-bar .exit-button').click();
  await page.waitForURL((u) => !u.href.startsWith(server.url));
  const page2 = await context.newPage();
  await page2.goto(`${server.url}/services/central-stay-and-play/`);
  assert.equal(await page2.locator('.nav a[href="/my-list/"]').textContent(), 'My list (1)');
  const after = await page2.evaluate(() => JSON.parse(localStorage.getItem('signpost-my-list')).map((x) => x.id));
  assert.deepEqual(after, ['central-stay-and-play'], 'what the visit did not add stays');
  // Browsing safely explains the list.
  await page2.goto(`${server.url}/accessibility/`);
  assert.match(await page2.locator('#my-list-safely + p').textContent(), /this tab only/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('card labels never break mid-word on a phone ("Wher/e")', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/start-for-life/`);
  const broken = await page.locator('.facts dt').evaluateAll((dts) => dts
    // The text's own boxes: one per line (the dt itself stretches to the dd's height).
    .filter((d) => { const r = document.createRange(); r.selectNodeContents(d); return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size > 1; })
    .map((d) => d.textContent));
  const count = await page.locator('.facts dt').count();
  assert.ok(count > 20, `the page's card labels (${count})`);
  assert.deepEqual(broken, [], 'labels on two lines');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without DecompressionStream (iOS 15 and older) search shows the same first results', async () => {
  const firstResults = async (withoutIt) => {
    const { context, page, problems } = await open();
    if (withoutIt) await context.addInitScript(() => { delete window.DecompressionStream; });
    const asked = [];
    page.on('request', (r) => { if (r.url().includes('/search/')) asked.push(new URL(r.url()).pathname); });
    await page.goto(`${server.url}/search/`);
    assert.equal(await page.evaluate(() => typeof DecompressionStream), withoutIt ? 'undefined' : 'function');
    await page.locator('#page-search').pressSequentially('toddler groups', { delay: 20 });
    await page.locator('.results .card').nth(4).waitFor();
    const titles = await page.locator('.results .card h3, .results .card h2').allTextContents();
    // The page's <link rel="preload"> asks for manifest.gz in every browser; the engine's own
    // fetches are what differ.
    const gz = asked.filter((p) => p.endsWith('.gz') && !p.endsWith('/manifest.gz')).length;
    assert.deepEqual(problems, []);
    await context.close();
    return { titles: titles.slice(0, 10).map((s) => s.trim()), gz, files: asked.length };
  };
  const usual = await firstResults(false);
  const old = await firstResults(true);
  assert.ok(usual.gz > 2, `the usual way reads the gzip files (${usual.gz})`);
  assert.equal(old.gz, 0, 'without DecompressionStream no .gz file is fetched');
  assert.ok(old.files > 2, 'the uncompressed index is fetched');
  assert.ok(usual.titles.length >= 5);
  assert.deepEqual(old.titles, usual.titles);
});

const HUBS = fs.readdirSync(path.join(SITE_DIR, 'hubs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The timetable as text, day by day: [date, summary, [session lines]]. */
const weekText = (page) => page.locator('.timetable__day').evaluateAll((days) => days.map((d) => [
  d.dataset.date,
  d.querySelector('summary').textContent.replace(/\s+/g, ' ').trim(),
  [...d.querySelectorAll('.timetable__sessions > li, p')].map((l) => l.textContent.replace(/\s+/g, ' ').trim()),
]));

test('hub pages: this week is the real week, today is open and marked in words, sessions in time order, a few screens long', async () => {
  const { context, page, problems } = await open();
  // Thursday 3 December 2026, 10:00 in the UK: the site was built for the week of 23 November.
  await page.clock.setFixedTime(new Date('2026-12-03T10:00:00Z'));
  const mins = (s) => +s.slice(0, 2) * 60 + +s.slice(3, 5);
  for (const hub of HUBS) {
    await page.goto(`${server.url}/hubs/${hub}/`);
    if (!(await page.locator('.timetable').count())) continue;
    await page.locator('.timetable__day--today').waitFor();
    assert.match(await page.locator('.timetable__from').textContent(), /30 November 2026 to 6 December 2026/, hub);
    const today = page.locator('.timetable__day--today');
    assert.equal(await today.getAttribute('data-date'), '2026-12-03');
    assert.equal(await today.getAttribute('aria-current'), 'date');
    assert.match(await today.locator('summary').textContent(), /Thursday 3 December 2026 Today/);
    assert.equal(await today.locator('details').getAttribute('open'), '');
    assert.equal(await page.locator('.timetable details[open]').count(), 1, `${hub}: only today is open`);
    // Every day in start-time order, on or off.
    const starts = await page.locator('.timetable__sessions').evaluateAll((uls) => uls.map((ul) =>
      [...ul.querySelectorAll('.timetable__time')].map((t) => t.textContent)));
    for (const day of starts) {
      const m = day.map(mins);
      assert.deepEqual(m, [...m].sort((a, b) => a - b), `${hub}: ${day.join(', ')}`);
    }
    // Urgent help within the first two screens; the whole page a few screens.
    const urgent = await page.locator('.urgent').boundingBox();
    assert.ok(urgent.y < 2 * PHONE.height, `${hub}: urgent help at ${Math.round(urgent.y)} px`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 7 * PHONE.height, `${hub}: ${height} px long`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('hub pages: the week drawn in the browser is the one the build draws', async () => {
  const { context, page, problems } = await open();
  await page.clock.setFixedTime(new Date('2026-11-25T09:00:00Z')); // in the build's week
  let compared = 0;
  for (const hub of HUBS) {
    await page.unroute('**');
    await page.goto(`${server.url}/hubs/${hub}/`);
    if (!(await page.locator('.timetable').count())) continue;
    await page.locator('.timetable__day--today').waitFor();
    // In the build's week the page keeps what the build wrote; only today is marked.
    const built = (await weekText(page)).map(([d, s, l]) => [d, s.replace(' Today', ''), l]);
    // The same page told it was built another week: the script draws this week itself.
    await page.route(`${server.url}/hubs/${hub}/`, async (route) => {
      const res = await route.fetch();
      route.fulfill({ response: res, body: (await res.text()).replace(/data-monday="[^"]+"/, 'data-monday="2000-01-03"') });
    });
    await page.goto(`${server.url}/hubs/${hub}/`);
    await page.locator('.timetable__day--today').waitFor();
    const drawn = (await weekText(page)).map(([d, s, l]) => [d, s.replace(' Today', ''), l]);
    assert.deepEqual(drawn, built, hub);
    compared++;
  }
  assert.ok(compared >= 10, `hubs compared (${compared})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('hub pages: "no regular sessions this week" follows the week drawn in the browser', async () => {
  const { context, page, problems } = await open();
  await page.clock.setFixedTime(new Date('2026-12-03T10:00:00Z')); // not the build's week
  const hub = 'central-family-hub';
  const sentence = page.locator('.timetable__none');
  const running = () => page.locator('.timetable__sessions > li:not(.timetable__off)').count();
  // As if the build's week had had no sessions: the week the family is in has some, so the
  // sentence goes.
  await page.route(`${server.url}/hubs/${hub}/`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('class="timetable__none" hidden>', 'class="timetable__none">');
    route.fulfill({ response: res, body });
  });
  await page.goto(`${server.url}/hubs/${hub}/`);
  await page.locator('.timetable__day--today').waitFor();
  assert.ok((await running()) > 0);
  assert.equal(await sentence.isVisible(), false);
  // As if the hub had only sessions that have ended: the build's week shows them, this
  // week has none, so the sentence comes.
  await page.unroute('**');
  await page.route(`${server.url}/hubs/${hub}/`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(/data-week="([^"]*)"/, (_, attr) => {
      const data = JSON.parse(attr.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
      // Every session ended the day before the week the family is in.
      data.s.forEach((x) => { x.w += ' e20261129'; });
      return `data-week="${JSON.stringify(data).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
    });
    route.fulfill({ response: res, body });
  });
  await page.goto(`${server.url}/hubs/${hub}/`);
  await page.locator('.timetable__day--today').waitFor();
  assert.equal(await running(), 0);
  assert.equal(await sentence.isVisible(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Added to your list" is shown on the screen, not only to screen readers', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/services/central-stay-and-play/`);
  await page.getByRole('button', { name: /Add to my list/ }).click();
  const said = page.locator('main [role=status].said');
  await page.waitForFunction(() => /added/i.test(document.querySelector('main [role=status].said')?.textContent ?? ''));
  const box = await said.boundingBox();
  assert.ok(box && box.height >= 24 && box.width >= 200, `the confirmation is drawn (${JSON.stringify(box)})`);
  assert.ok(box.y >= 0 && box.y + box.height <= PHONE.height, 'within the screen');
  const clip = await said.evaluate((e) => getComputedStyle(e).clipPath + getComputedStyle(e).clip);
  assert.ok(!/inset\(50%\)|rect\(0/.test(clip), `not clipped away (${clip})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('menu links and filter checkboxes are touch targets of at least 44 by 44 px', async () => {
  for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${server.url}/search/#q=baby`);
    await page.locator('.results .card').first().waitFor();
    const toggle = page.locator('.filters-toggle');
    if (await toggle.isVisible()) await toggle.click();
    await page.locator('.filters details').evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));
    const small = await page.evaluate(() => {
      const out = [];
      for (const a of document.querySelectorAll('.nav a')) {
        const b = a.getBoundingClientRect();
        if (b.width < 44 || b.height < 44) out.push(`menu "${a.textContent.trim()}" ${Math.round(b.width)}x${Math.round(b.height)}`);
      }
      let checks = 0;
      for (const c of document.querySelectorAll('.filters .check')) {
        const i = c.querySelector('input'), l = c.querySelector('label');
        if (!i.offsetParent) continue;
        checks++;
        const bi = i.getBoundingClientRect(), bl = l.getBoundingClientRect();
        // The box and its label are one target: they touch, and together they are 44 by 44.
        const h = Math.min(Math.max(bi.bottom, bl.bottom) - Math.min(bi.top, bl.top), bl.height);
        if (h < 44 || bl.right - bi.left < 44 || bl.left - bi.right > 1) out.push(`filter "${l.textContent.trim()}" ${Math.round(bl.right - bi.left)}x${Math.round(h)}`);
      }
      if (checks < 20) out.push(`only ${checks} filter checkboxes`);
      return out;
    });
    assert.deepEqual(small, [], `at ${viewport.width} px`);
    await context.close();
  }
});

test('on a laptop (1280x800) lines of text are at most about 75 characters on every page type', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const long = [];
  let measured = 0;
  for (const p of PAGES) {
    await page.goto(server.url + p.path);
    if (p.act) await p.act(page);
    const r = await page.evaluate(() => {
      const out = { n: 0, long: [] };
      for (const e of document.querySelectorAll('main p, main li, main dd')) {
        if (!e.offsetParent || e.querySelector('p, li, ul, ol, dl, table')) continue;
        // Characters on each line: each character's box, grouped by its line's top.
        const perLine = new Map(), range = document.createRange();
        const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          for (let i = 0; i < n.length; i++) {
            if (/\s/.test(n.data[i]) && (i === 0 || /\s/.test(n.data[i - 1]))) continue; // collapsed
            range.setStart(n, i); range.setEnd(n, i + 1);
            const b = range.getClientRects()[0];
            if (b) perLine.set(Math.round(b.top), (perLine.get(Math.round(b.top)) || 0) + 1);
          }
        }
        if (perLine.size < 2) continue;
        out.n++;
        const most = Math.max(...perLine.values());
        if (most > 80) out.long.push(`${most}: ${e.textContent.trim().slice(0, 50)}`);
      }
      return out;
    });
    measured += r.n;
    for (const l of r.long) long.push(`${p.kind}: ${l}`);
  }
  assert.ok(measured > 50, `wrapped text blocks measured (${measured})`);
  assert.deepEqual(long, []);
  await context.close();
});
