import type { TestSyncRun, TestSyncStep } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { AlertIcon, CheckIcon } from '../../../components/icons.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { problemText, stepLabel } from './test-sync-format.ts';

/**
 * The guide's steps as they happen: each with its state in words (not only color or icon), and under a failed
 * one what went wrong and the mapping entry to fix, linked to the Field Mapping page.
 */
export function StepList({ run, money }: { run: TestSyncRun; money: (cents: number) => string }) {
  const t = useT();
  return (
    <ol className="exq-test-steps" aria-label={t('testSync.stepsLabel')} aria-busy={run.status === 'running'}>
      {run.steps.map((step) => (
        <li key={step.id} className={`exq-test-step exq-test-step--${step.state}`}>
          <StateMark state={step.state} />
          <div className="exq-test-step__body">
            <span className="exq-test-step__label">{stepLabel(step, run, t, money)}</span>
            <span className="exq-test-step__state">{t(`testSync.state.${step.state}`)}</span>
            {step.problem && <Problem step={step} run={run} money={money} />}
          </div>
        </li>
      ))}
    </ol>
  );
}

function StateMark({ state }: { state: TestSyncStep['state'] }) {
  if (state === 'passed') return <CheckIcon className="exq-test-step__mark" aria-hidden="true" />;
  if (state === 'failed') return <AlertIcon className="exq-test-step__mark" aria-hidden="true" />;
  if (state === 'running') return <span className="exq-spinner exq-test-step__mark" aria-hidden="true" />;
  return <span className="exq-test-step__mark exq-test-step__dot" aria-hidden="true" />;
}

function Problem({
  step,
  run,
  money,
}: {
  step: TestSyncStep;
  run: TestSyncRun;
  money: (cents: number) => string;
}) {
  const t = useT();
  const problem = step.problem;
  if (!problem) return null;
  const needsMapping = problem.mappingEntry !== null || problem.syncFailure?.code === 'account_not_found';
  return (
    <div className="exq-test-step__problem">
      <p>{problemText(problem, step, run, t, money)}</p>
      {problem.mappingEntry && (
        <p>
          <strong>{t('testSync.fix.lead', { entry: t(`testSync.entry.${problem.mappingEntry}`) })}</strong>
        </p>
      )}
      {needsMapping && (
        <Link to="/mapping" className="exq-button exq-button--secondary">
          {t('testSync.fix.link')}
        </Link>
      )}
      {problem.code === 'exoserva_failed' && (
        <p className="exq-muted exq-small">{t('testSync.problem.details', { message: problem.message })}</p>
      )}
    </div>
  );
}
