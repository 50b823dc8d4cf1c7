import type { CustomerSyncDirection } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useDirection } from '../api/get-direction.ts';
import { useSetDirection } from '../api/set-direction.ts';

/** GUIDE step 4: one-way (recommended, preselected) or two-way, each with its trade-off in plain words. */
export function DirectionStep() {
  const t = useT();
  const direction = useDirection();
  return (
    <section className="exq-card" aria-labelledby="exq-direction-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-direction-title" className="exq-card__title">
            {t('direction.title')}
          </h2>
          <p className="exq-muted">{t('direction.intro')}</p>
        </div>
      </div>
      <div className="exq-step-body">
        {direction.isPending ? (
          <Loading label={t('direction.loading')} />
        ) : direction.isError ? (
          <StepLoadError
            error={direction.error}
            onRetry={() => void direction.refetch()}
            retrying={direction.isFetching}
          />
        ) : (
          <DirectionForm saved={direction.data.chosen ? direction.data.direction : null} />
        )}
      </div>
    </section>
  );
}

function DirectionForm({ saved }: { saved: CustomerSyncDirection | null }) {
  const t = useT();
  const { announce } = useWizardEnv();
  const [choice, setChoice] = useState<CustomerSyncDirection>(saved ?? 'one_way');
  const save = useSetDirection();
  const label = (d: CustomerSyncDirection) =>
    t(d === 'one_way' ? 'direction.oneWay.title' : 'direction.twoWay.title');

  return (
    <form
      className="exq-stack-lg"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(
          { direction: choice },
          { onSuccess: () => announce(t('direction.saved', { direction: label(choice) })) },
        );
      }}
    >
      <fieldset className="exq-choices">
        <legend className="exq-sr-only">{t('direction.legend')}</legend>
        {(['one_way', 'two_way'] as const).map((d) => (
          <label key={d} className={`exq-choice${choice === d ? ' exq-choice--selected' : ''}`}>
            <input
              type="radio"
              name="exq-direction"
              value={d}
              checked={choice === d}
              onChange={() => setChoice(d)}
            />
            <span className="exq-choice__body">
              <span className="exq-choice__title">
                {label(d)}
                {d === 'one_way' && (
                  <span className="exq-badge exq-badge--success">{t('direction.oneWay.badge')}</span>
                )}
              </span>
              <span className="exq-muted">
                {t(d === 'one_way' ? 'direction.oneWay.body' : 'direction.twoWay.body')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {!saved && !save.isSuccess && <p className="exq-muted">{t('direction.notChosen')}</p>}
      {save.isError && (
        <Callout tone="danger" role="alert">
          <p>{t('direction.failed', { message: save.error.message })}</p>
        </Callout>
      )}
      {(save.isSuccess || saved) && (
        <Callout
          tone="success"
          role="status"
          actions={
            <Link to="/direction/matching" className="exq-button exq-button--primary">
              {t('direction.next')}
            </Link>
          }
        >
          <p>{t('direction.saved', { direction: label(save.data?.direction ?? saved ?? choice) })}</p>
        </Callout>
      )}
      <div className="exq-form-actions">
        <button
          type="submit"
          className="exq-button exq-button--primary exq-button--large"
          disabled={save.isPending}
        >
          {save.isPending ? t('direction.saving') : t('direction.save')}
        </button>
      </div>
    </form>
  );
}
