import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ConsoleApp } from '../app';

const require = createRequire(import.meta.url);
let bundle: string | undefined;

// Served as a stylesheet outside the viewer's cascade layers, so it wins over its theme from the
// first paint: system fonts (the viewer's own, Inter, would come from its CDN) and grey text and
// method labels dark enough for 4.5:1 contrast.
const THEME = `:root {
  --scalar-font: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif;
  --scalar-font-code: ui-monospace, "SFMono-Regular", Menlo, monospace;
}
.light-mode {
  --scalar-color-2: #5c5c5c; --scalar-color-3: #616161;
  --scalar-color-red: #b91c1c; --scalar-color-orange: #a84a0a; --scalar-color-yellow: #805a00;
  --scalar-color-green: #046c4e; --scalar-color-blue: #1d4ed8; --scalar-color-purple: #6d28d9;
}
`;

// The viewer's older HTML API mounts a reference of its own, with its default configuration (web
// fonts from its CDN included), on any element whose id is `api-reference`; this page's element has
// another id, so the one reference is the one configured here.
const INIT = `Scalar.createApiReference('#kehu-api-reference', {
  url: '/api/openapi.json',
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kehu API reference</title>
<link rel="stylesheet" href="/api/docs/theme.css">
</head>
<body>
<div id="kehu-api-reference"></div>
<script src="/api/docs/scalar.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

/**
 * `GET /api/docs`: the interactive reference of `/api/openapi.json`, with the viewer's script served
 * from its npm package here (no CDN). Its own CSP: the viewer sets inline styles, never inline script.
 */
export function apiDocs(app: ConsoleApp): void {
  const csp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
  const headers = (type: string, cache: string) => ({
    'content-type': type,
    'cache-control': cache,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
  });
  app.get('/api/docs', (c) => c.body(PAGE, 200, headers('text/html; charset=utf-8', 'no-cache')));
  app.get('/api/docs/init.js', (c) =>
    c.body(INIT, 200, headers('text/javascript; charset=utf-8', 'no-cache')),
  );
  app.get('/api/docs/theme.css', (c) => c.body(THEME, 200, headers('text/css; charset=utf-8', 'no-cache')));
  app.get('/api/docs/scalar.js', (c) => {
    // The package exports no path to its browser build; it sits beside the main entry in dist/.
    bundle ??= readFileSync(
      join(dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js'),
      'utf8',
    );
    return c.body(bundle, 200, headers('text/javascript; charset=utf-8', 'public, max-age=86400'));
  });
}
