/** The user typed something wrong: one line and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command could not do its work for a reason the user can act on: one line and exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A connection string without its password, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

const NODE_PARSE_ERRORS: Record<string, (message: string) => string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: (m) => `unknown option ${/'([^']+)'/.exec(m)?.[1] ?? ''}`.trim(),
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: (m) => m.replace(/\.$/, '').replace(/^Option/, 'option'),
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: (m) => `unexpected argument ${/'([^']+)'/.exec(m)?.[1] ?? ''}`.trim(),
};

/** node:util parseArgs errors as one short line. */
export function parseArgsMessage(err: unknown): string | undefined {
  const code = (err as { code?: string }).code;
  const format = code ? NODE_PARSE_ERRORS[code] : undefined;
  return format ? format((err as Error).message) : undefined;
}
