/**
 * Reading QuickBooks request bodies: every field is type-checked here, and a wrong type becomes a
 * ValidationFault naming the element instead of a crash.
 */
import { faults } from './faults.ts';
import { decimalToCents, parseDecimal, type Decimal } from './money.ts';
import { isValidDate } from './time.ts';

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Properties outside the entity's XSD are refused with 2010, as QuickBooks does. */
export function rejectUnknownProperties(body: Rec, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) throw faults.unsupportedProperty(key);
  }
}

export function optString(body: Rec, key: string, element = key, max?: number): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  let s: string;
  if (typeof v === 'string') s = v;
  // QuickBooks' deserializer coerces scalars to strings.
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else throw faults.unsupportedProperty(element, 'expected a string');
  if (max !== undefined && s.length > max) throw faults.stringLength(element, max, s.length);
  return s;
}

export function optBool(body: Rec, key: string, element = key): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw faults.unsupportedProperty(element, 'expected true or false');
}

export function optDecimal(body: Rec, key: string, element = key): Decimal | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const d = parseDecimal(v);
  if (!d) throw faults.unsupportedProperty(element, 'expected a number');
  return d;
}

/** A money amount in integer cents (extra decimals are rounded half away from zero). */
export function optCents(body: Rec, key: string, element = key): number | undefined {
  const d = optDecimal(body, key, element);
  return d === undefined ? undefined : decimalToCents(d);
}

export function optRecord(body: Rec, key: string, element = key): Rec | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!isRec(v)) throw faults.unsupportedProperty(element, 'expected an object');
  return v;
}

export function optArray(body: Rec, key: string, element = key): unknown[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw faults.unsupportedProperty(element, 'expected an array');
  return v;
}

/** A `{value, name}` reference; returns its id. */
export function optRefId(body: Rec, key: string, element = key): string | undefined {
  const ref = optRecord(body, key, element);
  if (ref === undefined) return undefined;
  const id = optString(ref, 'value', element);
  if (id === undefined || id.trim() === '') throw faults.required(element);
  return id.trim();
}

export function optDate(body: Rec, key: string, element = key): string | undefined {
  const s = optString(body, key, element);
  if (s === undefined) return undefined;
  // QuickBooks also accepts a date-time here and keeps its date part.
  const date = s.slice(0, 10);
  if (!isValidDate(date)) throw faults.unsupportedProperty(element, `invalid date ${s}`);
  return date;
}
