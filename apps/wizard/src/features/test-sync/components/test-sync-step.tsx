import {
  TEST_CUSTOMER_NAME,
  TEST_SYNC_AMOUNT_CENTS,
  TestSyncRefusal,
  type TestSyncRun,
} from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { NotConnectedCallout } from '../../../components/not-connected-callout.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { formatMoney } from '../../../lib/format.ts';
import { useTestSync } from '../api/get-test-sync.ts';
import { useStartTestSync } from '../api/run-test-sync.ts';
import { CleanupPanel } from './cleanup-panel.tsx';
import { StepList } from './step-list.tsx';
import { parseAmountToCents } from './test-sync-format.ts';

/**
 * GUIDE step 5, run for the admin: one button, every step shown as it happens, then what passed or what to fix,
 * and the clean-up. `connected` is undefined while the connection is still being read.
 */
export function TestSyncStep({ connected }: { connected: boolean | undefined }) {
  const t = useT();
  const { locale, currency, announce } = useWizardEnv();
  const money = (cents: number) => formatMoney(cents, locale, currency);
  const current = useTestSync();
  const run = current.data?.run ?? null;

  // Say each change of the run's state once (polling refreshes the steps quietly).
  const seen = useRef<string | null>(null);
  useEffect(() => {
    const status = run ? `${run.id}:${run.status}` : null;
    if (seen.current !== null && status !== seen.current && run && run.status !== 'running') {
      announce(t(run.status === 'passed' ? 'testSync.announce.passed' : 'testSync.announce.failed'));
    }
    seen.current = status;
  }, [run, announce, t]);

  return (
    <section className="exq-card" aria-labelledby="exq-test-sync-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-test-sync-title" className="exq-card__title">
            {t('testSync.title')}
          </h2>
          <p className="exq-muted">
            {t('testSync.intro', { name: TEST_CUSTOMER_NAME, amount: money(TEST_SYNC_AMOUNT_CENTS) })}
          </p>
        </div>
      </div>
      <div className="exq-step-body exq-stack-lg">
        {connected === undefined || current.isPending ? (
          <Loading label={t('testSync.loading')} />
        ) : !connected ? (
          <NotConnectedCallout />
        ) : current.isError ? (
          <StepLoadError
            error={current.error}
            onRetry={() => void current.refetch()}
            retrying={current.isFetching}
          />
        ) : (
          <>
            {canStart(run) && <RunForm run={run} money={money} />}
            {run && <StepList run={run} money={money} />}
            {run && run.status !== 'running' && <Outcome run={run} />}
            {run && run.status !== 'running' && <CleanupPanel run={run} />}
          </>
        )}
      </div>
    </section>
  );
}

/**
 * A new test once nothing of the last one is left: while its records remain, a second "Test Customer ZZ" would
 * clash in QuickBooks (the BFF refuses it), so the clean-up is the next thing to do.
 */
function canStart(run: TestSyncRun | null): boolean {
  if (!run) return true;
  if (run.status === 'running') return false;
  return run.cleanup?.status === 'done' || Object.values(run.records).every((r) => r === null);
}

function Outcome({ run }: { run: TestSyncRun }) {
  const t = useT();
  if (run.status === 'passed') {
    return (
      <Callout
        tone="success"
        title={t('testSync.passed.title')}
        actions={
          <Link to="/auto-sync" className="exq-button exq-button--primary">
            {t('testSync.passed.link')}
          </Link>
        }
      >
        <p>{t(run.cleanup?.status === 'done' ? 'testSync.passed.bodyCleaned' : 'testSync.passed.body')}</p>
      </Callout>
    );
  }
  return (
    <Callout tone="danger" title={t('testSync.failed.title')}>
      <p>{t('testSync.failed.body')}</p>
    </Callout>
  );
}

/** The amount (fixed at $1.00, and said why) and the button; the BFF's refusal is shown as it gave it. */
function RunForm({ run, money }: { run: TestSyncRun | null; money: (cents: number) => string }) {
  const t = useT();
  const { announce } = useWizardEnv();
  const start = useStartTestSync();
  const [amount, setAmount] = useState('1.00');
  const [invalid, setInvalid] = useState(false);
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const cents = parseAmountToCents(amount);
    setInvalid(cents === null);
    if (cents === null) return;
    start.mutate(cents, { onSuccess: () => announce(t('testSync.announce.started')) });
  };

  const refusal = start.isError ? refusalText(start.error, t, money) : null;
  return (
    <form className="exq-stack" onSubmit={onSubmit} noValidate>
      <div className="exq-field exq-test-amount">
        <label htmlFor={inputId} className="exq-field__label">
          {t('testSync.amount.label')}
        </label>
        <input
          id={inputId}
          className="exq-input"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-describedby={invalid ? `${helpId} ${errorId}` : helpId}
          aria-invalid={invalid}
        />
        <p id={helpId} className="exq-muted exq-small">
          {t('testSync.amount.help')}
        </p>
        {invalid && (
          <p id={errorId} className="exq-field__error">
            {t('testSync.amount.invalid')}
          </p>
        )}
      </div>
      {refusal && (
        <Callout
          tone="danger"
          role="alert"
          actions={
            refusal.mapping ? (
              <Link to="/mapping" className="exq-button exq-button--secondary">
                {t('testSync.fix.link')}
              </Link>
            ) : undefined
          }
        >
          <p>{refusal.text}</p>
        </Callout>
      )}
      <div className="exq-form-actions">
        <button type="submit" className="exq-button exq-button--primary" disabled={start.isPending}>
          {start.isPending ? t('testSync.starting') : run ? t('testSync.runAgain') : t('testSync.run')}
        </button>
      </div>
    </form>
  );
}

/** The BFF's refusal in the admin's words; `mapping` when the fix is on the Field Mapping page. */
function refusalText(
  error: unknown,
  t: ReturnType<typeof useT>,
  money: (cents: number) => string,
): { text: string; mapping: boolean } {
  const details = isApiError(error) ? (error.details as { reason?: unknown } | undefined) : undefined;
  const parsed = TestSyncRefusal.safeParse(details?.reason);
  const reason = parsed.success ? parsed.data : null;
  const text = (s: string) => ({ text: s, mapping: false });
  if (reason === 'zero_amount') return text(t('testSync.refused.zero_amount'));
  if (reason === 'fixed_amount')
    return text(t('testSync.refused.fixed_amount', { amount: money(TEST_SYNC_AMOUNT_CENTS) }));
  if (reason === 'run_in_progress') return text(t('testSync.refused.run_in_progress'));
  if (reason === 'cleanup_first')
    return text(t('testSync.refused.cleanup_first', { name: TEST_CUSTOMER_NAME }));
  if (details?.reason === 'mapping_required')
    return { text: t('testSync.refused.mapping_required'), mapping: true };
  return text(t('testSync.refused.other', { message: error instanceof Error ? error.message : '' }));
}
