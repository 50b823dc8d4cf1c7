/**
 * Exoserva customer → QuickBooks Customer. Only what an accountant needs to bill: names, email, phone and
 * addresses. Nothing Exoserva-internal (tenant, version, timestamps) is sent.
 */
import type { Address, ExoCustomer } from '@exoserva/contracts';
import type { MappedPayload, QboAddress, QboCustomerBody, QboEntityVersion } from './qbo-types.ts';
import { buildSparseUpdate, type SparseUpdate } from './sparse-update.ts';

/**
 * QuickBooks forbids `:` (it separates parent:child customers), tab and newline in customer names.
 * Each becomes a space; runs of whitespace collapse; the ends are trimmed. Same input, same output, always.
 */
export function sanitizeQboName(name: string): string {
  return name
    .replace(/[:\t\r\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function mapCustomer(customer: ExoCustomer): MappedPayload<'Customer', QboCustomerBody> {
  // A name made only of forbidden characters would leave nothing (6080 "No Name Provided"): fall back to one
  // that points back at the Exoserva record.
  const displayName = sanitizeQboName(customer.displayName) || `Exoserva customer ${customer.id}`;
  const body: QboCustomerBody = { DisplayName: displayName };
  const givenName = customer.givenName === undefined ? '' : sanitizeQboName(customer.givenName);
  const familyName = customer.familyName === undefined ? '' : sanitizeQboName(customer.familyName);
  const companyName = customer.companyName === undefined ? '' : sanitizeQboName(customer.companyName);
  if (givenName) body.GivenName = givenName;
  if (familyName) body.FamilyName = familyName;
  if (companyName) body.CompanyName = companyName;
  if (customer.email) body.PrimaryEmailAddr = { Address: customer.email };
  if (customer.phone) body.PrimaryPhone = { FreeFormNumber: customer.phone };
  if (customer.billingAddress) body.BillAddr = mapAddress(customer.billingAddress);
  if (customer.serviceAddress) body.ShipAddr = mapAddress(customer.serviceAddress);
  return { entity: 'Customer', body };
}

/** An edited customer → sparse update against the QuickBooks customer (see buildSparseUpdate). */
export function mapCustomerUpdate(
  customer: ExoCustomer,
  target: QboEntityVersion,
  previousBody?: QboCustomerBody,
): SparseUpdate {
  return buildSparseUpdate(mapCustomer(customer).body, target, previousBody);
}

export function mapAddress(address: Address): QboAddress {
  const out: QboAddress = { Line1: address.line1, City: address.city };
  if (address.line2) out.Line2 = address.line2;
  if (address.region) out.CountrySubDivisionCode = address.region;
  if (address.postalCode) out.PostalCode = address.postalCode;
  if (address.country) out.Country = address.country;
  return out;
}
