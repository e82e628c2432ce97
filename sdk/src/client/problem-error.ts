/** One failing field of a validation problem, e.g. `{ path: 'body.name', message: 'Too small' }`. */
export interface ProblemFieldError {
  path: string;
  message: string;
  code?: string;
}

/** The RFC 9457 problem document Kehu answers errors with. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extra: string]: unknown;
}

const STANDARD = new Set(['type', 'title', 'status', 'code', 'detail', 'instance', 'errors']);

/**
 * A Kehu API call answered with a problem: `status`, the stable `code` to branch on, the readable
 * `detail`, the failing fields in `errors`, and anything else the route added (a credit refusal's
 * figures, the current version of a stale record…) in `data`.
 */
export class KehuProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly type: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[];
  readonly instance: string | undefined;
  readonly data: Record<string, unknown>;
  readonly requestId: string | null;
  readonly method: string;
  readonly url: string;

  constructor(problem: ProblemDocument, request: { method: string; url: string; requestId?: string | null }) {
    super(`${request.method} ${request.url} → ${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'KehuProblemError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.type = problem.type;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.instance = problem.instance;
    this.data = Object.fromEntries(Object.entries(problem).filter(([k]) => !STANDARD.has(k)));
    this.requestId = request.requestId ?? null;
    this.method = request.method;
    this.url = request.url;
  }

  /** The problem as the server sent it. */
  toJSON(): ProblemDocument {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...(this.instance ? { instance: this.instance } : {}),
      ...(this.errors.length > 0 ? { errors: this.errors } : {}),
      ...this.data,
    };
  }
}

/** Narrows an unknown error to a Kehu problem, optionally of one code: `if (isProblem(err, 'credit_limit_exceeded'))`. */
export function isProblem(err: unknown, code?: string): err is KehuProblemError {
  return err instanceof KehuProblemError && (code === undefined || err.code === code);
}

/** A problem document from any response body: Kehu's own, or a stand-in for a proxy's HTML error page. */
export function toProblem(status: number, statusText: string, body: unknown): ProblemDocument {
  if (body && typeof body === 'object' && typeof (body as ProblemDocument).code === 'string') {
    const p = body as Partial<ProblemDocument>;
    return {
      ...p,
      type: p.type ?? 'about:blank',
      title: p.title ?? statusText,
      status: p.status ?? status,
      code: p.code!,
      detail: p.detail ?? statusText,
    } as ProblemDocument;
  }
  return {
    type: 'about:blank',
    title: statusText || 'Error',
    status,
    code: 'http_error',
    detail: `The server answered ${status}${statusText ? ` ${statusText}` : ''} without a problem document`,
  };
}
