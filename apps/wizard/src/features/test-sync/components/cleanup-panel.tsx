import type { TestSyncRun } from '@exoserva/contracts';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useCleanUpTestSync } from '../api/run-test-sync.ts';

/**
 * "Delete the test records from both sides after": one button, and then exactly what was done, item by item.
 * Offered again while something is left (the clean-up is idempotent).
 */
export function CleanupPanel({ run }: { run: TestSyncRun }) {
  const t = useT();
  const { announce } = useWizardEnv();
  const cleanup = useCleanUpTestSync();
  const report = run.cleanup;
  const created = Object.values(run.records).some((r) => r !== null);
  if (!created) return null;
  return (
    <div className="exq-stack" role="region" aria-labelledby="exq-test-cleanup-title">
      <h3 id="exq-test-cleanup-title" className="exq-section-title">
        {t('testSync.cleanup.title')}
      </h3>
      {report && (
        <Callout
          tone={report.status === 'done' ? 'success' : 'warning'}
          role="status"
          headingLevel={4}
          title={t(
            report.status === 'done' ? 'testSync.cleanup.done.title' : 'testSync.cleanup.incomplete.title',
          )}
        >
          {report.status === 'incomplete' && <p>{t('testSync.cleanup.incomplete.body')}</p>}
          <ul className="exq-bullets">
            {report.items.map((item) => (
              <li key={`${item.system}-${item.kind}`}>
                {t('testSync.cleanup.item', {
                  system: t(`testSync.cleanup.system.${item.system}`),
                  kind: t(`testSync.cleanup.kind.${item.kind}`),
                  label: item.label,
                  action: t(`testSync.cleanup.action.${item.action}`, { message: item.message ?? '' }),
                })}
              </li>
            ))}
          </ul>
        </Callout>
      )}
      {report?.status !== 'done' && (
        <>
          <p className="exq-muted">{t('testSync.cleanup.help')}</p>
          {cleanup.isError && (
            <Callout tone="danger" role="alert">
              <p>{t('testSync.cleanup.failed', { message: cleanup.error.message })}</p>
            </Callout>
          )}
          <div className="exq-form-actions">
            <button
              type="button"
              className="exq-button exq-button--secondary"
              disabled={cleanup.isPending}
              onClick={() =>
                cleanup.mutate(run.id, {
                  // Say what the report says: a partial clean-up is not "cleaned up".
                  onSuccess: (after) =>
                    announce(
                      t(
                        after.cleanup?.status === 'done'
                          ? 'testSync.announce.cleaned'
                          : 'testSync.announce.cleanupIncomplete',
                      ),
                    ),
                })
              }
            >
              {cleanup.isPending
                ? t('testSync.cleanup.working')
                : report
                  ? t('testSync.cleanup.again')
                  : t('testSync.cleanup.button')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
