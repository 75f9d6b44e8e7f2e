// "My list" in a real browser: a practitioner saves services from service pages, search
// results and list pages, reorders and removes them on /my-list/, prints a signposting sheet,
// shares the list as a link that opens on another device, and copies it as text. The list is
// kept in the browser only; nothing errors and nothing leaves the site.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

// Three sample services with different contact details and access routes.
const STAY = { id: 'central-stay-and-play', name: 'Stay and Play at Central Family Hub', phone: '01632 960101' };
const SERVICES = [STAY.id, 'perinatal-mental-health-team', 'eastgate-baby-massage'];

/** A fresh browser context (a new "device") that records errors and requests leaving the site. */
async function open(options = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
  });
  return { context, page, problems };
}

const headerLink = (page) => page.locator('.nav a[href="/my-list/"]');
const live = (page) => page.locator('main [role=status]').last();

/** Adds services the way a user does: the button on each service's page. */
async function addFromServicePages(page, ids) {
  for (const id of ids) {
    await page.goto(`${server.url}/services/${id}/`);
    await page.locator('.mylist-add button').click();
    await page.locator('.mylist-add button', { hasText: 'Remove from my list' }).waitFor();
  }
}

/** The names of the services on the list page, in order, once it has drawn them. */
async function listNames(page) {
  await page.locator('.mylist__item, .mylist__head').first().waitFor();
  return page.locator('.mylist__item h2').allTextContents();
}

