// The form editor's own security headers, for /admin/ only (docs/editor.md). netlify.toml's
// [[edge_functions]] block runs it on /admin/*.
//
// netlify.toml gives every path the public pages' Content-Security-Policy. Netlify joins
// the values of a header set by two matching [[headers]] rules, and a browser applies every
// policy it is sent (each can only take away), so a looser policy for /admin/ cannot be
// added beside it there. This edge function runs for /admin/* only and replaces the
// headers of the files Netlify serves: public pages keep theirs.
//
// What Decap CMS needs beyond the public policy: eval (below), inline styles (its CSS-in-JS inserts
// <style> elements), the GitHub API and GitHub's avatars, and the sign-in window through
// Netlify (api.netlify.com), which must be able to message this page back, so the opener
// policy allows popups.
export const ADMIN_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'self'",
    // Decap validates its configuration with ajv, which compiles schemas with new Function:
    // without 'unsafe-eval' it stops at "Error compiling schema" (tests/node/admin.test.js).
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
    "font-src 'self' data:",
    "connect-src 'self' https://api.github.com https://api.netlify.com",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; '),
  'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
  'Cache-Control': 'no-cache',
};

export default async (request, context) => {
  const response = await context.next();
  for (const [name, value] of Object.entries(ADMIN_HEADERS)) response.headers.set(name, value);
  return response;
};
