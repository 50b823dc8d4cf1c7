import { z } from 'zod';

/** Exoserva roles. Only the first two may see or change the QuickBooks integration. */
export const Role = z.enum(['owner', 'tenant_admin', 'dispatcher', 'technician']);
export type Role = z.infer<typeof Role>;
export const ADMIN_ROLES: readonly Role[] = ['owner', 'tenant_admin'];

/**
 * Claims of the signed session token the Exoserva shell hands the wizard (a JWT, HS256 or a JWKS key).
 * `sub` is the Exoserva user id, `tid` the tenant id.
 */
export const SessionClaims = z.object({
  sub: z.string().min(1).max(128),
  tid: z.string().min(1).max(128),
  role: Role,
  name: z.string().max(200).optional(),
  /** The tenant's name as the shell shows it ("Summit HVAC"): said before an admin leaves for Intuit. */
  tenantName: z.string().max(200).optional(),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});
export type SessionClaims = z.infer<typeof SessionClaims>;
