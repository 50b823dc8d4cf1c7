// PostgreSQL text and jsonb cannot hold U+0000 (the query fails: a 500 instead of a 400), and an unpaired
// UTF-16 surrogate is silently turned into U+FFFD on the way to UTF-8, so two different ids could be stored
// as one. Both are refused at the edge, in keys as well as values.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unsafe = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Nothing the BFF accepts nests deeper; refusing more also bounds the walk. */
export const MAX_JSON_DEPTH = 64;

export const UNSAFE_TEXT_MESSAGE = 'The request contains a NUL character or an unpaired UTF-16 surrogate';
export const TOO_DEEP_MESSAGE = `The request nests JSON deeper than ${MAX_JSON_DEPTH} levels`;

/**
 * What makes a parsed JSON value unstorable, in the words of the 400 that refuses it: a string (or object key)
 * holding a NUL or an unpaired surrogate, or nesting deeper than MAX_JSON_DEPTH. Null when it is fine.
 */
export function unsafeTextProblem(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return unsafe(value) ? UNSAFE_TEXT_MESSAGE : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP_MESSAGE;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (typeof k === 'string' && unsafe(k)) return UNSAFE_TEXT_MESSAGE;
    const problem = unsafeTextProblem(v, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** True when unsafeTextProblem finds something (a query parameter, a path segment, a whole body). */
export const hasUnsafeText = (value: unknown): boolean => unsafeTextProblem(value) !== null;
