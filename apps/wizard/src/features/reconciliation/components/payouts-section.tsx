import type { PayoutLine, ReconciliationReport } from '@exoserva/contracts';
import { useT } from '../../../i18n/messages.tsx';
import { FixButton } from './fix-button.tsx';
import { useFormat } from './format-helpers.ts';

/** Stripe payouts ↔ QuickBooks deposits (GUIDE step 8), and deposits no payout explains. */
export function PayoutsSection({ report }: { report: ReconciliationReport }) {
  const t = useT();
  const f = useFormat();
  const { lines, unmatchedDeposits, paymentsDeposits } = report.payouts;
  const matched = lines.filter((l) => l.matched).length;
  return (
    <section className="exq-rec-section" aria-labelledby="exq-rec-payouts">
      <h3 id="exq-rec-payouts" className="exq-section-title">
        {t('reconciliation.payouts.title')}
      </h3>
      <p className="exq-muted">{t('reconciliation.payouts.intro')}</p>
      {lines.length === 0 ? (
        <p className="exq-muted">{t('reconciliation.payouts.none')}</p>
      ) : (
        <>
          <p>{t('reconciliation.payouts.summary', { matched, total: lines.length })}</p>
          {/* In a card narrower than the table each payout stacks, labelled, instead of hiding columns. */}
          <div className="exq-table-wrap exq-stackable">
            <table className="exq-table exq-rec-table">
              <thead>
                <tr>
                  <th scope="col">{t('reconciliation.col.payout')}</th>
                  <th scope="col">{t('reconciliation.col.arrived')}</th>
                  <th scope="col" className="exq-rec-num">
                    {t('reconciliation.col.net')}
                  </th>
                  <th scope="col">{t('reconciliation.col.deposit')}</th>
                  <th scope="col" className="exq-rec-num">
                    {t('reconciliation.col.daysApart')}
                  </th>
                  <th scope="col">{t('reconciliation.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.payoutId}>
                    <th scope="row" className="exq-mono">
                      {l.stripePayoutId}
                    </th>
                    <td data-label={t('reconciliation.col.arrived')}>{f.day(l.arrivalDate)}</td>
                    <td className="exq-rec-num" data-label={t('reconciliation.col.net')}>
                      {f.money(l.netCents)}
                    </td>
                    <td data-label={t('reconciliation.col.deposit')}>
                      {l.deposit
                        ? `${t('reconciliation.side.document', { number: l.deposit.id })} · ${f.day(l.deposit.date)} · ${f.money(l.deposit.amountCents)}`
                        : '—'}
                    </td>
                    <td className="exq-rec-num" data-label={t('reconciliation.col.daysApart')}>
                      {l.businessDaysApart ?? '—'}
                    </td>
                    <td data-label={t('reconciliation.col.status')}>
                      <PayoutStatus line={l} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {unmatchedDeposits.length > 0 && (
        <>
          <h4 className="exq-rec-record__title">{t('reconciliation.deposits.title')}</h4>
          <p className="exq-muted">{t('reconciliation.deposits.body')}</p>
          <ul className="exq-bullets">
            {unmatchedDeposits.map((d) => (
              <li key={d.id}>
                <DepositLink id={d.id} docNumber={d.docNumber} url={d.url} /> · {f.day(d.date)} ·{' '}
                {f.money(d.amountCents)}
              </li>
            ))}
          </ul>
        </>
      )}
      {paymentsDeposits.length > 0 && (
        <>
          <h4 className="exq-rec-record__title">{t('reconciliation.paymentsDeposits.title')}</h4>
          <p className="exq-muted">{t('reconciliation.paymentsDeposits.body')}</p>
          <ul className="exq-bullets">
            {paymentsDeposits.map((d) => (
              <li key={d.id}>
                <DepositLink id={d.id} docNumber={null} url={d.url} /> · {f.day(d.date)} ·{' '}
                {f.money(d.amountCents)} · {t('reconciliation.paymentsDeposits.count', { count: d.payments })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PayoutStatus({ line }: { line: PayoutLine }) {
  const t = useT();
  if (line.matched) {
    return <span className="exq-badge exq-badge--success">{t('reconciliation.payouts.matched')}</span>;
  }
  const cause =
    line.cause === 'not_synced' && line.fix.action === 'link'
      ? t('reconciliation.payoutCause.not_synced_byHand')
      : line.cause
        ? t(`reconciliation.payoutCause.${line.cause}`)
        : '';
  return (
    <div className="exq-stack-sm">
      <span className="exq-badge exq-badge--warning">{t('reconciliation.status.differs')}</span>
      <span>{cause}</span>
      {line.failure && (
        <span>{t('reconciliation.failure', { title: line.failure.title, fix: line.failure.fix })}</span>
      )}
      <FixButton
        kind="payout"
        id={line.payoutId}
        fix={line.fix}
        recordName={t('reconciliation.recordLabel', {
          kind: t('reconciliation.kind.payout'),
          label: line.stripePayoutId,
        })}
      />
    </div>
  );
}

/** "Deposit #433", opening in QuickBooks when the report has its page. */
function DepositLink({ id, docNumber, url }: { id: string; docNumber: string | null; url: string | null }) {
  const t = useT();
  const label = `${t('reconciliation.qboType.Deposit')} ${t('reconciliation.side.document', { number: docNumber ?? id })}`;
  return url ? (
    <a href={url} target="_blank" rel="noopener noreferrer" title={t('reconciliation.openInQuickBooks')}>
      {label}
    </a>
  ) : (
    <>{label}</>
  );
}
