import { z } from 'zod';

/** Money inside the product: a whole number of cents. Never a float, never a decimal string. */
export const Cents = z.number().int().safe();
export type Cents = z.infer<typeof Cents>;
