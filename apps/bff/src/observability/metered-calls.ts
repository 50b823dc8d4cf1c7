/**
 * Intuit's App Partner Program (2025) splits Accounting API calls in two: "Core" — data in (creates, updates,
 * deletes, voids; unmetered) — and "CorePlus" — data out (reads, queries, reports, change data capture;
 * metered, with a monthly allowance for the whole app, past which every CorePlus call of the app is blocked).
 * The product counts its CorePlus calls by company and purpose so an operator sees where the allowance goes.
 */
export type MeterClass = 'core' | 'coreplus';

/** Port operations that take data out of QuickBooks; everything else a port does puts data in. */
const READS = /^(get|list|read|find|changed|general|sales|aged|transactions|company)/;

export function meterClassOf(operation: string): MeterClass {
  return READS.test(operation) ? 'coreplus' : 'core';
}

/** The calendar month a call counts in (Intuit's allowance is monthly), UTC. */
export const meterMonthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