/** A button's accessible name: the visible words, then the service's name (visually hidden). */
const named = (action, name) => new RegExp(`^${action}\\s?: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const focused = (page) => page.evaluate(() => document.activeElement?.textContent.trim());

test('services are added from a service page, search results and list cards, and the header counts them', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/services/${STAY.id}/`);
  assert.equal(await headerLink(page).textContent(), 'My list', 'the header links to the list, with no count when empty');
  const button = page.locator('.mylist-add button');
  assert.equal(await button.textContent(), `Add to my list: ${STAY.name}`);
  assert.ok(await page.evaluate(() => document.querySelector('.summary').nextElementSibling.matches('.mylist-add')), 'the button sits under who it is for, how to get it, cost and when');
  await button.click();
  assert.equal(await button.textContent(), `Remove from my list: ${STAY.name}`);
  assert.equal(await headerLink(page).textContent(), 'My list (1)');
  assert.equal(await live(page).textContent(), `Added ${STAY.name} to your list. It has 1 service.`);

  await page.goto(server.url + '/search/#q=' + encodeURIComponent('baby massage'));
  const cards = page.locator('.results .card');
  await cards.first().locator('.mylist-toggle').waitFor();
  const titles = await page.locator('.results .card__title a').allTextContents();
  assert.equal(await page.locator('.results .mylist-toggle').count(), titles.length, 'every result has a button');
  const firstId = (await cards.nth(0).locator('.card__title a').getAttribute('href')).split('/')[2];
  await cards.nth(0).locator('.mylist-toggle').click();
  await cards.nth(1).locator('.mylist-toggle').click();
  assert.equal(await headerLink(page).textContent(), 'My list (3)');
  assert.equal(await cards.nth(1).locator('.mylist-toggle').textContent(), `Remove from my list: ${titles[1]}`);
  // Taking one off again from the results.
  await cards.nth(1).locator('.mylist-toggle').click();
  assert.equal(await headerLink(page).textContent(), 'My list (2)');
  assert.match(await live(page).textContent(), /^Removed .+ from your list\. It has 2 services\.$/);
  // A new search draws new cards: they get buttons too, showing what is saved.
  await page.locator('#page-search').fill('stay and play central');
  await page.locator('.results .card__title a', { hasText: STAY.name }).waitFor();
  const stayCard = page.locator('.results .card', { has: page.locator('.card__title a', { hasText: STAY.name }) });
  await stayCard.locator('.mylist-toggle', { hasText: 'Remove from my list' }).waitFor();

  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('signpost-my-list')).map((x) => x.id));
  assert.deepEqual(saved, [STAY.id, firstId], 'kept in the order added');

  // List pages (here a family hub's) have the same buttons, in step with the list.
  await page.goto(server.url + '/hubs/central-family-hub/');
  // The hub's lists fold behind "Show the list".
  for (const s of await page.locator('details.fold > summary').all()) await s.click();
  const hubCards = page.locator('main .card');
  assert.equal(await page.locator('main .card .mylist-toggle').count(), await hubCards.count(), 'every card has a button');
  const card = (id) => page.locator(`main .card:has(.card__title a[href="/services/${id}/"])`).first();
  assert.match(await card(STAY.id).locator('.mylist-toggle').textContent(), /^Remove from my list/, 'a saved service shows as saved');
  const other = (await hubCards.locator('.card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/')[2])))
    .find((id) => !saved.includes(id));
  assert.match(await card(other).locator('.mylist-toggle').textContent(), /^Add to my list/);
  await card(other).locator('.mylist-toggle').click();
  // A card on a list page does not say whether its service is sensitive: the script reads
  // the service's page first (a sensitive one is kept for this tab only), so it may take a moment.
  await page.waitForFunction(() => document.querySelector('.nav a[href="/my-list/"]').textContent === 'My list (3)');
  // The quick results under the header box are for finding, not saving.
  await page.locator('#site-search').fill('baby');
  await page.locator('.quick-results .card').first().waitFor();
  assert.equal(await page.locator('.quick-results .mylist-toggle').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the list page shows each service in full, reorders with focus following, removes, and survives a reload', async () => {
  const { context, page, problems } = await open();
  await addFromServicePages(page, SERVICES);
  await page.goto(server.url + '/my-list/');
  assert.equal(await headerLink(page).getAttribute('aria-current'), 'page');
  const names = await listNames(page);
  assert.equal(names.length, 3);
  assert.equal(names[0], STAY.name);
  const first = page.locator('.mylist__item').first();
  const facts = await first.locator('dt').allTextContents();
  for (const f of ['What it is', 'Who it is for', 'How to get it', 'When', 'Where', 'Phone', 'Website', 'More details']) {
    assert.ok(facts.includes(f), `${f} is shown (got ${facts})`);
  }
  const text = await first.textContent();
  assert.match(text, /From birth to 5 years/);
  assert.match(text, /Mondays, 09:30 to 11:00, term time only/);
  assert.match(text, /14 Market Street, Marlbrook, MB1 2HQ/);
  assert.equal(await first.locator('a[href^="tel:"]').textContent(), STAY.phone);
  // Web addresses are written out in full, so they survive printing and copying.
  const website = first.locator('dt:text-is("Website") + dd a');
  assert.equal(await website.textContent(), await website.getAttribute('href'));
  assert.match(await website.textContent(), /^https:\/\//);

  // Move the first down twice: focus stays on the moved service's buttons.
  await page.getByRole('button', { name: named('Move down', names[0]) }).click();
  assert.deepEqual(await listNames(page), [names[1], names[0], names[2]]);
  assert.equal(await focused(page), `Move down: ${names[0]}`);
  assert.equal(await live(page).textContent(), `Moved ${names[0]} down. It is now 2 of 3.`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('.mylist__item:last-child h2').textContent === n, names[0]);
  assert.deepEqual(await listNames(page), [names[1], names[2], names[0]]);
  assert.equal(await focused(page), `Move up: ${names[0]}`, 'at the bottom, focus moves to "Move up"');
  assert.equal(await page.locator('.mylist__item').last().getByRole('button', { name: /^Move down/ }).count(), 0);
  await page.getByRole('button', { name: named('Move up', names[2]) }).click();
  assert.deepEqual(await listNames(page), [names[2], names[1], names[0]]);

  // Remove the middle one: focus goes to the service that took its place.
  await page.getByRole('button', { name: named('Remove', names[1]) }).click();
  await page.waitForFunction(() => document.querySelectorAll('.mylist__item').length === 2);
  assert.deepEqual(await listNames(page), [names[2], names[0]]);
  assert.equal(await focused(page), names[0]);
  assert.equal(await live(page).textContent(), `Removed ${names[1]}. Your list has 2 services.`);
  assert.equal(await headerLink(page).textContent(), 'My list (2)');

  await page.reload();
  assert.deepEqual(await listNames(page), [names[2], names[0]], 'the order is kept after a reload');

  // Removing everything leaves a way back to finding help.
  await page.getByRole('button', { name: named('Remove', names[2]) }).click();
  await page.getByRole('button', { name: named('Remove', names[0]) }).click();
  const empty = page.locator('.mylist__empty .mylist__head');
  await empty.waitFor();
  assert.match(await empty.textContent(), /Your list is empty/);
  assert.equal(await focused(page), await empty.textContent(), 'focus goes to the message');
  assert.equal(await page.locator('.mylist__empty a[href="/search/"]').count(), 1);
  assert.equal(await headerLink(page).textContent(), 'My list');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link opens the same list on another device, after asking', async () => {
  const origin = server.url;
  const a = await open();
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await addFromServicePages(a.page, SERVICES);
  await a.page.goto(server.url + '/my-list/');
  const names = await listNames(a.page);
  await a.page.getByRole('button', { name: 'Copy a link to this list' }).click();
  await a.page.waitForFunction(() => /link is copied/.test(document.querySelector('main [role=status]').textContent));
  const link = await a.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, `${origin}/my-list/#ids=${SERVICES.join(',')}`);

  // A device with an empty list: it is asked, and nothing is saved until it says yes.
  const b = await open();
  await b.page.goto(link);
  const prompt = b.page.locator('.mylist__shared');
  await prompt.waitFor();
  assert.equal(await prompt.locator('h2').textContent(), 'A list shared with you');
  const said = await prompt.textContent();
  for (const n of names) assert.ok(said.includes(n), `the prompt names ${n}`);
  assert.equal(await prompt.getByRole('button', { name: 'Replace my list with them' }).count(), 0, 'nothing to replace');
  assert.equal(await b.page.evaluate(() => localStorage.getItem('signpost-my-list')), null, 'not saved before asking');
  await prompt.getByRole('button', { name: 'Add them to my list' }).click();
  await b.page.locator('.mylist__item').first().waitFor();
  assert.deepEqual(await listNames(b.page), names, 'the same services in the same order');
  assert.equal(new URL(b.page.url()).hash, '', 'the ids leave the address once added');
  assert.equal(await headerLink(b.page).textContent(), 'My list (3)');
  assert.equal(await b.page.locator('.mylist__shared').count(), 0);

  // A device with its own list keeps it: the shared services are added after it.
  const c = await open();
  await addFromServicePages(c.page, ['northfield-stay-and-play']);
  await c.page.goto(link);
  await c.page.locator('.mylist__shared').waitFor();
  assert.match(await c.page.locator('.mylist__shared').textContent(), /Your list on this device has 1 service\./);
  assert.equal(await c.page.locator('.mylist__item').count(), 1, 'the device\'s own list is shown, unchanged');
  await c.page.getByRole('button', { name: 'Add them to my list' }).click();
  await c.page.waitForFunction(() => document.querySelectorAll('.mylist__item').length === 4);
  const merged = await listNames(c.page);
  assert.deepEqual(merged.slice(1), names);
  // "Do not add them" leaves the list alone.
  await c.page.goto(`${origin}/my-list/#ids=riverside-library-rhyme-time`);
  await c.page.getByRole('button', { name: 'Do not add them' }).click();
  await c.page.waitForFunction(() => !document.querySelector('.mylist__shared'));
  assert.deepEqual(await listNames(c.page), merged);

  for (const x of [a, b, c]) {
    assert.deepEqual(x.problems, []);
    await x.context.close();
  }
});

