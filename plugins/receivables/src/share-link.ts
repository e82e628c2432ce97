import { createHash, randomBytes } from 'node:crypto';
import { ProblemError } from '@kehu/core';
import { type Deps, nowIso } from './context.js';

/**
 * The customer's no-login links (a statement to confirm, a collection notice): 32 random bytes,
 * base64url, shown once; only the SHA-256 is stored, so neither the database nor a log can open one.
 */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh link token, its hash to store, and when it expires (`confirmationLinkDays` from now). */
export function newLinkToken(deps: Pick<Deps, 'clock' | 'config'>): {
  token: string;
  hash: string;
  expiresAt: string;
} {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(
    deps.clock.now().getTime() + deps.config.confirmationLinkDays * 86_400_000,
  ).toISOString();
  return { token, hash: hashLinkToken(token), expiresAt };
}

/** Whether a stored expiry has passed. */
export const linkExpired = (deps: Pick<Deps, 'clock'>, expiresAt: string | null | undefined): boolean =>
  !!expiresAt && expiresAt <= nowIso(deps);

/** 410 for a link that was spent or has expired (an unknown one is 404). */
export const linkGone = (detail: string): ProblemError =>
  new ProblemError({ status: 410, code: 'link_expired', detail });
