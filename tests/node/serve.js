// A tiny static server that behaves like Netlify for a built signpost site: the headers and
// redirects come from netlify.toml, read with Netlify's own parsers, and are applied the way
// Netlify applies them. Browser tests use it so they see exactly what visitors would.
//
//   import { startServer } from './serve.js';
//   const server = await startServer('/path/to/public');
//   await page.goto(server.url + '/needs/');
//   await server.close();

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseAllHeaders } from '@netlify/headers-parser';
import { parseAllRedirects } from '@netlify/redirect-parser';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NETLIFY_TOML = path.join(REPO, 'netlify.toml');

// What Netlify sends for files no header rule gives a Cache-Control.
export const NETLIFY_DEFAULT_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.ndjson': 'application/x-ndjson',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** Header and redirect rules from netlify.toml; throws if Netlify's parsers report errors. */
export async function loadRules(configPath = NETLIFY_TOML) {
  const h = await parseAllHeaders({ netlifyConfigPath: configPath, minimal: false });
  const r = await parseAllRedirects({ netlifyConfigPath: configPath, minimal: false });
  const errors = [...h.errors, ...r.errors];
  if (errors.length > 0) {
    throw new Error(`netlify.toml has errors:\n${errors.map((e) => e.message).join('\n')}`);
  }
  return { headers: h.headers, redirects: r.redirects };
}

/**
 * The headers Netlify would send for `urlPath`, plus any header set by two matching rules
 * (Netlify joins such values with a comma, which silently breaks Cache-Control or CSP).
 */
export function headersFor(rules, urlPath) {
  const values = {};
  const setBy = {};
  const conflicts = [];
  for (const rule of rules.headers) {
    if (!rule.forRegExp.test(urlPath)) continue;
    for (const [name, value] of Object.entries(rule.values)) {
      const key = name.toLowerCase();
      if (key in values) {
        conflicts.push(`${name} is set for ${urlPath} by both "${setBy[key]}" and "${rule.for}"`);
        values[key] = `${values[key]}, ${value}`;
      } else {
        values[key] = value;
        setBy[key] = rule.for;
      }
    }
  }
  if (!('cache-control' in values)) values['cache-control'] = NETLIFY_DEFAULT_CACHE_CONTROL;
  return { values, conflicts };
}

// Netlify's redirect `from` paths: `*` matches the rest of the path, `:name` one segment.
function matchesFrom(from, urlPath) {
  const pattern = from
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+'))
    .join('.*');
  return new RegExp(`^${pattern}/?$`).test(urlPath);
}

async function fileAt(root, urlPath) {
  // Decoding first, then resolving and checking the prefix, keeps `..` and `%2e%2e` inside.
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = path.resolve(root, '.' + path.posix.normalize(decoded));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    const s = await stat(full);
    if (s.isFile()) return { file: full };
    if (s.isDirectory()) {
      if (!decoded.endsWith('/')) return { redirect: urlPath + '/' };
      const index = path.join(full, 'index.html');
      if ((await stat(index)).isFile()) return { file: index };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Serves `dir` on 127.0.0.1 (a free port) with netlify.toml's rules.
 * Returns { url, close(), rules, requests }; `requests` lists every path asked for.
 */
export async function startServer(dir, { configPath = NETLIFY_TOML } = {}) {
  const root = path.resolve(dir);
  if (!(await stat(root).catch(() => null))?.isDirectory()) {
    throw new Error(`${root} is not a folder: build the site first (scripts/test does)`);
  }
  const rules = await loadRules(configPath);
  const requests = [];
  const server = createServer(async (req, res) => {
    const urlPath = new URL(req.url, 'http://localhost').pathname;
    requests.push(urlPath);
    let status = 200;
    let found = await fileAt(root, urlPath);
    if (found?.redirect) {
      res.writeHead(301, { location: found.redirect });
      res.end();
      return;
    }
    if (!found) {
      // Shadowing rules (status 404 here) apply only when no file matches, as on Netlify.
      const rule = rules.redirects.find((r) => matchesFrom(r.from ?? r.path, urlPath));
      if (rule && rule.status === 404) {
        found = await fileAt(root, rule.to);
        status = 404;
      }
    }
    if (!found?.file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const body = await readFile(found.file);
    const { values } = headersFor(rules, urlPath);
    res.writeHead(status, {
      ...values,
      'content-type': TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    rules,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The built sample site the browser tests load (scripts/test builds it here). */
export const SITE_DIR = process.env.SIGNPOST_SITE ?? path.join(REPO, 'target', 'node-site');

/** Chromium from Debian, with the flags that keep it quiet and offline-friendly. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

/**
 * Collects what a page must not do: console errors and warnings, uncaught script errors, and
 * requests to any host but the test server (which are refused). Returns the list to assert
 * empty at the end of a test.
 */
export async function watch(context, page, serverUrl) {
  const problems = [];
  const origin = new URL(serverUrl).origin;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    problems.push(`request to another host: ${url.href}`);
    return route.abort();
  });
  return problems;
}
