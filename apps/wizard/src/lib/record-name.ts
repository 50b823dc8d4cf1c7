import type { SyncRecordKind } from '@exoserva/contracts';
import type { Translate } from '../i18n/messages.tsx';
import { formatMoney } from './format.ts';

/** A record as the sync lists it; number, amount and customer when the BFF knows them. */
export interface ListedRecord {
  kind: SyncRecordKind;
  id: string;
  label?: string | null | undefined;
  amountCents?: number | null | undefined;
  customerName?: string | null | undefined;
}

/**
 * A record the way a bookkeeper finds it in either set of books — "Invoice DFFC-1002" with "Acme HVAC · $758.58",
 * "Payment of $120.00" with its customer and check number — never an internal id unless nothing else is known.
 */
export function recordName(
  r: ListedRecord,
  t: Translate,
  locale: string,
  currency: string,
): { title: string; facts: string[] } {
  const kind = t(`held.kind.${r.kind}`);
  // A customer's "customer" is itself.
  const customer = r.kind === 'customer' ? null : r.customerName;
  const amount = typeof r.amountCents === 'number' ? formatMoney(r.amountCents, locale, currency) : null;
  const named = r.kind === 'customer' || r.kind === 'invoice';
  if (named && r.label) {
    return { title: `${kind} ${r.label}`, facts: [customer, amount].filter(isText) };
  }
  if (amount) {
    // A payment's "label" is its check number or card charge: a fact beside the amount, not its name.
    return { title: t('record.of', { kind, amount }), facts: [customer, r.label].filter(isText) };
  }
  return { title: `${kind} ${r.label ?? r.id}`, facts: [customer].filter(isText) };
}

const isText = (v: string | null | undefined): v is string => typeof v === 'string' && v.length > 0;
