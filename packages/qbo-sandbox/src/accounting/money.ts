/**
 * Money is integer cents inside the engine; QuickBooks' JSON numbers are converted here and only here.
 * Rates, quantities and unit prices stay exact decimals (bigint mantissa + scale) until rounded to cents.
 */
export interface Decimal {
  /** value = n / 10^scale */
  n: bigint;
  scale: number;
}

/** Parses a JSON number or numeric string exactly (no binary floating point on the way). */
export function parseDecimal(value: unknown): Decimal | undefined {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    s = String(value);
  } else if (typeof value === 'string' && value.trim() !== '') {
    s = value.trim();
  } else {
    return undefined;
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  let n = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0') * sign;
  let scale = frac.length - exp;
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n, scale };
}

/** a / b rounded half away from zero; b > 0. */
export function divRound(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const abs = neg ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return neg ? -q : q;
}

export function decimalToCents(d: Decimal): number {
  return Number(divRound(d.n * 100n, 10n ** BigInt(d.scale)));
}

/** Exact (unrounded) check that a decimal has at most two fraction digits. */
export function hasAtMostCents(d: Decimal): boolean {
  return (d.n * 100n) % 10n ** BigInt(d.scale) === 0n;
}

/** qty × unitPrice rounded to cents. */
export function productCents(qty: Decimal, unitPrice: Decimal): number {
  return Number(divRound(qty.n * unitPrice.n * 100n, 10n ** BigInt(qty.scale + unitPrice.scale)));
}

/** cents × percent / 100, rounded to cents (a tax rate or a percent discount). */
export function percentOf(cents: number, percent: Decimal): number {
  return Number(divRound(BigInt(cents) * percent.n, 100n * 10n ** BigInt(percent.scale)));
}

/** cents × num / den rounded (proration). */
export function prorate(cents: number, num: number, den: number): number {
  if (den === 0) return 0;
  const sign = den < 0 ? -1n : 1n;
  return Number(divRound(BigInt(cents) * BigInt(num) * sign, BigInt(den) * sign));
}

/** The JSON number QuickBooks shows for an amount in cents. */
export function centsToNumber(cents: number): number {
  return cents === 0 ? 0 : cents / 100; // never -0
}

/** Report cells: `"37.50"`, `"-3.00"`. */
export function centsToString(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

export function decimalToNumber(d: Decimal): number {
  return Number(d.n) / 10 ** d.scale;
}
