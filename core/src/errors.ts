/**
 * Errors that reach a client. Everything else thrown is a bug and becomes a 500 that leaks nothing.
 */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

export interface ProblemInit {
  status: number;
  code: string;
  detail: string;
  title?: string;
  errors?: FieldError[];
  data?: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error with an HTTP status and a stable machine-readable code. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.name = 'ProblemError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title ?? TITLES[init.status] ?? 'Error';
    this.errors = init.errors;
    this.data = init.data;
  }

  /**
   * `data` becomes extension members beside the standard ones; a data key named like a standard
   * member (`status`, `title`, …) never overrides it, so a client can always trust those.
   */
  toJSON(): Record<string, unknown> {
    return {
      ...(this.data ?? {}),
      type: `https://kehu.dev/problems/${this.code}`,
      title: this.title,
      status: this.status,
      code: this.code,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/**
 * A business rule said no. Filters throw it to reject a write; the whole transaction rolls back and
 * the client gets a 422 (rule violated) or 409 (conflicts with current state) with the figures in `data`.
 */
export class DomainError extends ProblemError {
  constructor(code: string, detail: string, data?: Record<string, unknown>, status: 409 | 422 = 422) {
    super({ status, code, detail, ...(data ? { data } : {}) });
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id?: string): ProblemError =>
  new ProblemError({
    status: 404,
    code: 'not_found',
    detail: id ? `${what} ${id} was not found` : `${what} was not found`,
  });

export const forbidden = (permission: string): ProblemError =>
  new ProblemError({
    status: 403,
    code: 'forbidden',
    detail: `This action needs the permission "${permission}"`,
    data: { permission },
  });

export const conflict = (code: string, detail: string, data?: Record<string, unknown>): ProblemError =>
  new ProblemError({ status: 409, code, detail, ...(data ? { data } : {}) });

export const badRequest = (code: string, detail: string, errors?: FieldError[]): ProblemError =>
  new ProblemError({ status: 400, code, detail, ...(errors ? { errors } : {}) });

/** Thrown at boot: bad plugin config, missing dependency, cycle. */
export class BootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootError';
  }
}
