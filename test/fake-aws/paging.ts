// Opaque paging tokens and pages, like AWS: a token is only valid for the same query.
import { FakeAwsError } from './protocols.js';

export function encodeToken(offset: number, query: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, q: JSON.stringify(query) })).toString('base64url');
}

export function decodeToken(token: unknown, query: unknown, code = 'InvalidNextTokenException'): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const { o, q } = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      o: number;
      q: string;
    };
    if (q !== JSON.stringify(query)) throw new Error('query changed');
    return o;
  } catch {
    throw new FakeAwsError(400, code, 'Invalid NextToken: reuse it with the same parameters.');
  }
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export function page<T>(
  all: readonly T[],
  token: unknown,
  size: number,
  query: unknown,
  code?: string,
): Page<T> {
  const offset = decodeToken(token, query, code);
  const items = all.slice(offset, offset + size);
  const end = offset + items.length;
  return { items, next: end < all.length ? encodeToken(end, query) : undefined };
}

export function clampInt(value: unknown, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new FakeAwsError(400, 'ValidationException', `${name} must be between ${min} and ${max}`);
  return n;
}
