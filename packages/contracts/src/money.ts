import { z } from 'zod';

/** Money inside the product: a whole number of cents. Never a float, never a decimal string. */
export const Cents = z.number().int().safe();
export type Cents = z.infer<typeof Cents>;

/** A calendar date, YYYY-MM-DD, as both Exoserva and QuickBooks use it for transaction dates. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
