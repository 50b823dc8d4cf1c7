import { readFileSync } from 'node:fs';
import { formatDollars } from '@exoserva/sync-core';
import { describe, expect, it } from 'vitest';
import { auditDetail, type AuditDetail } from './audit-details.ts';
import { NEEDS_RECONNECT_REASON } from './token.service.ts';

/** Every sentence the BFF can record, each variant once. */
const every: AuditDetail[] = [
  auditDetail.reconnectedSameCompany(),
  auditDetail.disconnected(true),
  auditDetail.disconnected(false),
  auditDetail.switched('Acme', 'Beta', 3),
  auditDetail.recordIgnored('invoice', 'inv_1', 'duplicate'),
  auditDetail.recordUnignored('invoice', 'inv_1'),
  auditDetail.customerLinked('cus_1', 'Smith Plumbing', '58'),
  auditDetail.mappingReconfirmed(2),
  auditDetail.mappingSaved(3, null),
  auditDetail.mappingSaved(3, { from: '2026-10-01', to: '2026-10-31' }),
  auditDetail.accountCreated('Service Revenue', 'Income'),
  auditDetail.itemCreated('Labor', 'labor'),
  auditDetail.itemCreated('Parts', 'parts'),
  auditDetail.autoSyncOverride('mapping_changed'),
  auditDetail.autoSyncOverride('untested'),
  auditDetail.heldReleased(2, false),
  auditDetail.heldReleased(2, true),
  auditDetail.directionSet('one_way'),
  auditDetail.directionSet('two_way'),
  auditDetail.customersMatched(4, 1),
  auditDetail.backfill({ source: 'backfill', from: '2026-10-01', to: '2026-10-31', total: 9 }),
  auditDetail.backfill({ source: 'repost', from: '2026-10-01', to: '2026-10-31', total: 9 }),
  auditDetail.backfillStarted({ source: 'backfill', from: '2026-10-01', to: '2026-10-31', total: 9 }, 2),
  auditDetail.backfillStarted({ source: 'repost', from: '2026-10-01', to: '2026-10-31', total: 9 }, 2),
  ...(['immediate', 'daily_digest'] as const).flatMap((mode) =>
    [[], ['ops@example.com']].map((extraEmails) =>
      auditDetail.notifications({ mode, digestHour: 7, timeZone: 'America/Denver', extraEmails }),
    ),
  ),
  auditDetail.testSyncPassed(100),
  auditDetail.testSyncFailed('invoice', 'Invalid tax rate'),
  auditDetail.needsReconnect(NEEDS_RECONNECT_REASON, NEEDS_RECONNECT_REASON),
];

const catalog = (language: string) =>
  readFileSync(new URL(`../../../wizard/src/i18n/${language}/later.ts`, import.meta.url), 'utf8');

describe('audit details', () => {
  it('say every fact of the English sentence in their params, and nothing but facts', () => {
    for (const d of every) {
      expect(d.detailCode).toMatch(/^[a-z_]+$/);
      for (const [name, value] of Object.entries(d.detailParams ?? {})) {
        // Money is a fact in integer cents; the English sentence says it in dollars.
        if (name === 'amountCents') expect(d.detail).toContain(formatDollars(Number(value)));
        else expect(d.detail).toContain(String(value));
      }
    }
  });

  it('have words in the wizard’s English and Spanish catalogs for every code (the wizard falls back to English otherwise)', () => {
    const codes = [...new Set(every.map((d) => d.detailCode))];
    for (const language of ['en', 'es']) {
      const text = catalog(language);
      const missing = codes.filter((code) => !text.includes(`'auditDetail.${code}'`));
      expect(missing, `${language} catalog`).toEqual([]);
    }
  });

  it('keep only English for a reason the sync engine wrote, which has no code', () => {
    expect(auditDetail.needsReconnect('Account not found — re-run mapping', NEEDS_RECONNECT_REASON)).toEqual({
      detail: 'Account not found — re-run mapping',
      detailCode: null,
      detailParams: null,
    });
  });
});
