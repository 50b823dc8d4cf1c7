import type { RecordMatch } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useRecordSearch } from '../api/search-records.ts';
import { formatExact } from './format-time.ts';
import { recordName } from '../../../lib/record-name.ts';

/**
 * "Follow one record" by what the admin sees: an invoice number, a customer's name, an amount, or the Exoserva
 * id support quotes. Each match opens its timeline.
 */
export function RecordFinder() {
  const t = useT();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const search = useRecordSearch(query);
  const inputId = useId();
  const hintId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = draft.trim();
    if (trimmed) setQuery(trimmed);
  };
  return (
    <div className="exq-stack">
      <form
        className="exq-finder"
        role="search"
        aria-label={t('syncStatus.finder.label')}
        onSubmit={onSubmit}
      >
        <div className="exq-field exq-finder__id">
          <label className="exq-field__label" htmlFor={inputId}>
            {t('syncStatus.finder.query')}
          </label>
          <input
            id={inputId}
            className="exq-input"
            type="search"
            value={draft}
            maxLength={100}
            placeholder={t('syncStatus.finder.placeholder')}
            aria-describedby={hintId}
            onChange={(e) => setDraft(e.target.value)}
          />
          <span id={hintId} className="exq-muted exq-small">
            {t('syncStatus.finder.queryHint')}
          </span>
        </div>
        <button type="submit" className="exq-button exq-button--secondary" disabled={!draft.trim()}>
          {t('syncStatus.finder.search')}
        </button>
      </form>
      {query !== null && (
        <div aria-live="polite" aria-busy={search.isFetching}>
          {search.isError ? (
            <p role="alert">{t('syncStatus.finder.failed', { message: search.error.message })}</p>
          ) : search.data && search.data.query === query ? (
            search.data.matches.length === 0 ? (
              <p className="exq-muted">{t('syncStatus.finder.none', { query })}</p>
            ) : (
              <ul className="exq-finder-results" aria-label={t('syncStatus.finder.results', { query })}>
                {search.data.matches.map((m) => (
                  <li key={`${m.kind}:${m.id}`}>
                    <MatchLink match={m} />
                  </li>
                ))}
              </ul>
            )
          ) : (
            <p className="exq-muted">{t('syncStatus.finder.searching')}</p>
          )}
        </div>
      )}
    </div>
  );
}

function MatchLink({ match }: { match: RecordMatch }) {
  const t = useT();
  const { locale, currency } = useWizardEnv();
  const { title: name, facts: known } = recordName(match, t, locale, currency);
  const facts = [
    ...known,
    t('syncStatus.finder.lastActivity', { when: formatExact(match.lastActivityAt, locale) }),
  ];
  return (
    <Link
      to="/status/records/$kind/$id"
      params={{ kind: match.kind, id: match.id }}
      className="exq-finder-result"
    >
      <span className="exq-finder-result__name">{name}</span>
      <span className="exq-muted exq-small">{facts.join(' · ')}</span>
      {match.state && (
        <span className={`exq-badge exq-badge--${STATE_TONE[match.state]}`}>
          {t(`syncStatus.state.${match.state === 'done' ? 'synced' : match.state}`)}
        </span>
      )}
    </Link>
  );
}

const STATE_TONE = { pending: 'info', done: 'success', failed: 'danger', blocked: 'warning' } as const;
