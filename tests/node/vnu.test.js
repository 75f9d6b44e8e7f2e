// The Nu HTML Checker (vnu-jar, the checker behind validator.w3.org/nu) over every .html
// file of the built sample site: 0 errors. Runs Java on the jar from npm, in batches so the
// command line stays short, two at a time; a deliberately broken page rides along in the first
// batch to prove the checker really ran and reports what it should.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_DIR } from './serve.js';

// The package's main export is the jar's path.
const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));
const JAVA = process.env.JAVA ?? 'java';
const BATCH = 120;

async function htmlFiles(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.html')) out.push(path.join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

/** Runs the checker on `files`; resolves to its messages (vnu writes the JSON to stderr). */
function vnu(files) {
  return new Promise((resolve, reject) => {
    execFile(
      JAVA,
      ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        // Exit status 1 only means errors were found; anything else, or no JSON, is a failure.
        if (error && error.code !== 1) return reject(new Error(`${JAVA} -jar vnu.jar failed: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stderr).messages);
        } catch {
          reject(new Error(`vnu.jar printed no JSON report:\n${stderr.slice(0, 2000)}`));
        }
      },
    );
  });
}

test('the Nu HTML Checker reports no errors on any page of the built site', async (t) => {
  const files = await htmlFiles(SITE_DIR);
  assert.ok(files.length > 200, `only ${files.length} pages found in ${SITE_DIR}`);
  const scratch = await mkdtemp(path.join(tmpdir(), 'signpost-vnu-'));
  const canary = path.join(scratch, 'broken.html');
  // A head without a title is an error the checker must report.
  await writeFile(canary, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body><p>x</p></body></html>');
  try {
    const batches = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
    batches[0] = [canary, ...batches[0]];
    const messages = [];
    const running = new Set();
    for (const batch of batches) {
      const run = vnu(batch).then((m) => {
        messages.push(...m);
        running.delete(run);
      });
      running.add(run);
      if (running.size >= 2) await Promise.race(running);
    }
    await Promise.all(running);

    const isCanary = (m) => m.url && fileURLToPath(m.url) === canary;
    assert.ok(
      messages.some((m) => isCanary(m) && m.type === 'error' && /title/.test(m.message)),
      'the checker did not report the missing <title> in a deliberately broken page',
    );
    const errors = messages.filter((m) => !isCanary(m));
    const where = (m) => `${m.url ? path.relative(SITE_DIR, fileURLToPath(m.url)) : '?'}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
    assert.equal(
      errors.length,
      0,
      `the Nu HTML Checker found ${errors.length} errors in ${files.length} pages:\n` +
        errors.slice(0, 30).map((m) => `- ${where(m)} ${m.type}: ${m.message}${m.extract ? `\n    ${m.extract.trim()}` : ''}`).join('\n'),
    );
    t.diagnostic(`Nu HTML Checker: ${files.length} pages, 0 errors (vnu-jar ${createRequire(import.meta.url)('vnu-jar/package.json').version})`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
