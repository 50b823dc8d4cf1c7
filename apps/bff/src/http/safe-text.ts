// PostgreSQL text and jsonb cannot hold U+0000 (the query fails: a 500 instead of a 400), and an unpaired
// UTF-16 surrogate is silently turned into U+FFFD on the way to UTF-8, so two different ids could be stored
// as one. Both are refused at the edge, in keys as well as values.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when some string (or object key) in a parsed JSON value holds a NUL or an unpaired surrogate. */
export function hasUnsafeText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return UNSAFE.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasUnsafeText(v, depth + 1));
  return Object.entries(value).some(([k, v]) => UNSAFE.test(k) || hasUnsafeText(v, depth + 1));
}

export const UNSAFE_TEXT_MESSAGE = 'The request contains a NUL character or an unpaired UTF-16 surrogate';
