// The form editor with Decap's local backend, shared by tests/node/editor-local.test.js and
// bench/editor/bench.mjs: decap-server (npm) serving a folder from disk, and /admin/ served
// as Netlify serves it (the edge function's own headers) with its backend pointed at it.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO } from './serve.js';
import { ADMIN_HEADERS } from '../../netlify/edge-functions/admin-csp.js';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts decap-server on the git-less folder `dir` (holding content/); resolves once it
 *  answers, to { port, close }. */
export async function startDecapServer(dir) {
  const port = await freePort();
  const proxy = spawn(process.execPath, [path.join(REPO, 'tests/node/node_modules/decap-server/dist/index.js')], {
    env: { ...process.env, PORT: String(port), GIT_REPO_DIRECTORY: dir, MODE: 'fs', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/api/v1`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port, close: () => proxy.kill() };
}

/** Chromium flags for the editor: it asks before a page reaches a local address, and the
 *  proxy is one by design. */
export const EDITOR_ARGS = ['--disable-features=LocalNetworkAccessChecks'];

/** Serves /admin/ of the site at `siteUrl` in `context` with the edge function's headers,
 *  the backend on `port`, and publishing at once (the proxy has no pull requests). */
export async function routeEditor(context, siteUrl, port) {
  const origin = new URL(siteUrl).origin;
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin || !url.pathname.startsWith('/admin/')) return route.continue();
    const response = await route.fetch();
    const headers = { ...response.headers() };
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) headers[name.toLowerCase()] = value;
    headers['content-security-policy'] = headers['content-security-policy'].replace(
      "connect-src 'self'",
      `connect-src 'self' http://127.0.0.1:${port}`,
    );
    if (!url.pathname.endsWith('/config.yml')) return route.fulfill({ response, headers });
    const body = (await response.text())
      .replace('local_backend: true', `local_backend:\n  url: http://127.0.0.1:${port}/api/v1`)
      .replace('publish_mode: editorial_workflow\n', '')
      .replace('  open_authoring: true\n', '');
    return route.fulfill({ response, headers, body });
  });
}
