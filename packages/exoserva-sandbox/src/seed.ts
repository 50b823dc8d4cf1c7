import type { ExoservaStore } from './store.ts';

export const DEMO_TENANT_ID = 'ten_summit';
export const OTHER_TENANT_ID = 'ten_northwind';

/**
 * The demo data every sandbox starts with. Summit HVAC is the tenant the host signs in to; Northwind
 * Electric exists so tests can prove one tenant never sees another's data. Ids are fixed so tests and
 * docs can name them.
 */
export function seedDemoData(store: ExoservaStore): void {
  store.addTenant({
    id: DEMO_TENANT_ID,
    name: 'Summit HVAC',
    currency: 'USD',
    locale: 'en-US',
    timeZone: 'America/Denver',
  });
  store.addUser({
    id: 'usr_olivia',
    tenantId: DEMO_TENANT_ID,
    name: 'Olivia Owner',
    email: 'olivia@summit-hvac.test',
    role: 'owner',
  });
  store.addUser({
    id: 'usr_adam',
    tenantId: DEMO_TENANT_ID,
    name: 'Adam Admin',
    email: 'adam@summit-hvac.test',
    role: 'tenant_admin',
  });
  store.addUser({
    id: 'usr_theo',
    tenantId: DEMO_TENANT_ID,
    name: 'Theo Tech',
    email: 'theo@summit-hvac.test',
    role: 'technician',
  });

  store.addTenant({
    id: OTHER_TENANT_ID,
    name: 'Northwind Electric',
    currency: 'USD',
    locale: 'en-US',
    timeZone: 'America/Chicago',
  });
  store.addUser({
    id: 'usr_nora',
    tenantId: OTHER_TENANT_ID,
    name: 'Nora Northwind',
    email: 'nora@northwind-electric.test',
    role: 'owner',
  });
}
