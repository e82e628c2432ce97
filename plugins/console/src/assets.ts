import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { CONSOLE_CSS } from './assets/console-css.js';
import { CONSOLE_JS } from './assets/console-js.js';

const require = createRequire(import.meta.url);

/** The one htmx version the console ships, read from its npm package and served from our own origin. */
export const HTMX_VERSION: string = require('htmx.org/package.json').version;

export interface Asset {
  body: string;
  type: string;
  gzipBytes: number;
}

function asset(body: string, type: string): Asset {
  return { body, type, gzipBytes: gzipSync(body).length };
}

let assets: Map<string, Asset> | undefined;

/** Static files by URL path; names carry the version so they are cached for good. */
export function consoleAssets(): Map<string, Asset> {
  if (assets) return assets;
  const htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
  const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);
  assets = new Map([
    [`/assets/htmx-${HTMX_VERSION}.min.js`, asset(htmx, 'text/javascript; charset=utf-8')],
    [`/assets/console-${hash(CONSOLE_JS)}.js`, asset(CONSOLE_JS, 'text/javascript; charset=utf-8')],
    [`/assets/console-${hash(CONSOLE_CSS)}.css`, asset(CONSOLE_CSS, 'text/css; charset=utf-8')],
  ]);
  return assets;
}

export const assetPath = (kind: 'htmx' | 'js' | 'css'): string => {
  const keys = [...consoleAssets().keys()];
  return kind === 'htmx' ? keys[0]! : kind === 'js' ? keys[1]! : keys[2]!;
};

/** Bytes of JavaScript a console page loads, gzip-compressed (the benchmark's console.js.kb). */
export const scriptGzipBytes = (): number =>
  [...consoleAssets().values()]
    .filter((a) => a.type.startsWith('text/javascript'))
    .reduce((n, a) => n + a.gzipBytes, 0);
