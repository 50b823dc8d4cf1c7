import { formatDollars } from '@exoserva/sync-core';

/**
 * What an audit entry says, twice: `detail`, the English sentence the record keeps (exports, logs, API clients
 * that know no codes), and `detailCode` + `detailParams`, from which the wizard writes the same sentence in the
 * admin's language (`auditDetail.<code>` in its catalogs). One function per sentence, so the English text and
 * the code cannot drift apart. Params are the facts only (names, ids, counts, dates, amounts in cents), never
 * words.
 */
export interface AuditDetail {
  detail: string;
  /** Null for sentences that carry text only English has (e.g. a fix written by the sync engine). */
  detailCode: string | null;
  detailParams: Record<string, string | number> | null;
}

const said = (code: string, params: Record<string, string | number>, english: string): AuditDetail => ({
  detail: english,
  detailCode: code,
  detailParams: params,
});

export const auditDetail = {
  reconnectedSameCompany: () =>
    said(
      'reconnected_same_company',
      {},
      'Reconnected the same company; its earlier record links apply again',
    ),
  disconnected: (revoked: boolean) =>
    revoked
      ? said('disconnected', {}, 'Access revoked at QuickBooks and tokens deleted')
      : said(
          'disconnected_revoke_failed',
          {},
          'Tokens deleted here, but QuickBooks could not be reached to revoke access; remove the app in QuickBooks to be sure',
        ),
  switched: (from: string, to: string, linked: number) =>
    said(
      'switched',
      { from, to, count: linked },
      `Switched from ${from} to ${to}; ${linked} linked record(s) stay with ${from}`,
    ),
  recordIgnored: (kind: string, recordId: string, reason: string) =>
    said('record_ignored', { kind, recordId, reason }, `Ignored the failed ${kind} ${recordId}: ${reason}`),
  recordUnignored: (kind: string, recordId: string) =>
    said('record_unignored', { kind, recordId }, `Stopped ignoring the failed ${kind} ${recordId}`),
  customerLinked: (recordId: string, name: string, qboId: string) =>
    said(
      'customer_linked',
      { recordId, name, qboId },
      `Linked Exoserva customer ${recordId} to QuickBooks customer ${name} (${qboId}) to resolve a sync failure`,
    ),
  mappingReconfirmed: (version: number) =>
    said('mapping_reconfirmed', { version }, `Mapping version ${version} re-confirmed (no account changed)`),
  mappingSaved: (version: number, repost: { from: string; to: string } | null) =>
    repost
      ? said(
          'mapping_saved_repost',
          { version, from: repost.from, to: repost.to },
          `Mapping version ${version} saved; re-post requested for ${repost.from} to ${repost.to}`,
        )
      : said('mapping_saved', { version }, `Mapping version ${version} saved`),
  accountCreated: (name: string, type: string) =>
    said('account_created', { name, type }, `Account "${name}" (${type}) created in QuickBooks`),
  taxCodeCreated: (name: string) =>
    said('tax_code_created', { name }, `Tax code "${name}" created in QuickBooks`),
  itemCreated: (name: string, kind: 'labor' | 'parts') =>
    kind === 'labor'
      ? said('service_item_created', { name }, `Item "${name}" (Service) created in QuickBooks`)
      : said('non_inventory_item_created', { name }, `Item "${name}" (Non-inventory) created in QuickBooks`),
  autoSyncOverride: (lock: 'mapping_changed' | 'untested') =>
    lock === 'mapping_changed'
      ? said(
          'auto_sync_override_mapping_changed',
          {},
          'Auto-sync turned on although the mapping changed since the last passing test sync',
        )
      : said('auto_sync_override_untested', {}, 'Auto-sync turned on without a passing test sync'),
  heldReleased: (count: number, all: boolean) =>
    said(
      all ? 'held_released_all' : 'held_released',
      { count },
      `${count} record(s) created or changed while disconnected were queued to sync${all ? ' (all of them)' : ''}`,
    ),
  directionSet: (direction: 'one_way' | 'two_way') =>
    direction === 'one_way'
      ? said('direction_one_way', {}, 'Customer sync direction set to one-way (Exoserva → QuickBooks)')
      : said('direction_two_way', {}, 'Customer sync direction set to two-way'),
  customersMatched: (linked: number, willBeCreated: number) =>
    said(
      'customers_matched',
      { count: linked, created: willBeCreated },
      `${linked} customers linked to existing QuickBooks customers; ${willBeCreated} will be created by the first sync`,
    ),
  backfill: (job: { source: string; from: string; to: string; total: number }) =>
    said(
      job.source === 'repost' ? 'repost_job' : 'backfill_job',
      { from: job.from, to: job.to, count: job.total },
      `${job.source === 'repost' ? 'Re-post' : 'Backfill'} of ${job.from} to ${job.to} (${job.total} records)`,
    ),
  backfillStarted: (job: { source: string; from: string; to: string; total: number }, linked: number) => {
    const base = auditDetail.backfill(job);
    return said(
      `${base.detailCode}_started`,
      { ...base.detailParams, linked },
      `${base.detail} started; ${linked} record(s) already in QuickBooks linked instead of created`,
    );
  },
  notifications: (s: { mode: string; digestHour: number; timeZone: string; extraEmails: string[] }) => {
    const hour = `${String(s.digestHour).padStart(2, '0')}:00`;
    const recipients = s.extraEmails.join(', ');
    const extra = recipients ? `extra recipients: ${recipients}` : 'no extra recipients';
    const code = `notifications_${s.mode === 'immediate' ? 'immediate' : 'digest'}${recipients ? '' : '_alone'}`;
    const when = s.mode === 'immediate' ? 'Immediately' : `Daily digest at ${hour} ${s.timeZone}`;
    const params = {
      ...(s.mode === 'immediate' ? {} : { hour, timeZone: s.timeZone }),
      ...(recipients ? { recipients } : {}),
    };
    return said(code, params, `${when}; ${extra}`);
  },
  // Money stays integer cents in the facts; each side writes it in its own words (English dollars here, the
  // page's locale and currency in the wizard).
  testSyncPassed: (amountCents: number) =>
    said(
      'test_sync_passed',
      { amountCents },
      `Test sync passed: ${formatDollars(amountCents)} landed in QuickBooks and every check matched`,
    ),
  testSyncFailed: (step: string, problem: string) =>
    said('test_sync_failed', { step, problem }, `Test sync failed at ${step}: ${problem}`),
  needsReconnect: (reason: string, standard: string) =>
    reason === standard
      ? said('needs_reconnect', {}, reason)
      : { detail: reason, detailCode: null, detailParams: null },
};
