/** Runs a parsed query over an entity's records: filtering, ordering and paging as QuickBooks does. */
import { faults } from './faults.ts';
import type { Rec } from './input.ts';
import type { Condition, Literal, ParsedQuery } from './query-parser.ts';

/** Assumption: the page size when MAXRESULTS is omitted is 100 (REFERENCE §3.2, not verified). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const NUMERIC = /^-?\d+(\.\d+)?$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Resolves a dotted path case-insensitively; a Ref (`{value, name}`) compares by its value. */
function valueAt(record: Rec, path: string): unknown {
  let cur: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    const obj = cur as Rec;
    const key = Object.keys(obj).find((k) => k.toLowerCase() === segment.toLowerCase());
    cur = key === undefined ? undefined : obj[key];
  }
  if (typeof cur === 'object' && cur !== null && 'value' in cur) return (cur as Rec).value;
  return cur;
}

function literalText(l: Literal): string {
  return l.kind === 'number' ? l.text : String(l.value);
}

/** -1/0/1, or undefined when the values can't be compared. */
function compare(actual: unknown, lit: Literal): number | undefined {
  if (actual === undefined || actual === null) return undefined;
  if (typeof actual === 'boolean') {
    const want = lit.kind === 'boolean' ? lit.value : String(lit.value).toLowerCase() === 'true';
    return actual === want ? 0 : actual ? 1 : -1;
  }
  const text = literalText(lit);
  if (typeof actual === 'number') {
    if (!NUMERIC.test(text)) return undefined;
    return Math.sign(actual - Number(text));
  }
  const s = String(actual);
  if (NUMERIC.test(s) && NUMERIC.test(text)) return Math.sign(Number(s) - Number(text));
  if (DATE_LIKE.test(s) && DATE_LIKE.test(text)) {
    // Dates with and without offsets compare as instants when both carry a time.
    const a = s.length > 10 && text.length > 10 ? Date.parse(s) : NaN;
    const b = s.length > 10 && text.length > 10 ? Date.parse(text) : NaN;
    if (!Number.isNaN(a) && !Number.isNaN(b)) return Math.sign(a - b);
    const x = s.slice(0, 10);
    const y = text.slice(0, 10);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const x = s.toLowerCase();
  const y = text.toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function matches(record: Rec, c: Condition): boolean {
  const actual = valueAt(record, c.field);
  switch (c.op) {
    case 'LIKE':
      return (
        actual !== undefined &&
        actual !== null &&
        likeToRegExp(literalText(c.values[0] as Literal)).test(String(actual))
      );
    case 'IN':
      return c.values.some((v) => compare(actual, v) === 0);
    default: {
      const r = compare(actual, c.values[0] as Literal);
      if (r === undefined) return false;
      if (c.op === '=') return r === 0;
      if (c.op === '<') return r < 0;
      if (c.op === '>') return r > 0;
      if (c.op === '<=') return r <= 0;
      return r >= 0;
    }
  }
}

function sortKeyCompare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  if (NUMERIC.test(x) && NUMERIC.test(y)) return Number(x) - Number(y);
  return x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0;
}

export interface QueryTarget {
  entity: string;
  nameList: boolean;
  fields: ReadonlySet<string>;
}

export function validatePaging(q: ParsedQuery): void {
  if (q.maxResults !== undefined && q.maxResults < 1) {
    throw faults.queryInvalid(`value ${q.maxResults} is too small. Min allowed value is 1`);
  }
  if (q.maxResults !== undefined && q.maxResults > MAX_PAGE_SIZE) {
    throw faults.queryInvalid(`value ${q.maxResults} is too large. Max allowed value is ${MAX_PAGE_SIZE}`);
  }
  if (q.startPosition !== undefined && q.startPosition < 1) {
    throw faults.queryInvalid(`value ${q.startPosition} is too small. Min allowed value is 1`);
  }
}

/** Filters, sorts and pages. Returns the page and the number of matching rows. */
export function runQuery(
  q: ParsedQuery,
  target: QueryTarget,
  records: Rec[],
): { rows: Rec[]; total: number } {
  validatePaging(q);
  const fieldsLower = new Map([...target.fields].map((f) => [f.toLowerCase(), f]));
  for (const f of [...q.where.map((c) => c.field), ...q.orderBy.map((o) => o.field)]) {
    const first = f.split('.')[0] as string;
    if (!fieldsLower.has(first.toLowerCase())) {
      throw faults.queryInvalid(`Property ${first} not found for Entity ${target.entity}`);
    }
  }
  const conditions = [...q.where];
  // Name lists return only active records unless the query filters on Active; a list whose records carry no
  // Active flag at all (TaxAgency) has nothing inactive to hide.
  const hideInactive = target.nameList && !conditions.some((c) => c.field.toLowerCase() === 'active');
  const filtered = records.filter(
    (r) => (!hideInactive || r.Active !== false) && conditions.every((c) => matches(r, c)),
  );
  const order = q.orderBy.length ? q.orderBy : [{ field: 'Id', direction: 'ASC' as const }];
  filtered.sort((a, b) => {
    for (const o of order) {
      const r = sortKeyCompare(valueAt(a, o.field), valueAt(b, o.field));
      if (r !== 0) return o.direction === 'DESC' ? -r : r;
    }
    return 0;
  });
  const start = (q.startPosition ?? 1) - 1;
  const size = q.maxResults ?? DEFAULT_PAGE_SIZE;
  return { rows: filtered.slice(start, start + size), total: filtered.length };
}
