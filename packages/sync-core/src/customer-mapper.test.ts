import { describe, expect, it } from 'vitest';
import { mapCustomer, mapCustomerUpdate, sanitizeQboName } from './customer-mapper.ts';
import { customer } from './testing/fixtures.ts';

describe('mapCustomer', () => {
  it('sends names, email, phone, billing and service addresses as QuickBooks fields', () => {
    expect(mapCustomer(customer)).toEqual({
      entity: 'Customer',
      body: {
        DisplayName: 'Adaeze Okafor',
        GivenName: 'Adaeze',
        FamilyName: 'Okafor',
        PrimaryEmailAddr: { Address: 'adaeze@example.com' },
        PrimaryPhone: { FreeFormNumber: '(217) 555-0143' },
        BillAddr: {
          Line1: '742 Evergreen Terrace',
          City: 'Springfield',
          CountrySubDivisionCode: 'IL',
          PostalCode: '62704',
          Country: 'US',
        },
        ShipAddr: {
          Line1: '19 Maple Court',
          Line2: 'Unit B',
          City: 'Springfield',
          CountrySubDivisionCode: 'IL',
          PostalCode: '62701',
        },
      },
    });
  });

  it('sends nothing Exoserva-internal', () => {
    const json = JSON.stringify(mapCustomer(customer).body);
    for (const internal of ['ten_coolbreeze', 'cus_okafor', '2026-03-02T15:04:05', 'version', 'tenant']) {
      expect(json).not.toContain(internal);
    }
  });

  it('strips colons, tabs and newlines from names, which QuickBooks forbids', () => {
    const body = mapCustomer({
      ...customer,
      displayName: 'Okafor:\tHVAC\nAccount',
      givenName: 'Ada:eze',
      companyName: 'Okafor\r\nHoldings',
    }).body;
    expect(body.DisplayName).toBe('Okafor HVAC Account');
    expect(body.GivenName).toBe('Ada eze');
    expect(body.CompanyName).toBe('Okafor Holdings');
  });

  it('strips the same name the same way every time', () => {
    expect(sanitizeQboName(' A::B\t\tC ')).toBe('A B C');
    expect(sanitizeQboName(' A::B\t\tC ')).toBe(sanitizeQboName(' A::B\t\tC '));
  });

  it('falls back to a name that points at the Exoserva record when nothing is left', () => {
    expect(mapCustomer({ ...customer, displayName: ':\t:' }).body.DisplayName).toBe(
      'Exoserva customer cus_okafor',
    );
  });

  it('omits fields the customer does not have', () => {
    const body = mapCustomer({
      id: 'c',
      tenantId: 't',
      displayName: 'Walk-in',
      version: 0,
      updatedAt: customer.updatedAt,
    }).body;
    expect(body).toEqual({ DisplayName: 'Walk-in' });
  });
});

describe('mapCustomerUpdate', () => {
  const target = { Id: '58', SyncToken: '3' };

  it('sends only the changed fields as a sparse update', () => {
    const previous = mapCustomer(customer).body;
    const update = mapCustomerUpdate({ ...customer, phone: '(217) 555-0199' }, target, previous);
    expect(update).toEqual({
      changed: true,
      body: { Id: '58', SyncToken: '3', sparse: true, PrimaryPhone: { FreeFormNumber: '(217) 555-0199' } },
    });
  });

  it('reports nothing to do when nothing QuickBooks sees changed', () => {
    const previous = mapCustomer(customer).body;
    expect(
      mapCustomerUpdate({ ...customer, version: 3, updatedAt: '2026-03-09T00:00:00.000Z' }, target, previous),
    ).toEqual({ changed: false });
  });

  it('sends a field that is new since the last body as a sparse change', () => {
    const { phone: _phone, ...withoutPhone } = customer;
    const previous = mapCustomer(withoutPhone).body;
    const update = mapCustomerUpdate(customer, target, previous);
    expect(update).toEqual({
      changed: true,
      body: { Id: '58', SyncToken: '3', sparse: true, PrimaryPhone: { FreeFormNumber: '(217) 555-0143' } },
    });
  });

  it('falls back to a full update when a field was removed, since sparse updates cannot clear one', () => {
    const previous = mapCustomer(customer).body;
    const { phone: _phone, ...withoutPhone } = customer;
    const update = mapCustomerUpdate(withoutPhone, target, previous);
    expect(update.changed && update.body.sparse).toBe(false);
    expect(update.changed && update.body).not.toHaveProperty('PrimaryPhone');
    expect(update.changed && update.body.DisplayName).toBe('Adaeze Okafor');
  });
});
