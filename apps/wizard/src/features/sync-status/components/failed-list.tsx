import {
  SyncFailureCode,
  SyncRecordKind,
  type FailureFilter,
  type FailureSearchResponse,
} from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { StepLoadError } from '../../../components/step-load-error.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useRetry } from '../api/retry-records.ts';
import { useFailures } from '../api/search-failures.ts';
import { FailedRecordItem } from './failed-record-item.tsx';

const PAGE = 50;
const MAX_LIMIT = 200;
const refOf = (r: { kind: string; id: string }) => `${r.kind}:${r.id}`;

/** The Failed list: what failed and the plain fix, with filters, search, and Retry of a selection or a filter. */
export function FailedList() {
  const t = useT();
  const { announce, locale } = useWizardEnv();
  const [filter, setFilter] = useState<FailureFilter>({});
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const failures = useFailures({ ...filter, limit });
  const retry = useRetry();
  const [message, setMessage] = useState<string | null>(null);

  const change = (next: FailureFilter) => {
    setFilter(next);
    setSelected(new Set());
    setLimit(PAGE);
  };
  const records = failures.data?.records ?? [];
  const selectable = filter.ignored ? [] : records;
  const allSelected = selectable.length > 0 && selectable.every((r) => selected.has(refOf(r)));

  const retrySelected = (target: 'selection' | 'filter') => {
    const body =
      target === 'selection'
        ? {
            records: records.filter((r) => selected.has(refOf(r))).map((r) => ({ kind: r.kind, id: r.id })),
          }
        : {
            filter: {
              ...(filter.kind ? { kind: filter.kind } : {}),
              ...(filter.code ? { code: filter.code } : {}),
              ...(filter.search ? { search: filter.search } : {}),
            },
          };
    retry.mutate(body, {
      onSuccess: ({ queued }) => {
        const done = t('syncStatus.list.retried', { count: queued });
        setMessage(done);
        announce(done);
        setSelected(new Set());
      },
      onError: () => setMessage(null),
    });
  };

  return (
    <section className="exq-card" aria-labelledby="exq-failed-title">
      <div className="exq-card__header">
        <div>
          <p className="exq-small">
            <Link to="/status">{t('syncStatus.list.back')}</Link>
          </p>
          <h2 id="exq-failed-title" className="exq-card__title">
            {t('syncStatus.list.title')}
          </h2>
          <p className="exq-muted">{t('syncStatus.list.intro')}</p>
        </div>
      </div>
      <div className="exq-step-body exq-stack">
        <Filters filter={filter} data={failures.data} onChange={change} />
        {failures.isPending ? (
          <Loading label={t('syncStatus.list.loading')} />
        ) : failures.isError ? (
          <StepLoadError
            error={failures.error}
            onRetry={() => void failures.refetch()}
            retrying={failures.isFetching}
          />
        ) : (
          <>
            <div className="exq-bulk-bar">
              <p className="exq-muted" aria-live="polite">
                {failures.data.total === 0
                  ? ''
                  : t(filter.ignored ? 'syncStatus.list.countIgnored' : 'syncStatus.list.count', {
                      count: failures.data.total,
                    })}
              </p>
              {!filter.ignored && failures.data.total > 0 && (
                <div className="exq-actions">
                  <label className="exq-check">
                    <input
                      type="checkbox"
                      checked={allSelected}
                      onChange={(e) =>
                        setSelected(e.target.checked ? new Set(selectable.map(refOf)) : new Set())
                      }
                    />
                    {t('syncStatus.list.selectPage')}
                  </label>
                  <button
                    type="button"
                    className="exq-button exq-button--secondary"
                    disabled={selected.size === 0 || retry.isPending}
                    onClick={() => retrySelected('selection')}
                  >
                    {t('syncStatus.list.retrySelected', { count: formatCount(selected.size, locale) })}
                  </button>
                  <button
                    type="button"
                    className="exq-button exq-button--primary"
                    disabled={retry.isPending}
                    onClick={() => retrySelected('filter')}
                  >
                    {t('syncStatus.list.retryAll', { count: formatCount(failures.data.total, locale) })}
                  </button>
                </div>
              )}
            </div>
            {message && (
              <Callout tone="success" role="status">
                <p>{message}</p>
              </Callout>
            )}
            {retry.isError && (
              <Callout tone="danger" role="alert">
                <p>{t('syncStatus.list.retryFailed', { message: retry.error.message })}</p>
              </Callout>
            )}
            {records.length === 0 ? (
              <EmptyList
                ignored={filter.ignored === true}
                filtered={Boolean(filter.kind || filter.code || filter.search)}
              />
            ) : (
              <ul className="exq-failed-list" aria-label={t('syncStatus.list.title')}>
                {records.map((record) => (
                  <FailedRecordItem
                    key={refOf(record)}
                    record={record}
                    selected={selected.has(refOf(record))}
                    onSelect={
                      filter.ignored
                        ? undefined
                        : (on) =>
                            setSelected((s) => {
                              const next = new Set(s);
                              if (on) next.add(refOf(record));
                              else next.delete(refOf(record));
                              return next;
                            })
                    }
                  />
                ))}
              </ul>
            )}
            {/* The BFF answers up to 200 at a time; beyond that, filters narrow the list. */}
            {records.length < failures.data.total && limit < MAX_LIMIT && (
              <button
                type="button"
                className="exq-button exq-button--secondary"
                onClick={() => setLimit(Math.min(MAX_LIMIT, limit + PAGE))}
              >
                {t('syncStatus.list.more')}
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}

function EmptyList({ ignored, filtered }: { ignored: boolean; filtered: boolean }) {
  const t = useT();
  return (
    <Callout tone={ignored || filtered ? 'info' : 'success'} role="status">
      <p>
        {ignored
          ? t('syncStatus.list.emptyIgnored')
          : filtered
            ? t('syncStatus.list.emptyFiltered')
            : t('syncStatus.list.empty')}
      </p>
    </Callout>
  );
}

function Filters({
  filter,
  data,
  onChange,
}: {
  filter: FailureFilter;
  data: FailureSearchResponse | undefined;
  onChange: (f: FailureFilter) => void;
}) {
  const t = useT();
  const { locale } = useWizardEnv();
  const [search, setSearch] = useState(filter.search ?? '');
  const ids = { kind: useId(), code: useId(), search: useId() };
  const countOf = (n: number | undefined) => (n === undefined ? '' : ` (${formatCount(n, locale)})`);
  const without = <K extends keyof FailureFilter>(
    key: K,
    value: FailureFilter[K] | undefined,
  ): FailureFilter => {
    const next = { ...filter };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    return next;
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange(without('search', search.trim() || undefined));
  };
  return (
    <form className="exq-filters" role="search" aria-label={t('syncStatus.list.filters')} onSubmit={onSubmit}>
      <div className="exq-field">
        <label className="exq-field__label" htmlFor={ids.kind}>
          {t('syncStatus.list.kind')}
        </label>
        <select
          id={ids.kind}
          className="exq-select"
          value={filter.kind ?? ''}
          onChange={(e) =>
            onChange(without('kind', e.target.value ? SyncRecordKind.parse(e.target.value) : undefined))
          }
        >
          <option value="">{t('syncStatus.list.allKinds')}</option>
          {SyncRecordKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`held.kind.${k}`)}
              {countOf(data?.kinds.find((x) => x.kind === k)?.count)}
            </option>
          ))}
        </select>
      </div>
      <div className="exq-field">
        <label className="exq-field__label" htmlFor={ids.code}>
          {t('syncStatus.list.code')}
        </label>
        <select
          id={ids.code}
          className="exq-select"
          value={filter.code ?? ''}
          onChange={(e) =>
            onChange(without('code', e.target.value ? SyncFailureCode.parse(e.target.value) : undefined))
          }
        >
          <option value="">{t('syncStatus.list.allCodes')}</option>
          {(data?.codes ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {t(`syncStatus.code.${c.code}`)}
              {countOf(c.count)}
            </option>
          ))}
          {filter.code && !data?.codes.some((c) => c.code === filter.code) && (
            <option value={filter.code}>{t(`syncStatus.code.${filter.code}`)}</option>
          )}
        </select>
      </div>
      <div className="exq-field exq-filters__search">
        <label className="exq-field__label" htmlFor={ids.search}>
          {t('syncStatus.list.search')}
        </label>
        <div className="exq-search-row">
          <input
            id={ids.search}
            className="exq-input"
            type="search"
            value={search}
            maxLength={100}
            placeholder={t('syncStatus.list.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="submit" className="exq-button exq-button--secondary">
            {t('syncStatus.list.searchButton')}
          </button>
        </div>
      </div>
      <label className="exq-check exq-filters__ignored">
        <input
          type="checkbox"
          checked={filter.ignored === true}
          onChange={(e) => onChange(without('ignored', e.target.checked ? true : undefined))}
        />
        {t('syncStatus.list.showIgnored')}
      </label>
    </form>
  );
}
