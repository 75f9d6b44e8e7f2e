// The page types the browser tests check, shared so every check covers the same pages.

/** Opens the search page's "Cost" filter group and waits for the script to fill in its counts. */
async function openCostFilter(page) {
  await page.locator('.results .card').first().waitFor();
  await page.locator('details[data-group="cost"] summary').click();
  await page.waitForFunction(() =>
    /\(\d+\)/.test(document.querySelector('details[data-group="cost"] label')?.textContent ?? ''),
  );
}

/** Waits for search results that include a sensitive service to bring up "Exit this page". */
async function showExit(page) {
  await page.locator('.results .card').first().waitFor();
  await page.locator('.exit-bar').waitFor({ state: 'visible' });
}

// One of each page type in the built sample site; `act` brings the page to the state tested.
// axe.test.js (accessibility, reflow, zoom) and weight.test.js go through this list.
export const PAGES = [
  { kind: 'home', path: '/' },
  { kind: 'search with results and a filter open', path: '/search/?q=baby', act: openCostFilter },
  { kind: 'search with a sensitive result', path: '/search/#q=domestic%20abuse', act: showExit },
  { kind: 'needs index', path: '/needs/' },
  { kind: 'sensitive need', path: '/needs/domestic-abuse/' },
  { kind: 'need', path: '/needs/infant-feeding/' },
  { kind: 'category', path: '/categories/family-support/' },
  { kind: 'hub', path: '/hubs/central-family-hub/' },
  { kind: 'locality', path: '/localities/riverside-east/' },
  { kind: 'venue', path: '/venues/northfield-library/' },
  { kind: 'organisation', path: '/organisations/safe-harbour/' },
  { kind: 'sensitive service', path: '/services/eastgate-womens-safe-space/' },
  { kind: 'service', path: '/services/central-stay-and-play/' },
  { kind: 'A to Z', path: '/services/' },
  { kind: 'Start for Life', path: '/start-for-life/' },
  { kind: 'coverage', path: '/coverage/' },
  { kind: 'add your group', path: '/add-your-group/' },
  { kind: 'accessibility statement', path: '/accessibility/' },
  { kind: '404', path: '/no-such-page/', status: 404 },
];
