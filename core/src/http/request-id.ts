import type { MiddlewareHandler } from 'hono';
import { newId } from '../ids.js';
import type { KehuContext, KehuEnv } from './env.js';
import { requestHeader, responseHeader } from './node-request.js';

/** Accept a caller's id only when it is a short token, so it cannot flood or forge log lines. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives the request its id (the caller's `X-Request-Id` when acceptable) and echoes it, once: a
 * request that already has one keeps it. The header is set before the response is built: setting it
 * afterwards makes hono rebuild the response (measured +56% GET).
 */
export function assignRequestId(c: KehuContext): string {
  const had = c.get('requestId');
  if (had !== undefined) return had;
  const given = requestHeader(c, 'x-request-id');
  const id = given && ACCEPTABLE.test(given) ? given : newId();
  c.set('requestId', id);
  responseHeader(c, 'X-Request-Id', id);
  return id;
}

/**
 * {@link assignRequestId} as middleware, for the paths that are not the plugin router's routes (those
 * do it themselves, see `KehuRouter`). hono's onError only sees `Error`s; a thrown non-Error ends up
 * here and gets the same 500.
 */
export function requestId(onError: (err: unknown, c: KehuContext) => Response): MiddlewareHandler<KehuEnv> {
  return async (c, next) => {
    assignRequestId(c);
    try {
      await next();
    } catch (err) {
      c.res = onError(err, c);
    }
  };
}
