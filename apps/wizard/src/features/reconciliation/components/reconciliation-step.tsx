import type { FigureKey, ReconciliationReport } from '@exoserva/contracts';
import { RECONCILE_TOLERANCE_CENTS } from '@exoserva/contracts';
import { useEffect, useRef, useState } from 'react';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useOverview } from '../api/get-overview.ts';
import { useReport } from '../api/run-reconciliation.ts';
import { downloadCsv, reportCsv } from '../csv.ts';
import { DiscrepancyList } from './discrepancy-list.tsx';
import { FiguresTable } from './figures-table.tsx';
import { useFormat } from './format-helpers.ts';
import { PayoutsSection } from './payouts-section.tsx';
import { ReceivablesTable } from './receivables-table.tsx';
import css from './reconciliation.css?inline';
import { TrendChart } from './trend-chart.tsx';

/** GUIDE step 8: the month-end review. Pick a month; both books side by side; fix what differs; export or print. */
export function ReconciliationStep() {
  const t = useT();
  const f = useFormat();
  const overview = useOverview();
  const [month, setMonth] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  // Last month (in the company's time zone) until the admin picks another.
  useEffect(() => {
    if (month === null && overview.data) {
      setMonth(overview.data.defaultMonth);
      setDraft(overview.data.defaultMonth);
    }
  }, [month, overview.data]);
  const report = useReport(month);

  return (
    <section className="exq-card" aria-labelledby="exq-rec-title">
      <style>{css}</style>
      <div className="exq-card__header">
        <div>
          <h2 id="exq-rec-title" className="exq-card__title">
            {t('reconciliation.title')}
          </h2>
          <p className="exq-muted">
            {t('reconciliation.intro', { tolerance: f.money(RECONCILE_TOLERANCE_CENTS) })}
          </p>
        </div>
      </div>
      <div className="exq-step-body exq-stack-lg">
        {overview.isPending ? (
          <Loading label={t('reconciliation.loading')} />
        ) : overview.isError ? (
          <StepLoadError
            error={overview.error}
            onRetry={() => void overview.refetch()}
            retrying={overview.isFetching}
          />
        ) : (
          <>
            <form
              className="exq-rec-controls exq-rec-noprint"
              onSubmit={(event) => {
                event.preventDefault();
                if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(draft)) return;
                if (draft === month) void report.refetch();
                else setMonth(draft);
              }}
            >
              <label className="exq-rec-field">
                {t('reconciliation.month')}
                <input
                  type="month"
                  value={draft}
                  required
                  onChange={(event) => setDraft(event.target.value)}
                />
              </label>
              <button type="submit" className="exq-button exq-button--primary" disabled={report.isFetching}>
                {report.data && draft === month ? t('reconciliation.runAgain') : t('reconciliation.run')}
              </button>
              {report.data && <ReportActions report={report.data} />}
            </form>
            {report.isFetching ? (
              <Loading label={t('reconciliation.running', { month: month ? f.month(month) : '' })} />
            ) : report.isError ? (
              <StepLoadError
                error={report.error}
                onRetry={() => void report.refetch()}
                retrying={report.isFetching}
              />
            ) : report.data ? (
              <ReportView report={report.data} />
            ) : null}
            <TrendChart trend={overview.data.trend} />
          </>
        )}
      </div>
    </section>
  );
}

function ReportActions({ report }: { report: ReconciliationReport }) {
  const t = useT();
  return (
    <>
      <button
        type="button"
        className="exq-button exq-button--secondary"
        onClick={() => downloadCsv(`reconciliation-${report.month}.csv`, reportCsv(report, t))}
      >
        {t('reconciliation.export')}
      </button>
      <button type="button" className="exq-button exq-button--secondary" onClick={() => window.print()}>
        {t('reconciliation.print')}
      </button>
    </>
  );
}

function ReportView({ report }: { report: ReconciliationReport }) {
  const t = useT();
  const f = useFormat();
  const { announce, locale } = useWizardEnv();
  const [filter, setFilter] = useState<FigureKey | null>(null);
  const recordsRef = useRef<HTMLDivElement>(null);
  const month = f.month(report.month);
  const empty = report.status === 'empty';
  const headline = empty
    ? t('reconciliation.empty.title', { month })
    : report.matches
      ? t('reconciliation.matches.title', { month })
      : report.openItems > 0
        ? t('reconciliation.differs.title', { month, count: report.openItems })
        : t('reconciliation.differs.titleUnexplained', { month, amount: f.money(report.unexplainedCents) });
  // Say the outcome once per run, so a screen reader hears what the page now shows.
  useEffect(() => {
    announce(headline);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per report, not per render
  }, [report.generatedAt]);

  // Records still on their way move the figures: that comes before any verdict.
  const pending = report.pendingRecords > 0 && (
    <Callout tone="info" title={t('reconciliation.pending.title', { month, count: report.pendingRecords })}>
      <p>{t('reconciliation.pending.body')}</p>
    </Callout>
  );
  if (empty) {
    return (
      <div className="exq-stack-lg">
        {pending}
        <Callout tone="info" title={headline}>
          <p>{t('reconciliation.empty.body')}</p>
        </Callout>
      </div>
    );
  }
  return (
    <div className="exq-stack-lg">
      <div className="exq-rec-print-only">
        <h3>{t('reconciliation.printHeading', { month })}</h3>
      </div>
      {pending}
      {report.matches ? (
        <Callout tone="success" title={headline}>
          <p>{t('reconciliation.matches.body', { tolerance: f.money(report.toleranceCents) })}</p>
        </Callout>
      ) : (
        <Callout tone="warning" title={headline}>
          {report.unexplainedCents > 0 && (
            <p>{t('reconciliation.differs.unexplained', { amount: f.money(report.unexplainedCents) })}</p>
          )}
          {report.openItems > 0 && <p>{t('reconciliation.differs.body')}</p>}
        </Callout>
      )}
      <p className="exq-small exq-muted">
        {report.companyName && <>{t('reconciliation.company', { company: report.companyName })} · </>}
        {t('reconciliation.generated', { when: formatDateTime(report.generatedAt, locale) })}{' '}
        <span className="exq-rec-noprint">
          {t('reconciliation.timings', {
            quickbooks: (report.timings.quickbooksMs / 1000).toFixed(1),
            product: (report.timings.productMs / 1000).toFixed(1),
          })}
        </span>
      </p>
      <FiguresTable
        report={report}
        onShowRecords={(figure) => {
          setFilter(figure);
          recordsRef.current?.querySelector('h3')?.focus();
        }}
      />
      {(report.discrepancies.length > 0 ||
        report.figures.some((l) => l.unexplainedCents !== 0 && !l.matches)) && (
        <div ref={recordsRef}>
          <DiscrepancyList report={report} filter={filter} onClearFilter={() => setFilter(null)} />
        </div>
      )}
      <PayoutsSection report={report} />
      <ReceivablesTable report={report} />
    </div>
  );
}
