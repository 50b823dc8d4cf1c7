/**
 * Two-way customers: the Exoserva customer fields a QuickBooks Customer carries — names, email, phone and the
 * billing and service addresses (an address without a first line and a city is left out).
 */
import type { ExoCustomerFields } from '../ports/exoserva-api.ts';
import type { QboEntity } from '../ports/qbo-sync-api.ts';

export function customerFields(e: QboEntity): ExoCustomerFields {
  const addr = (a: unknown) => {
    const x = a as Record<string, string> | undefined;
    if (!x?.Line1 || !x.City) return undefined;
    return {
      line1: x.Line1,
      city: x.City,
      ...(x.Line2 ? { line2: x.Line2 } : {}),
      ...(x.CountrySubDivisionCode ? { region: x.CountrySubDivisionCode } : {}),
      ...(x.PostalCode ? { postalCode: x.PostalCode } : {}),
      ...(x.Country ? { country: x.Country } : {}),
    };
  };
  const email = (e.PrimaryEmailAddr as { Address?: string } | undefined)?.Address;
  const phone = (e.PrimaryPhone as { FreeFormNumber?: string } | undefined)?.FreeFormNumber;
  const bill = addr(e.BillAddr);
  const ship = addr(e.ShipAddr);
  return {
    displayName: String(e.DisplayName),
    ...(e.GivenName ? { givenName: String(e.GivenName) } : {}),
    ...(e.FamilyName ? { familyName: String(e.FamilyName) } : {}),
    ...(e.CompanyName ? { companyName: String(e.CompanyName) } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(bill ? { billingAddress: bill } : {}),
    ...(ship ? { serviceAddress: ship } : {}),
  };
}
