import { badRequest } from '../errors.js';

/** An opaque page cursor: the sort key of the last item, so the next page starts right after it. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The cursor's values, or a 400 when it was not made by {@link encodeCursor} with `arity` values. */
export function decodeCursor(
  cursor: string,
  arity: number,
  path = 'query.cursor',
): (string | number | null)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const ok =
    Array.isArray(values) &&
    values.length === arity &&
    values.every(
      (v) =>
        v === null ||
        (typeof v === 'string' && v.length <= 400) ||
        (typeof v === 'number' && Number.isFinite(v)),
    );
  if (!ok)
    throw badRequest('invalid_cursor', 'The cursor is not one this list returned', [
      { path, message: 'Invalid cursor' },
    ]);
  return values as (string | number | null)[];
}
