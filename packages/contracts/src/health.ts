import { z } from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;

/** Who the BFF thinks the caller is; lets the wizard show role-aware screens without decoding the token. */
export const MeResponse = z.object({
  userId: z.string(),
  tenantId: z.string(),
  role: z.string(),
  name: z.string().nullable(),
  /** The Exoserva account's name, when the shell's session carries it. */
  tenantName: z.string().nullable(),
  canManage: z.boolean(),
});
export type MeResponse = z.infer<typeof MeResponse>;
