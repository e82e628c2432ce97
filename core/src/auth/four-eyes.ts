import { ProblemError } from '../errors.js';

/**
 * Four-eyes rule for approvals (limits, write-offs, extensions…): whoever asked for a change may not
 * be the one who approves it. A 403 problem, `own_request` unless the caller names its own code.
 */
export function assertNotOwnRequest(
  requestedBy: string | null,
  approverId: string,
  what: string,
  code = 'own_request',
): void {
  if (requestedBy !== null && requestedBy === approverId) {
    throw new ProblemError({
      status: 403,
      code,
      detail: `You submitted this ${what}; someone else must approve it`,
      data: { requestedBy },
    });
  }
}
