// The netlify.toml `signpost init` writes into a council's repository, read by Netlify's
// own code as in netlify-config.test.js: no warnings or errors, builds with the released
// binary (no Rust), and the same headers and redirects as signpost's own netlify.toml.
// The binary is SIGNPOST_BIN, else target/debug/signpost (scripts/test builds it first).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '@netlify/config';
import { REPO, NETLIFY_TOML, loadRules, headersFor } from './serve.js';

const BIN = process.env.SIGNPOST_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(REPO, 'target'), 'debug', 'signpost');
let tmp;
let council;

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'signpost-init-'));
  council = path.join(tmp, 'council');
  execFileSync(BIN, ['init', council, '--name', 'Eastshire Family Directory', '--area', 'Eastshire'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
});

after(() => rmSync(tmp, { recursive: true, force: true }));

async function resolved(context) {
  const config = path.join(council, 'netlify.toml');
  const result = await resolveConfig({
    config,
    repositoryRoot: council,
    cwd: council,
    context,
    branch: context === 'production' ? 'main' : 'some-pull-request',
    offline: true,
    buffer: true,
  });
  const logs = [...result.logs.stdout, ...result.logs.stderr].join('\n');
  assert.doesNotMatch(logs, /warning|error/i, `@netlify/config reported problems:\n${logs}`);
  return result.config;
}

test("a council's netlify.toml downloads the release and builds, in production and previews", async () => {
  const prod = await resolved('production');
  assert.equal(prod.build.publish, path.join(council, 'public'));
  assert.match(prod.build.command, /^sh scripts\/install-signpost\.sh --dir \.signpost && \.signpost\/signpost build --content content --output public$/);
  assert.doesNotMatch(prod.build.command, /cargo/);
  assert.equal(prod.build.environment.RUST_VERSION, undefined, 'no Rust toolchain is needed');
  const preview = await resolved('deploy-preview');
  assert.match(preview.build.command, /signpost check --content content && \.signpost\/signpost build/);
});

test("a council's site sends signpost's headers and 404 page", async () => {
  const theirs = await loadRules(path.join(council, 'netlify.toml'));
  const ours = await loadRules(NETLIFY_TOML);
  for (const p of ['/', '/services/example-stay-and-play/', '/assets/site.0123456789.css', '/search/manifest.json', '/api/services.ndjson', '/404.html']) {
    assert.deepEqual(headersFor(theirs, p), headersFor(ours, p), p);
  }
  assert.ok(theirs.redirects.some((r) => r.to === '/404.html' && r.status === 404));
});
