/** The entities the engine models, keyed the ways they arrive: `customer` in URLs, `Customer` in bodies. */
import { xsdFields } from './xsd-fields.ts';

export type EntityKind = 'name' | 'txn' | 'singleton';

export interface EntitySpec {
  name: string;
  kind: EntityKind;
  fields: ReadonlySet<string>;
  /** CDC refuses these (REFERENCE §3.8). */
  cdc: boolean;
  voidable: boolean;
}

const SPECS: [string, EntityKind, { cdc?: boolean; voidable?: boolean }?][] = [
  ['CompanyInfo', 'singleton'],
  ['Preferences', 'singleton'],
  ['Account', 'name'],
  ['Item', 'name'],
  ['Customer', 'name'],
  ['Vendor', 'name'],
  ['Employee', 'name'],
  ['Class', 'name'],
  ['Department', 'name'],
  ['PaymentMethod', 'name'],
  ['TaxCode', 'name', { cdc: false }],
  ['TaxRate', 'name', { cdc: false }],
  ['TaxAgency', 'name', { cdc: false }],
  ['Invoice', 'txn', { voidable: true }],
  ['Payment', 'txn', { voidable: true }],
  ['SalesReceipt', 'txn', { voidable: true }],
  ['CreditMemo', 'txn'],
  ['RefundReceipt', 'txn'],
  ['Deposit', 'txn'],
  ['JournalEntry', 'txn'],
  ['Transfer', 'txn'],
  ['Term', 'name'],
];

const BY_LOWER = new Map<string, EntitySpec>(
  SPECS.map(([name, kind, o]) => [
    name.toLowerCase(),
    { name, kind, fields: xsdFields(name), cdc: o?.cdc ?? true, voidable: o?.voidable ?? false },
  ]),
);

export const ENTITY_NAMES: readonly string[] = SPECS.map(([n]) => n);

/** Case-insensitive lookup: node-quickbooks lowercases entity names in URLs and queries. */
export function entitySpec(name: string): EntitySpec | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** Transaction types whose DocNumber is unique per type and auto-numbered when missing. */
export const DOC_NUMBERED = new Set(['Invoice', 'SalesReceipt', 'CreditMemo', 'RefundReceipt']);
