/**
 * THE one place where integer cents become QuickBooks decimals and back (CONVENTIONS: "decimals exist
 * only at the QuickBooks boundary, converted in one place"). All conversions are string/integer math:
 * no value is ever multiplied or divided as a binary float.
 */

/**
 * Largest magnitude we convert. A decimal with ≤ 15 significant digits survives a round trip through a
 * JSON number (IEEE-754 double) exactly; 999 999 999 999 999 cents ($9.99 trillion) is far above any
 * invoice and keeps every amount exact.
 */
export const MAX_QBO_CENTS = 999_999_999_999_999;

/** Cents → the JSON number QuickBooks expects, ≤ 2 decimals, exact: 14250 → 142.5, -5 → -0.05. */
export function centsToQbo(cents: number): number {
  if (!Number.isSafeInteger(cents))
    throw new TypeError(`centsToQbo: ${cents} is not a whole number of cents`);
  if (Math.abs(cents) > MAX_QBO_CENTS)
    throw new RangeError(`centsToQbo: ${cents} cents is too large to send`);
  return Number(centsToDecimalString(cents));
}

/** Cents → "142.50" (two decimals, no separators), for notes, messages and report-style strings. */
export function centsToDecimalString(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`${cents} is not a whole number of cents`);
  const digits = String(Math.abs(cents)).padStart(3, '0');
  const text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return cents < 0 ? `-${text}` : text;
}

/** Cents → "$142.50" for plain-words failure messages. */
export function formatDollars(cents: number): string {
  const text = centsToDecimalString(cents);
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
}

const DECIMAL_AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * A QuickBooks amount → cents. Accepts JSON numbers (37.5) and the decimal strings reports carry ("37.50",
 * "-3.00"). Rejects, by throwing (a malformed amount from QuickBooks is a bug, not an expected outcome):
 * more than two decimals (0.1 + 0.2 arrives as 0.30000000000000004), NaN/Infinity, exponents, empty strings,
 * and thousands separators ("1,234.56"): the API never sends them, and guessing between "1,234.56" and
 * "1.234,56" is how a cent goes missing.
 */
export function qboToCents(value: number | string): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`qboToCents: ${value} is not an amount`);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    throw new TypeError(`qboToCents: expected a number or a decimal string, got ${typeof value}`);
  }
  const match = DECIMAL_AMOUNT.exec(text);
  if (!match) throw new RangeError(`qboToCents: "${text}" is not an amount with at most two decimals`);
  const [, sign, whole = '', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > MAX_QBO_CENTS) {
    throw new RangeError(`qboToCents: "${text}" is too large`);
  }
  // `|| 0` turns "-0.00" into 0 rather than -0.
  return sign === '-' ? -cents || 0 : cents;
}

/** Exoserva quantity in thousandths → QuickBooks Qty: 1500 → 1.5, 1333 → 1.333. Same string math. */
export function quantityMilliToQbo(quantityMilli: number): number {
  if (!Number.isSafeInteger(quantityMilli))
    throw new TypeError(`${quantityMilli} is not a whole milli-quantity`);
  const digits = String(Math.abs(quantityMilli)).padStart(4, '0');
  const text = `${quantityMilli < 0 ? '-' : ''}${digits.slice(0, -3)}.${digits.slice(-3)}`;
  return Number(text);
}

const DECIMAL_QUANTITY = /^(-?)(\d+)(?:\.(\d{1,3}))?$/;

/** QuickBooks Qty → thousandths; more than three decimals throws (Exoserva can't hold it exactly). */
export function qboToQuantityMilli(value: number | string): number {
  const text = typeof value === 'number' ? String(value) : value;
  const match = DECIMAL_QUANTITY.exec(text);
  if (!match)
    throw new RangeError(`qboToQuantityMilli: "${text}" is not a quantity with at most three decimals`);
  const [, sign, whole = '', fraction = ''] = match;
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  if (!Number.isSafeInteger(milli)) throw new RangeError(`qboToQuantityMilli: "${text}" is too large`);
  return sign === '-' ? -milli || 0 : milli;
}

/**
 * quantity (thousandths) × unit price (cents), rounded to the cent half away from zero — Exoserva's rule, and the
 * one QuickBooks' Qty × UnitPrice check (6070) is taken to use for positive amounts (1.333 × 95.00 = 126.635 →
 * 126.64). Integer math: as a binary float 1.333 × 95 is 126.63499…, which would round the wrong way.
 */
export function lineProductCents(quantityMilli: number, unitPriceCents: number): number {
  const product = BigInt(quantityMilli) * BigInt(unitPriceCents);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const cents = (abs * 2n + 1000n) / 2000n;
  return Number(negative ? -cents : cents);
}

/**
 * True when a line's Qty and UnitPrice can go to QuickBooks as they are: their product, rounded to the cent, is
 * the line's amount. Exoserva computes every line this way, so this is false only for an amount some other rule
 * produced (sync-core README, "Qty × UnitPrice").
 */
export function quantityFitsAmount(
  quantityMilli: number,
  unitPriceCents: number,
  amountCents: number,
): boolean {
  return lineProductCents(quantityMilli, unitPriceCents) === amountCents;
}
