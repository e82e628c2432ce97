import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isPublicAddress, publicOnlyLookup, RefusedAddressError, urlHost } from './network-guard.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

export interface WebhookResponse {
  /** A 2xx answer; anything else (3xx included: redirects are never followed) counts as failed. */
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** The start of the response body, for the delivery log. */
  responseBody: string | null;
  error: string | null;
}

const RESPONSE_EXCERPT = 1000;

/**
 * One POST, never retried or redirected here (the outbox retries). node:http is used rather than
 * fetch because it takes a `lookup`, which is where every resolved address is checked before connecting.
 */
export function postWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(req.url);
  const host = urlHost(url);
  if (!req.allowPrivateNetworks && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve({
      ok: false,
      statusCode: null,
      latencyMs: 0,
      responseBody: null,
      error: new RefusedAddressError(host).message,
    });
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<WebhookResponse, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, latencyMs: elapsed() });
    };
    const fail = (error: string) => finish({ ok: false, statusCode: null, responseBody: null, error });
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: {
          ...req.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(req.body)),
          'user-agent': 'Kehu-Webhooks/1',
        },
        agent: false,
        ...(req.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let excerpt = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (excerpt.length < RESPONSE_EXCERPT) excerpt += chunk;
        });
        res.on('error', (err) => fail(err.message));
        res.on('end', () => {
          const ok = status >= 200 && status < 300;
          finish({
            ok,
            statusCode: status,
            responseBody: excerpt.slice(0, RESPONSE_EXCERPT) || null,
            error: ok
              ? null
              : status >= 300 && status < 400
                ? `HTTP ${status}: redirects are not followed`
                : `HTTP ${status}`,
          });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(`no response within ${req.timeoutMs} ms`);
      outgoing.destroy();
    }, req.timeoutMs);
    outgoing.on('error', (err) => fail(err.message));
    outgoing.end(req.body);
  });
}
