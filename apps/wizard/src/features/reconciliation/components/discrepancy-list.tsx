import type { Discrepancy, FigureKey, ReconciliationReport } from '@exoserva/contracts';
import { useState } from 'react';
import { useT, type Translate } from '../../../i18n/messages.tsx';
import { FixButton } from './fix-button.tsx';
import { useFormat } from './format-helpers.ts';

const PAGE = 25;

/** The records behind the differences: what each side holds, why they differ, and the fix. */
export function DiscrepancyList({
  report,
  filter,
  onClearFilter,
}: {
  report: ReconciliationReport;
  filter: FigureKey | null;
  onClearFilter: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const [shown, setShown] = useState(PAGE);
  const records = filter
    ? report.discrepancies.filter((d) => d.figures.includes(filter))
    : report.discrepancies;
  const unexplained = report.figures.filter((l) => !l.matches && l.unexplainedCents !== 0);
  return (
    <section className="exq-rec-section" aria-labelledby="exq-rec-records">
      <h3 id="exq-rec-records" className="exq-section-title">
        {t('reconciliation.records.title')}
      </h3>
      {filter && (
        <p className="exq-muted exq-rec-noprint">
          {t('reconciliation.records.filtered', { figure: t(`reconciliation.figure.${filter}`) })}{' '}
          <button type="button" className="exq-button exq-button--link" onClick={onClearFilter}>
            {t('reconciliation.records.showAll')}
          </button>
        </p>
      )}
      {unexplained.map((l) => (
        <p key={l.key} className="exq-muted">
          {t('reconciliation.unexplained', {
            figure: t(`reconciliation.figure.${l.key}`),
            amount: f.money(l.unexplainedCents),
          })}
        </p>
      ))}
      {records.length === 0 ? (
        <p className="exq-muted">{t('reconciliation.records.none')}</p>
      ) : (
        <ul className="exq-rec-records">
          {records.map((d, i) => (
            // Printing shows every record; the screen pages through long lists.
            <li key={d.key} className={`exq-rec-record${i >= shown ? ' exq-rec-print-only' : ''}`}>
              <RecordItem d={d} />
            </li>
          ))}
        </ul>
      )}
      {records.length > shown && (
        <button
          type="button"
          className="exq-button exq-button--secondary exq-rec-noprint"
          onClick={() => setShown((n) => n + PAGE)}
        >
          {t('reconciliation.records.more', { count: Math.min(PAGE, records.length - shown) })}
        </button>
      )}
    </section>
  );
}

/** QuickBooks' transaction types the catalogs name; any other is named by its QuickBooks type. */
const NAMED_TYPES = [
  'Invoice',
  'Payment',
  'SalesReceipt',
  'RefundReceipt',
  'CreditMemo',
  'JournalEntry',
  'Deposit',
] as const;
type NamedType = (typeof NAMED_TYPES)[number];
const isNamed = (type: string): type is NamedType => (NAMED_TYPES as readonly string[]).includes(type);

/** "Invoice INV-1042", "Sales receipt #1055", "Journal entry #390": what a person recognises. */
export function recordName(d: Discrepancy, t: Translate): string {
  if (d.recordKind && d.exoserva) {
    return t('reconciliation.recordLabel', {
      kind: t(`reconciliation.kind.${d.recordKind}`),
      label: d.exoserva.label,
    });
  }
  const q = d.quickbooks;
  const type = q?.type ?? '';
  const kind = isNamed(type)
    ? t(`reconciliation.qboType.${type}`)
    : t('reconciliation.qboType.other', { type });
  return t('reconciliation.recordLabel', {
    kind,
    label: t('reconciliation.side.document', { number: q?.docNumber ?? q?.id ?? '' }),
  });
}

function RecordItem({ d }: { d: Discrepancy }) {
  const t = useT();
  const f = useFormat();
  const name = recordName(d, t);
  const side = (s: { date: string; amountCents: number; customerName: string | null }, label: string) =>
    [label, f.day(s.date), f.money(s.amountCents), s.customerName].filter(Boolean).join(' · ');
  return (
    <>
      <h4 className="exq-rec-record__title">
        {name} — {t(`reconciliation.cause.${d.cause}.title`)}
      </h4>
      <dl className="exq-rec-sides">
        <dt>{t('reconciliation.side.exoserva')}</dt>
        <dd>{d.exoserva ? side(d.exoserva, d.exoserva.label) : t('reconciliation.side.absentExoserva')}</dd>
        <dt>{t('reconciliation.side.quickbooks')}</dt>
        <dd>
          {d.quickbooks ? (
            <>
              {side(
                d.quickbooks,
                t('reconciliation.side.document', { number: d.quickbooks.docNumber ?? d.quickbooks.id }),
              )}
              {d.quickbooks.url && (
                <>
                  {' · '}
                  <a href={d.quickbooks.url} target="_blank" rel="noopener noreferrer">
                    {t('reconciliation.openInQuickBooks')}
                    <span className="exq-sr-only">: {name}</span>
                  </a>
                </>
              )}
            </>
          ) : (
            t('reconciliation.side.absentQuickbooks')
          )}
        </dd>
      </dl>
      {d.effects.length > 0 && (
        <p className="exq-small exq-rec-effects">
          <span className="exq-muted">{t('reconciliation.effects')}:</span>{' '}
          {d.effects.map((e, i) => (
            <span key={e.figure}>
              {i > 0 && ' · '}
              <span>{t(`reconciliation.figure.${e.figure}`)}</span>{' '}
              <span className="exq-mono">{f.money(e.cents)}</span>
            </span>
          ))}
        </p>
      )}
      <p className="exq-muted">{t(`reconciliation.cause.${d.cause}.body`)}</p>
      {d.failure && <p>{t('reconciliation.failure', { title: d.failure.title, fix: d.failure.fix })}</p>}
      {d.exoserva && d.recordKind && (
        <FixButton kind={d.recordKind} id={d.exoserva.id} fix={d.fix} recordName={name} />
      )}
    </>
  );
}
