import type { AuditEntry } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useCatalogPartReady, useHasMessage, useT } from '../../../i18n/messages.tsx';
import { formatDay, formatMoney } from '../../../lib/format.ts';

/**
 * An audit entry's detail in the admin's language. The BFF records each detail as English text plus a code and its
 * facts (apps/bff/src/services/audit-details.ts); the words for the codes live in the later part of the catalog
 * (ADR 0011), so until that part lands — shortly after the first step shows — the line stays empty rather than
 * flash English in a Spanish page. A code this wizard has no words for, and an entry recorded before codes
 * existed, show the English they were recorded in.
 */
export function AuditDetail({ entry, now = false }: { entry: AuditEntry; now?: boolean }) {
  const t = useT();
  const hasMessage = useHasMessage();
  const { locale, currency } = useWizardEnv();
  // `now` on the Activity page, where the details are the point; the Connect page's short log lets the first step
  // have the network first.
  const laterReady = useCatalogPartReady('later', { request: now });
  if (!entry.detailCode) return entry.detail ? <Line text={entry.detail} /> : null;
  if (!laterReady) return null;
  const key = `auditDetail.${entry.detailCode}`;
  if (!hasMessage(key)) return entry.detail ? <Line text={entry.detail} /> : null;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(entry.detailParams ?? {}))
    params[name] =
      typeof value === 'number'
        ? value
        : ISO_DAY.test(String(value))
          ? formatDay(String(value), locale)
          : String(value);
  // A record kind is a word, not a fact: say it in the page's language. Money arrives in cents: write it in the
  // tenant's locale and currency as `{amount}`. Days (a backfill's range) arrive as 2026-10-01: written as the
  // locale writes dates.
  const kindKey = `auditDetail.kind.${String(params.kind)}`;
  if (params.kind !== undefined && hasMessage(kindKey)) params.kind = t(kindKey);
  if (typeof params.amountCents === 'number')
    params.amount = formatMoney(params.amountCents, locale, currency);
  return <Line text={t(key, params)} />;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function Line({ text }: { text: string }) {
  return <span className="exq-muted exq-small exq-block">{text}</span>;
}
