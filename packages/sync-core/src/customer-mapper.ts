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

/** The name QuickBooks shows for an Exoserva customer before any clash is settled. */
export function plainDisplayName(customer: Pick<ExoCustomer, 'id' | 'displayName'>): string {
  // A name made only of forbidden characters would leave nothing (6080 "No Name Provided"): fall back to one
  // that points back at the Exoserva record.
  return sanitizeQboName(customer.displayName) || `Exoserva customer ${customer.id}`;
}

/** QuickBooks' DisplayName limit (Customer reference: max 500). */
const DISPLAY_NAME_MAX = 500;

/**
 * QuickBooks display names are unique (6240), Exoserva's are not. Of the Exoserva customers whose names become the
 * same QuickBooks name (compared as QuickBooks does, ignoring case), the one created first keeps the plain name and
 * the others take "Name (2)", "Name (3)"… in creation order (ties by id) — whatever order their events arrive in,
 * the same records always give the same names. `sameNamed` may include the customer itself.
 */
export function customerDisplayName(
  customer: Pick<ExoCustomer, 'id' | 'displayName' | 'createdAt'>,
  sameNamed: readonly Pick<ExoCustomer, 'id' | 'displayName' | 'createdAt'>[],
): string {
  const plain = plainDisplayName(customer);
  const key = plain.toLowerCase();
  const clash = [...sameNamed.filter((c) => c.id !== customer.id), customer]
    .filter((c) => plainDisplayName(c).toLowerCase() === key)
    .sort((a, b) => {
      const ta = a.createdAt ?? '';
      const tb = b.createdAt ?? '';
      if (ta !== tb) return ta < tb ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  const rank = clash.findIndex((c) => c.id === customer.id);
  if (rank <= 0) return plain;
  const suffix = ` (${rank + 1})`;
  return `${plain.slice(0, DISPLAY_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
}

/**
 * `sameNamed`: the other Exoserva customers of the tenant with this display name (see customerDisplayName);
 * empty when there are none.
 */
export function mapCustomer(
  customer: ExoCustomer,
  sameNamed: readonly ExoCustomer[] = [],
): MappedPayload<'Customer', QboCustomerBody> {
  const body: QboCustomerBody = { DisplayName: customerDisplayName(customer, sameNamed) };
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
  sameNamed: readonly ExoCustomer[] = [],
): SparseUpdate {
  return buildSparseUpdate(mapCustomer(customer, sameNamed).body, target, previousBody);
}

export function mapAddress(address: Address): QboAddress {
  const out: QboAddress = { Line1: address.line1, City: address.city };
  if (address.line2) out.Line2 = address.line2;
  if (address.region) out.CountrySubDivisionCode = address.region;
  if (address.postalCode) out.PostalCode = address.postalCode;
  if (address.country) out.Country = address.country;
  return out;
}
