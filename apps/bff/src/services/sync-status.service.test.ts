import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from './qbo-rate-limiter.ts';
import { quickBooksRecordUrl } from './quickbooks-record-url.ts';
import { pendingEtaSeconds } from './sync-status.service.ts';

describe('the Pending ETA', () => {
  it('is bound by the per-second window for a small queue and the per-minute one for a large one', () => {
    expect(pendingEtaSeconds(0, DEFAULT_RATE_LIMITS)).toBe(0);
    expect(pendingEtaSeconds(1, DEFAULT_RATE_LIMITS)).toBe(1);
    // 9/s: 27 records need 3 s; 480/min would say 4 s, and that is the binding one.
    expect(pendingEtaSeconds(27, DEFAULT_RATE_LIMITS)).toBe(4);
    // 480 a minute: 4,800 records take 10 minutes.
    expect(pendingEtaSeconds(4_800, DEFAULT_RATE_LIMITS)).toBe(600);
    expect(pendingEtaSeconds(100, { perMinute: 6000, perSecond: 10 })).toBe(10);
  });
});

describe('links into QuickBooks', () => {
  it('opens each kind on its QuickBooks page, in the sandbox or production app', () => {
    expect(quickBooksRecordUrl('sandbox', 'customer', '58')).toBe(
      'https://app.sandbox.qbo.intuit.com/app/customerdetail?nameId=58',
    );
    expect(quickBooksRecordUrl('production', 'invoice', '130')).toBe(
      'https://app.qbo.intuit.com/app/invoice?txnId=130',
    );
    expect(quickBooksRecordUrl('production', 'payout', '9')).toBe(
      'https://app.qbo.intuit.com/app/deposit?txnId=9',
    );
  });
});
