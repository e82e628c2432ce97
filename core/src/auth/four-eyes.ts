import { ProblemError } from '../errors.js';

/**
 * Four-eyes rule for approvals (limits, write-offs, extensions…): whoever asked for a change may not
 * be the one who approves it. A 403 `own_request` problem.
 */
export function assertNotOwnRequest(requestedBy: string | null, approverId: string, what: string): void {
  if (requestedBy !== null && requestedBy === approverId) {
    throw new ProblemError({
      status: 403,
      code: 'own_request',
      detail: `You submitted this ${what}; someone else must approve it`,
      data: { requestedBy },
    });
  }
}
