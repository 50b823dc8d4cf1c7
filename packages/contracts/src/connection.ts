import { z } from 'zod';

/** What the wizard knows about the tenant's QuickBooks connection. Never carries a token. */
export const ConnectionState = z.enum(['disconnected', 'connected', 'needs_reconnect']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const ConnectionStatus = z.object({
  state: ConnectionState,
  company: z
    .object({
      realmId: z.string(),
      name: z.string(),
    })
    .nullable(),
  connectedAt: z.string().datetime().nullable(),
  /** Why the connection needs a reconnect, in plain words (only in needs_reconnect). */
  reason: z.string().nullable(),
  /** When Intuit's hard refresh-token expiry is known: the moment the connection ends for good. */
  hardExpiresAt: z.string().datetime().nullable(),
  environment: z.enum(['sandbox', 'production']),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** Scopes the product asks Intuit for, shown to the admin before connecting. */
export const REQUESTED_ACCESS = ['customers', 'invoices', 'payments', 'items', 'tax_rates'] as const;
