import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KehuContext } from '@kehu/core';
import { deleteCookie, getCookie, setCookie } from '@kehu/core/ui';

export const SESSION_COOKIE = 'kehu_session';
/** Anonymous forms (sign-in, invitation) carry a token tied to this random cookie. */
export const PRE_SESSION_COOKIE = 'kehu_csrf';
export const LANGUAGE_COOKIE = 'kehu_lang';
export const FLASH_COOKIE = 'kehu_flash';
export const CSRF_FIELD = '_csrf';

/** Behind https (directly, or a proxy that says so when `trustProxy`) cookies are `Secure`. */
export function isHttps(c: KehuContext, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

const cookieBase = (c: KehuContext, trustProxy: boolean) =>
  ({ path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c, trustProxy) }) as const;

export function setSessionCookie(c: KehuContext, id: string, trustProxy: boolean): void {
  setCookie(c, SESSION_COOKIE, id, cookieBase(c, trustProxy));
}

export function clearSessionCookie(c: KehuContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The pre-session secret, made on first sight. */
export function preSession(c: KehuContext, trustProxy: boolean): string {
  const had = getCookie(c, PRE_SESSION_COOKIE);
  if (had && /^[A-Za-z0-9_-]{20,100}$/.test(had)) return had;
  const value = randomBytes(24).toString('base64url');
  setCookie(c, PRE_SESSION_COOKIE, value, { ...cookieBase(c, trustProxy), sameSite: 'Strict' });
  return value;
}

/** The form token of a secret (session id or pre-session value): derived, so nothing more is stored. */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`kehu-csrf:${secret}`).digest('base64url');
}

export function csrfMatches(secret: string, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length > 100) return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

export function setFlash(c: KehuContext, flash: Flash, trustProxy: boolean): void {
  setCookie(
    c,
    FLASH_COOKIE,
    encodeURIComponent(JSON.stringify(flash).slice(0, 1500)),
    cookieBase(c, trustProxy),
  );
}

export function takeFlash(c: KehuContext): Flash | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  try {
    const v = JSON.parse(decodeURIComponent(raw));
    if ((v.kind === 'success' || v.kind === 'error') && typeof v.text === 'string') return v;
  } catch {}
  return undefined;
}

/** A local path to return to after a form: never another site (`//x`, `/\x`, schemes). */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return fallback;
  return value.length > 2000 ? fallback : value;
}

/** The caller's address for throttling: the socket's, or the first forwarded one behind a trusted proxy. */
export function clientAddress(c: KehuContext, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd.slice(0, 100);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