test('a service that is no longer listed gets a clear message and can be removed', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/my-list/#ids=${STAY.id},a-group-that-closed`);
  await page.getByRole('button', { name: 'Add them to my list' }).click();
  const gone = page.locator('.mylist__item').nth(1);
  await gone.waitFor();
  assert.match(await gone.textContent(), /This service is no longer listed\. It may have closed or changed its name\./);
  await gone.getByRole('button', { name: /^Remove/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('.mylist__item').length === 1);
  assert.deepEqual(await listNames(page), [STAY.name]);
  // The missing page's 404 is the only expected complaint.
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
  await context.close();
});

test('the list copies as plain text for an email or a text message', async () => {
  const { context, page, problems } = await open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await addFromServicePages(page, SERVICES.slice(0, 2));
  await page.goto(server.url + '/my-list/');
  const names = await listNames(page);
  await page.getByRole('button', { name: 'Copy the list as text' }).click();
  await page.waitForFunction(() => /list is copied/.test(document.querySelector('main [role=status]').textContent));
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /^Services from Marlbrook Family Directory, \d{1,2} \w+ \d{4}\n/);
  assert.ok(text.includes(`1. ${names[0]}\n`) && text.includes(`2. ${names[1]}\n`), text);
  assert.ok(text.includes(`Phone: ${STAY.phone}\n`), text);
  assert.ok(text.includes('Who it is for: From birth to 5 years.'), text);
  assert.ok(text.includes(`More details: ${server.url}/services/${STAY.id}/`), text);
  assert.doesNotMatch(text, /<|Move up|Remove/, 'no markup or buttons in the text');
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the browser will not copy, the text is shown selected to copy by hand', async () => {
  const { context, page, problems } = await open();
  await addFromServicePages(page, [STAY.id]);
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('not allowed')) } });
  });
  await page.goto(server.url + '/my-list/');
  await page.getByRole('button', { name: 'Copy a link to this list' }).click();
  const box = page.getByRole('textbox', { name: /did not let this page copy/ });
  await box.waitFor();
  assert.equal(await box.inputValue(), `${server.url}/my-list/#ids=${STAY.id}`);
  assert.ok(await box.evaluate((t) => t === document.activeElement && t.selectionEnd - t.selectionStart === t.value.length), 'focused and selected');
  assert.deepEqual(problems, []);
  await context.close();
});

