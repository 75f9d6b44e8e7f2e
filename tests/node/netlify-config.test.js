// netlify.toml read by Netlify's own code: @netlify/config (what the build system runs),
// @netlify/headers-parser and @netlify/redirect-parser. Any error or warning fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveConfig } from '@netlify/config';
import { parseAllHeaders } from '@netlify/headers-parser';
import { parseAllRedirects } from '@netlify/redirect-parser';
import { REPO, NETLIFY_TOML, loadRules, headersFor } from './serve.js';

async function resolved(context) {
  const result = await resolveConfig({
    config: NETLIFY_TOML,
    repositoryRoot: REPO,
    cwd: REPO,
    context,
    branch: context === 'production' ? 'main' : 'some-pull-request',
    offline: true,
    buffer: true,
  });
  const logs = [...result.logs.stdout, ...result.logs.stderr].join('\n');
  assert.doesNotMatch(logs, /warning|error/i, `@netlify/config reported problems:\n${logs}`);
  return result.config;
}

test('@netlify/config resolves the production build without warnings', async () => {
  const config = await resolved('production');
  assert.equal(config.build.publish, path.join(REPO, 'public'));
  assert.match(config.build.command, /cargo build --release --locked/);
  assert.match(config.build.command, /signpost build --content content --output public/);
  assert.equal(config.build.environment.RUST_VERSION, '1.95.0');
  // Headers and redirects survive @netlify/config's own normalisation.
  assert.ok(config.headers.some((h) => h.for === '/*'));
  assert.ok(config.redirects.some((r) => r.to === '/404.html' && r.status === 404));
});

test('deploy previews print the full check before building', async () => {
  const config = await resolved('deploy-preview');
  assert.match(config.build.command, /signpost check --content content && .*signpost build/);
  assert.equal(config.build.publish, path.join(REPO, 'public'));
});

test('the headers and redirects parsers report no errors', async () => {
  const headers = await parseAllHeaders({ netlifyConfigPath: NETLIFY_TOML, minimal: false });
  assert.deepEqual(headers.errors.map((e) => e.message), []);
  assert.ok(headers.headers.length >= 3);
  const redirects = await parseAllRedirects({ netlifyConfigPath: NETLIFY_TOML, minimal: false });
  assert.deepEqual(redirects.errors.map((e) => e.message), []);
});

/** CSP directives as name -> list of sources. */
function csp(value) {
  const out = {};
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      assert.ok(!(name in out), `the CSP names ${name} twice`);
      out[name.toLowerCase()] = sources;
    }
  }
  return out;
}

test('the Content-Security-Policy allows only this site and no inline code', async () => {
  const rules = await loadRules();
  const { values } = headersFor(rules, '/services/central-stay-and-play/');
  const policy = csp(values['content-security-policy']);
  assert.deepEqual(policy['default-src'], ["'self'"]);
  for (const [name, sources] of Object.entries(policy)) {
    for (const s of sources) {
      assert.ok(
        ["'self'", "'none'"].includes(s),
        `${name} allows ${s}: only 'self' or 'none' are allowed (no inline code, eval, schemes or other hosts)`,
      );
    }
  }
  assert.deepEqual(policy['script-src'], ["'self'"]);
  assert.deepEqual(policy['connect-src'], ["'self'"], 'search fetches its own index files');
  assert.deepEqual(policy['frame-ancestors'], ["'none'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
});

test('security headers are on every kind of path', async () => {
  const rules = await loadRules();
  for (const p of ['/', '/needs/domestic-abuse/', '/assets/site.0123456789.css', '/search/manifest.json', '/404.html', '/api/index.json']) {
    const { values } = headersFor(rules, p);
    assert.equal(values['x-content-type-options'], 'nosniff', p);
    assert.equal(values['referrer-policy'], 'no-referrer', p);
    assert.match(values['permissions-policy'], /(^|, )geolocation=\(self\)(,|$)/, p);
    assert.doesNotMatch(values['permissions-policy'], /\*/, `${p}: no feature is open to every origin`);
    const hsts = values['strict-transport-security'].match(/max-age=(\d+)/);
    assert.ok(hsts && Number(hsts[1]) >= 31536000, `${p}: HSTS for at least a year`);
  }
});

test('caching: a year for fingerprinted assets, revalidate for pages and the search manifest', async () => {
  const rules = await loadRules();
  const cache = (p) => headersFor(rules, p).values['cache-control'];
  assert.equal(cache('/assets/site.0123456789.css'), 'public, max-age=31536000, immutable');
  assert.equal(cache('/assets/search.0123456789.js'), 'public, max-age=31536000, immutable');
  for (const p of ['/', '/services/central-stay-and-play/', '/404.html', '/search/', '/search/manifest.json']) {
    assert.match(cache(p), /max-age=0\b/, `${p} must not be cached for long`);
    assert.doesNotMatch(cache(p), /immutable/, p);
  }
});

test('no path gets the same header from two blocks (Netlify would join the values)', async () => {
  const rules = await loadRules();
  const paths = ['/', '/needs/', '/assets/site.0123456789.css', '/search/', '/search/manifest.json', '/search/manifest.0123.json', '/404.html', '/add-your-group/', '/api/index.json'];
  const conflicts = paths.flatMap((p) => headersFor(rules, p).conflicts);
  assert.deepEqual(conflicts, []);
});
