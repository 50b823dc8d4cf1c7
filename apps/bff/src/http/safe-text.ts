// PostgreSQL text and jsonb cannot hold U+0000 (the query fails: a 500 instead of a 400), and an unpaired
// UTF-16 surrogate is silently turned into U+FFFD on the way to UTF-8, so two different ids could be stored
// as one. Both are refused at the edge, in keys as well as values.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unsafe = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** True when some string (or object key) in a parsed JSON value holds a NUL or an unpaired surrogate. */
export function hasUnsafeText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return unsafe(value);
  // Nothing the BFF accepts nests this deep; refusing it also bounds the walk.
  if (depth > 64) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasUnsafeText(v, depth + 1));
  return Object.entries(value).some(([k, v]) => unsafe(k) || hasUnsafeText(v, depth + 1));
}

export const UNSAFE_TEXT_MESSAGE = 'The request contains a NUL character or an unpaired UTF-16 surrogate';
