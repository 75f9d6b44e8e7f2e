// The page types the browser tests check, shared so every check covers the same pages.

/** Opens the search page's "Cost" filter group and waits for the script to fill in its counts. */
async function openCostFilter(page) {
  await page.locator('.results .card').first().waitFor();
  // On a phone the filters wait behind "Filter results".
  const toggle = page.locator('.filters-toggle');
  if (await toggle.isVisible()) await toggle.click();
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

/** Sorts the family hubs by distance from a postcode (when-where.js) and waits for the miles. */
async function sortHubsByPostcode(page) {
  await page.getByLabel('Your postcode').fill('MB2 5HT');
  await page.getByRole('button', { name: 'Sort by distance' }).click();
  await page.locator('.distance').first().waitFor();
}

/** Fills "My list" with two services (one out of date) and opens a shared link to a third,
 *  so the list, its buttons and the "shared with you" prompt are all on the page. */
async function fillMyList(page) {
  await page.evaluate(() =>
    localStorage.setItem('signpost-my-list', JSON.stringify([{ id: 'central-stay-and-play' }, { id: 'eastgate-baby-massage' }])),
  );
  await page.reload();
  await page.locator('.mylist__shared').waitFor();
  await page.locator('.mylist__item').nth(1).waitFor();
}

/** Opens "Report a problem with this listing" so its form is checked too. */
async function openReportForm(page) {
  await page.locator('details.report summary').click();
  await page.locator('#report-details').waitFor({ state: 'visible' });
}

/** Makes choices in "Find childcare" (childcare-finder.js): an age, funded hours and a
 *  postcode, so the counts, results and distances are on the page. */
async function chooseChildcare(page) {
  await page.locator('.finder').waitFor({ state: 'visible' });
  await page.locator('#cf-years').fill('2');
  await page.locator('#cf-funded-two-year-olds').check();
  await page.locator('#cf-postcode').fill('MB2 5HT');
  await page.keyboard.press('Enter');
  await page.locator('[data-results] .distance').first().waitFor();
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
  { kind: 'family hubs sorted by distance', path: '/hubs/', act: sortHubsByPostcode },
  { kind: 'locality', path: '/localities/riverside-east/' },
  { kind: 'venue', path: '/venues/northfield-library/' },
  { kind: 'organisation', path: '/organisations/safe-harbour/' },
  { kind: 'sensitive service', path: '/services/eastgate-womens-safe-space/' },
  { kind: 'service', path: '/services/central-stay-and-play/' },
  { kind: 'service at a confidential place', path: '/services/little-oaks-childrens-domestic-abuse-group/' },
  { kind: 'service with labelled phones', path: '/services/safe-harbour-domestic-abuse-helpline/' },
  { kind: 'service with dated sessions', path: '/services/holiday-activities-and-food-programme/' },
  { kind: 'A to Z', path: '/services/' },
  { kind: 'Start for Life', path: '/start-for-life/' },
  { kind: 'coverage', path: '/coverage/' },
  { kind: 'add your group', path: '/add-your-group/' },
  { kind: 'my list with services and a shared link', path: '/my-list/#ids=perinatal-mental-health-team', act: fillMyList },
  { kind: 'accessibility statement', path: '/accessibility/' },
  { kind: 'find childcare', path: '/childcare/' },
  { kind: 'find childcare with an age, funded hours and a postcode chosen', path: '/childcare/', act: chooseChildcare },
  { kind: 'childcare by area', path: '/childcare/areas/riverside-east/' },
  { kind: 'childcare by type', path: '/childcare/types/childminder/' },
  { kind: 'childcare provider with a report card', path: '/childcare/providers/bluebell-day-nursery-stanton-vale/' },
  { kind: 'childminder with the address withheld', path: '/childcare/providers/laura-abbott-childminding/' },
  { kind: 'childcare provider with the report form open', path: '/childcare/providers/laura-abbott-childminding/', act: openReportForm },
  { kind: '404', path: '/no-such-page/', status: 404 },
  { kind: 'service with the report form open', path: '/services/brookside-baby-bank/', act: openReportForm },
  { kind: 'thanks for a report', path: '/report-a-problem/thanks/' },
  { kind: "what's on in the holidays", path: '/holidays/' },
  { kind: 'service with Local Offer answers', path: '/services/childrens-speech-and-language-therapy/' },
  { kind: 'Local Offer', path: '/local-offer/' },
  { kind: 'Local Offer section', path: '/local-offer/education/' },
  { kind: 'You said, we did', path: '/local-offer/you-said-we-did/' },
];
