import { Link } from '@tanstack/react-router';
import type {
  CustomerMatchesResponse,
  CustomerMatchRow,
  MatchCustomer,
  MatchGroup,
} from '@exoserva/contracts';
import { useId, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useMatches } from '../api/get-matches.ts';
import { useSaveMatches } from '../api/save-matches.ts';

const GROUPS: MatchGroup[] = ['linked', 'review', 'create'];
const NONE = '';

/** Customer matching before the first sync: three groups, bulk accept, per-row override. */
export function MatchingStep() {
  const t = useT();
  const matches = useMatches();
  return (
    <section className="exq-card" aria-labelledby="exq-matching-title">
      <div className="exq-card__header">
        <div>
          <h2 id="exq-matching-title" className="exq-card__title">
            {t('matching.title')}
          </h2>
          <p className="exq-muted">{t('matching.intro')}</p>
        </div>
      </div>
      <div className="exq-step-body">
        {matches.isPending ? (
          <Loading label={t('matching.loading')} />
        ) : matches.isError ? (
          <StepLoadError
            error={matches.error}
            onRetry={() => void matches.refetch()}
            retrying={matches.isFetching}
          />
        ) : matches.data.rows.length === 0 ? (
          <p className="exq-muted">{t('matching.noCustomers')}</p>
        ) : (
          <MatchingForm data={matches.data} />
        )}
      </div>
    </section>
  );
}

/** Linked rows start accepted; review rows start as "create" until accepted; stored links are kept. */
function initialDecisions(rows: CustomerMatchRow[]): Record<string, string> {
  return Object.fromEntries(
    rows.map((r) => [
      r.exoserva.id,
      r.linkedQboId ?? (r.group === 'linked' ? (r.candidate?.id ?? NONE) : NONE),
    ]),
  );
}

function MatchingForm({ data }: { data: CustomerMatchesResponse }) {
  const t = useT();
  const { announce } = useWizardEnv();
  const [decisions, setDecisions] = useState(() => initialDecisions(data.rows));
  const save = useSaveMatches();
  const set = (exoId: string, qboId: string) => setDecisions((prev) => ({ ...prev, [exoId]: qboId }));
  const acceptAll = (group: MatchGroup) =>
    setDecisions((prev) => {
      const next = { ...prev };
      for (const r of data.rows) if (r.group === group && r.candidate) next[r.exoserva.id] = r.candidate.id;
      return next;
    });
  const linked = Object.values(decisions).filter((v) => v !== NONE).length;
  const created = data.rows.length - linked;

  return (
    <div className="exq-stack-lg">
      {GROUPS.map((group) => {
        const rows = data.rows.filter((r) => r.group === group);
        const pending = rows.filter((r) => r.candidate && decisions[r.exoserva.id] !== r.candidate.id);
        const headingId = `exq-match-${group}`;
        return (
          <section key={group} className="exq-stack" aria-labelledby={headingId}>
            <div className="exq-match-group__header">
              <div>
                <h3 id={headingId} className="exq-section-title">
                  {t(`matching.group.${group}`)}{' '}
                  <span className="exq-badge exq-badge--neutral">{rows.length}</span>
                </h3>
                <p className="exq-muted exq-small">{t(`matching.group.${group}.help`)}</p>
              </div>
              {group !== 'create' && pending.length > 0 && (
                <button
                  type="button"
                  className="exq-button exq-button--secondary"
                  onClick={() => acceptAll(group)}
                >
                  {t('matching.acceptAll', { count: pending.length })}
                </button>
              )}
            </div>
            {rows.length === 0 ? (
              <p className="exq-muted exq-small">{t('matching.empty')}</p>
            ) : (
              <div className="exq-table-wrap">
                <table className="exq-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('matching.col.exoserva')}</th>
                      <th scope="col">{t('matching.col.quickbooks')}</th>
                      <th scope="col">{t('matching.col.why')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <MatchRow
                        key={row.exoserva.id}
                        row={row}
                        value={decisions[row.exoserva.id] ?? NONE}
                        all={data.qboCustomers}
                        onChange={(v) => set(row.exoserva.id, v)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}

      {save.isSuccess && (
        <Callout
          tone="success"
          role="status"
          actions={
            // The guide's next step after matching (step 5): the way forward, not a dead end.
            <Link to="/test-sync" className="exq-button exq-button--primary">
              {t('matching.next')}
            </Link>
          }
        >
          <p>{t('matching.done', { linked: save.data.linked, created: save.data.willBeCreated })}</p>
        </Callout>
      )}
      {save.isError && (
        <Callout tone="danger" role="alert">
          <p>{t('matching.failed', { message: save.error.message })}</p>
        </Callout>
      )}
      <div className="exq-form-actions exq-form-actions--split">
        <p className="exq-muted">{t('matching.summary', { linked, created })}</p>
        <button
          type="button"
          className="exq-button exq-button--primary exq-button--large"
          disabled={save.isPending}
          onClick={() =>
            save.mutate(
              {
                decisions: data.rows.map((r) => ({
                  exoservaId: r.exoserva.id,
                  qboId: decisions[r.exoserva.id] === NONE ? null : (decisions[r.exoserva.id] ?? null),
                })),
              },
              {
                onSuccess: (res) =>
                  announce(t('matching.done', { linked: res.linked, created: res.willBeCreated })),
              },
            )
          }
        >
          {save.isPending ? t('matching.saving') : t('matching.save')}
        </button>
      </div>
    </div>
  );
}

function describe(c: MatchCustomer): string {
  return [c.email, c.phone, c.address].filter(Boolean).join(' · ');
}

function MatchRow({
  row,
  value,
  all,
  onChange,
}: {
  row: CustomerMatchRow;
  value: string;
  all: MatchCustomer[];
  onChange: (qboId: string) => void;
}) {
  const t = useT();
  const selectId = useId();
  // Suggested first (candidate, then alternatives), then every other QuickBooks customer for an override.
  const suggested = [row.candidate, ...row.alternatives].filter((c): c is MatchCustomer => c !== null);
  const suggestedIds = new Set(suggested.map((c) => c.id));
  const others = all.filter((c) => !suggestedIds.has(c.id));
  const accepted = row.candidate !== null && value === row.candidate.id;
  return (
    <tr>
      <td>
        <div className="exq-match-name">{row.exoserva.displayName}</div>
        <div className="exq-muted exq-small">{describe(row.exoserva)}</div>
      </td>
      <td>
        <label htmlFor={selectId} className="exq-sr-only">
          {t('matching.selectLabel', { name: row.exoserva.displayName })}
        </label>
        <select id={selectId} className="exq-select" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value={NONE}>{t('matching.option.create')}</option>
          {suggested.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
              {describe(c) ? ` — ${describe(c)}` : ''}
            </option>
          ))}
          {others.length > 0 && <option disabled>──────────</option>}
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>
        {row.linkedQboId && value === row.linkedQboId && (
          <span className="exq-badge exq-badge--info">{t('matching.saved')}</span>
        )}
        {!row.linkedQboId && accepted && row.group === 'review' && (
          <span className="exq-badge exq-badge--success">{t('matching.accepted')}</span>
        )}
      </td>
      <td>
        <ul className="exq-chips" aria-label={t('matching.col.why')}>
          {row.reasons.map((r) => (
            <li key={r} className="exq-chip">
              {t(`matching.reason.${r}`)}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
