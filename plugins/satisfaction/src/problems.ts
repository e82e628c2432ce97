import { ProblemError } from '@kehu/core';

/** A 4xx problem naming the failing field. */
export const fieldProblem = (
  status: number,
  code: string,
  detail: string,
  path: string,
  data?: Record<string, unknown>,
) =>
  new ProblemError({ status, code, detail, errors: [{ path, message: detail }], ...(data ? { data } : {}) });

/** 409: the record's state does not allow it (a published version, a submitted response). */
export const stateConflict = (code: string, detail: string, data?: Record<string, unknown>) =>
  new ProblemError({ status: 409, code, detail, ...(data ? { data } : {}) });
