import type { FailedRecord } from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useRef, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { recordName } from '../../../lib/record-name.ts';
import { useIgnore } from '../api/ignore-record.ts';
import { useRetry } from '../api/retry-records.ts';
import { FailureFix } from './failure-fix.tsx';

// Radix dialogs load when first opened, not with the list.
const IgnoreDialog = lazy(() => import('./ignore-dialog.tsx').then((m) => ({ default: m.IgnoreDialog })));
const LinkDialog = lazy(() => import('./link-dialog.tsx').then((m) => ({ default: m.LinkDialog })));

/** One failed (or blocked, or ignored) record: what failed, the fix, and what can be done about it. */
export function FailedRecordItem({
  record,
  selected,
  onSelect,
}: {
  record: FailedRecord;
  selected: boolean;
  onSelect: ((on: boolean) => void) | undefined;
}) {
  const t = useT();
  const { locale, currency, announce } = useWizardEnv();
  const retry = useRetry();
  const ignore = useIgnore();
  const [dialog, setDialog] = useState<'ignore' | 'link' | null>(null);
  const ignoreButton = useRef<HTMLButtonElement>(null);
  const linkButton = useRef<HTMLButtonElement>(null);
  const { title: name, facts } = recordName(record, t, locale, currency);
  const headingId = `exq-failed-${record.kind}-${record.id}`.replace(/[^\w-]/g, '_');
  const canLink = record.kind === 'customer' && record.state === 'failed' && !record.ignored;

  return (
    <li className={`exq-failed${record.ignored ? ' exq-failed--ignored' : ''}`} aria-labelledby={headingId}>
      <div className="exq-failed__head">
        {onSelect && (
          <input
            type="checkbox"
            className="exq-failed__select"
            checked={selected}
            aria-label={t('syncStatus.item.select', { name })}
            onChange={(e) => onSelect(e.target.checked)}
          />
        )}
        <div className="exq-failed__title">
          <h3 id={headingId} className="exq-failed__name">
            {name}
          </h3>
          {facts.length > 0 && <p className="exq-failed__facts">{facts.join(' · ')}</p>}
          <p className="exq-muted exq-small">
            {t('syncStatus.item.failedAt', { at: formatDateTime(record.failedAt, locale) })}
            {record.attempts > 1 && ` · ${t('syncStatus.item.attempts', { count: record.attempts })}`}
          </p>
        </div>
        {record.state === 'blocked' && (
          <span className="exq-badge exq-badge--neutral">{t('syncStatus.item.blocked')}</span>
        )}
        {record.ignored && (
          <span className="exq-badge exq-badge--neutral">{t('syncStatus.item.ignored')}</span>
        )}
      </div>
      <div className="exq-failed__body">
        {record.state === 'blocked' && record.blockedBy ? (
          <p>
            <strong>{t('syncStatus.title.dependency_missing')}</strong> —{' '}
            {t('syncStatus.item.blockedBy', {
              records: record.blockedBy.map((b) => recordName(b, t, locale, currency).title).join(', '),
            })}
          </p>
        ) : (
          <FailureFix failure={record.failure} />
        )}
        <details className="exq-small">
          <summary>{t('syncStatus.item.details')}</summary>
          {record.failure.intuit && (
            <p className="exq-mono">
              {t('syncStatus.item.intuitSaid')}: {record.failure.intuit.code} ·{' '}
              {record.failure.intuit.message} {record.failure.intuit.detail}
              {record.failure.intuit.intuitTid && ` · intuit_tid ${record.failure.intuit.intuitTid}`}
            </p>
          )}
          <p>
            {t('syncStatus.item.exoservaId')} <span className="exq-mono">{record.id}</span>
          </p>
        </details>
        {record.ignored && (
          <p className="exq-muted exq-small">
            {t('syncStatus.item.ignoredBy', {
              name: record.ignored.name ?? record.ignored.userId,
              at: formatDateTime(record.ignored.at, locale),
              reason: record.ignored.reason,
            })}
          </p>
        )}
      </div>
      <div className="exq-actions">
        {!record.ignored && (
          <button
            type="button"
            className="exq-button exq-button--primary"
            disabled={retry.isPending}
            onClick={() =>
              retry.mutate(
                { kind: record.kind, id: record.id },
                { onSuccess: () => announce(t('syncStatus.item.retried', { name })) },
              )
            }
          >
            {retry.isPending ? t('syncStatus.item.retrying') : t('common.retry')}
          </button>
        )}
        {canLink && (
          <button
            ref={linkButton}
            type="button"
            className="exq-button exq-button--secondary"
            onClick={() => setDialog('link')}
          >
            {t('syncStatus.item.link')}
          </button>
        )}
        {record.state === 'failed' &&
          (record.ignored ? (
            <button
              type="button"
              className="exq-button exq-button--secondary"
              disabled={ignore.isPending}
              onClick={() =>
                ignore.mutate(
                  { kind: record.kind, id: record.id, reason: null },
                  { onSuccess: () => announce(t('syncStatus.item.unignored', { name })) },
                )
              }
            >
              {t('syncStatus.item.unignore')}
            </button>
          ) : (
            <button
              ref={ignoreButton}
              type="button"
              className="exq-button exq-button--ghost"
              onClick={() => setDialog('ignore')}
            >
              {t('syncStatus.item.ignore')}
            </button>
          ))}
        {record.quickBooksUrl && (
          <a
            className="exq-button exq-button--link"
            href={record.quickBooksUrl}
            target="_blank"
            rel="noreferrer noopener"
          >
            {t('syncStatus.item.openInQuickBooks')}
          </a>
        )}
        <Link
          to="/status/records/$kind/$id"
          params={{ kind: record.kind, id: record.id }}
          className="exq-button exq-button--link"
        >
          {t('syncStatus.item.timeline')}
        </Link>
      </div>
      {(retry.isError || ignore.isError) && (
        <Callout tone="danger" role="alert">
          <p>
            {t('syncStatus.item.actionFailed', { message: (retry.error ?? ignore.error)?.message ?? '' })}
          </p>
        </Callout>
      )}
      <Suspense fallback={null}>
        {dialog === 'ignore' && (
          <IgnoreDialog record={record} onClose={() => setDialog(null)} returnFocusTo={ignoreButton} />
        )}
        {dialog === 'link' && (
          <LinkDialog record={record} onClose={() => setDialog(null)} returnFocusTo={linkButton} />
        )}
      </Suspense>
    </li>
  );
}
