import { ProblemError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { KehuContext } from './env.js';
import { problemResponse } from './problem.js';

/**
 * A ProblemError becomes its problem document; anything else is a bug: its stack goes to the log
 * with the request id, and the client gets a 500 that says nothing about it.
 */
export function errorHandler(logger: Logger): (err: unknown, c: KehuContext) => Response {
  return (err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err);
    const requestId = c.get('requestId');
    logger.error('unhandled error', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      stack: err instanceof Error ? err.stack : String(err),
    });
    return problemResponse(
      c,
      new ProblemError({
        status: 500,
        code: 'internal_error',
        detail: `Something went wrong; quote request id ${requestId}`,
      }),
    );
  };
}
