import type { Role } from '@exoserva/contracts';

/**
 * The sandbox's whole state, in memory. One map per resource; later resources (customers, invoices,
 * payments, refunds, payouts, events) get their own map and their own accessors here, so routes never
 * touch the maps directly.
 */
export interface Tenant {
  id: string;
  name: string;
  /** ISO 4217. */
  currency: string;
  /** BCP 47. */
  locale: string;
  timeZone: string;
}

export interface User {
  id: string;
  tenantId: string;
  name: string;
  email: string;
  role: Role;
}

export class ExoservaStore {
  readonly tenants = new Map<string, Tenant>();
  readonly users = new Map<string, User>();

  addTenant(tenant: Tenant): Tenant {
    this.tenants.set(tenant.id, tenant);
    return tenant;
  }

  addUser(user: User): User {
    if (!this.tenants.has(user.tenantId))
      throw new Error(`Unknown tenant ${user.tenantId} for user ${user.id}`);
    this.users.set(user.id, user);
    return user;
  }

  getTenant(id: string): Tenant | undefined {
    return this.tenants.get(id);
  }

  listTenants(): Tenant[] {
    return [...this.tenants.values()];
  }

  getUser(id: string): User | undefined {
    return this.users.get(id);
  }

  listUsers(tenantId: string): User[] {
    return [...this.users.values()].filter((u) => u.tenantId === tenantId);
  }

  /** The first user of a tenant holding a role: what a dev session signs in as. */
  findUserByRole(tenantId: string, role: Role): User | undefined {
    return this.listUsers(tenantId).find((u) => u.role === role);
  }
}
