/**
 * What an admin typed, read as an amount of money when it is one: "142.50", "$142.50", "$1,234.5", "142" →
 * cents; anything else (an invoice number such as "1042-A", a date, a name) → null. String math, no floats:
 * one cent off would find the wrong record.
 */
const AMOUNT = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

export function amountInCents(text: string): number | null {
  const m = AMOUNT.exec(text.trim());
  if (!m) return null;
  const dollars = (m[1] ?? '').replace(/,/g, '');
  const cents = (m[2] ?? '').padEnd(2, '0');
  // Beyond a trillion dollars it is an id or a phone number, not an amount.
  if (dollars.length > 12) return null;
  return Number(dollars) * 100 + Number(cents);
}
