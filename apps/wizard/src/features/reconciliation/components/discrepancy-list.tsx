import type { Discrepancy, FigureKey, ReconciliationReport } from '@exoserva/contracts';
import { useState } from 'react';
import { useT } from '../../../i18n/messages.tsx';
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

function RecordItem({ d }: { d: Discrepancy }) {
  const t = useT();
  const f = useFormat();
  const kind = t(`reconciliation.kind.${d.recordKind}`);
  const name = t('reconciliation.recordLabel', {
    kind,
    label: d.exoserva
      ? d.exoserva.label
      : t('reconciliation.side.document', { number: d.quickbooks?.docNumber ?? d.quickbooks?.id ?? '' }),
  });
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
          {d.quickbooks
            ? side(
                d.quickbooks,
                t('reconciliation.side.document', { number: d.quickbooks.docNumber ?? d.quickbooks.id }),
              )
            : t('reconciliation.side.absentQuickbooks')}
        </dd>
        <dt>{t('reconciliation.col.difference')}</dt>
        <dd className="exq-mono">{f.money(d.differenceCents)}</dd>
      </dl>
      <p className="exq-muted">{t(`reconciliation.cause.${d.cause}.body`)}</p>
      {d.failure && <p>{t('reconciliation.failure', { title: d.failure.title, fix: d.failure.fix })}</p>}
      {d.exoserva && <FixButton kind={d.recordKind} id={d.exoserva.id} fix={d.fix} recordName={name} />}
    </>
  );
}
