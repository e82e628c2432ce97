import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'kehu_';

/** A random bearer token: shown once to its owner, stored only as its SHA-256. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