test('printed, the list is a one-page signposting sheet without the site around it', async () => {
  const { context, page, problems } = await open();
  await addFromServicePages(page, SERVICES);
  await page.goto(server.url + '/my-list/');
  const names = await listNames(page);
  await page.emulateMedia({ media: 'print' });
  for (const chrome of ['header.header', 'nav.nav', 'footer.footer', '.skip-link', 'h1', '.mylist__actions', '.mylist__controls button']) {
    assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is hidden in print`);
  }
  const sheet = page.locator('main');
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }));
  assert.ok(await page.locator('.mylist__title').isVisible());
  assert.match(await page.locator('.mylist__title').innerText(), new RegExp(`Services from Marlbrook Family Directory\\s+Printed on ${today}`));
  const printed = await sheet.innerText();
  for (const n of names) assert.ok(printed.includes(n), `${n} is printed`);
  for (const f of ['What it is', 'Who it is for', 'How to get it', 'When', 'Where', 'Phone', 'More details']) {
    assert.equal((printed.match(new RegExp(`^${f}\\b`, 'gm')) || []).length, 3, `"${f}" printed for each service`);
  }
  assert.ok(printed.includes(STAY.phone));
  assert.ok(printed.includes(`${server.url}/services/${STAY.id}/`), 'the web address is written out');
  assert.doesNotMatch(printed, /\(https?:/, 'no address printed twice after a link');
  assert.ok(await page.locator('.mylist__notes').isVisible(), 'space for notes');
  // One sheet of A4 for a typical list of three.
  const pdf = await page.pdf({ format: 'A4' });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g).length;
  assert.equal(pages, 1, `three services print on one page (got ${pages})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript there are no buttons and the list page says what it needs', async () => {
  const { context, page, problems } = await open({ javaScriptEnabled: false });
  await page.goto(`${server.url}/services/${STAY.id}/`);
  assert.equal(await page.locator('button', { hasText: /my list/i }).count(), 0);
  assert.equal(await page.locator('a[href="/my-list/"]').count(), 0, 'no link to a page that cannot work');
  await page.goto(server.url + '/my-list/');
  assert.match(await page.locator('main').textContent(), /Your list needs JavaScript/);
  assert.ok(await page.locator('main a[href="/needs/"]').count());
  assert.deepEqual(problems, []);
  await context.close();
});
