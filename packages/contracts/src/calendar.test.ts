import { describe, expect, it } from 'vitest';
import { ExoEvent } from './exoserva-domain.ts';
import { IsoDate, IsoMonth, isCalendarDate, isCalendarMonth, Timestamp } from './calendar.ts';

describe('calendar dates (issue 22: one check for every date the product takes)', () => {
  it('takes real days in the supported years, leap days included', () => {
    for (const d of ['2026-12-07', '2024-02-29', '2000-02-29', '1900-01-01', '2199-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
  });

  it('refuses days that do not exist and years a store cannot hold', () => {
    for (const d of [
      '2026-02-31',
      '2026-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-01-00',
      '0000-01-01',
      '1899-12-31',
      '2200-01-01',
      '9999-12-31',
      '2026-1-1',
      '',
    ])
      expect(isCalendarDate(d), d).toBe(false);
    expect(IsoDate.safeParse('2026-02-31').success).toBe(false);
    expect(IsoDate.safeParse(20260207).success).toBe(false);
  });

  it('takes months 01–12 of the supported years only', () => {
    expect(['2026-01', '2026-12', '1900-06', '2199-12'].every(isCalendarMonth)).toBe(true);
    expect(['2026-13', '2026-00', '0001-01', '9999-12', '2026-1'].some(isCalendarMonth)).toBe(false);
    expect(IsoMonth.safeParse('9999-12').success).toBe(false);
  });

  it('takes instants with Z or an offset in the supported years', () => {
    expect(Timestamp.safeParse('2026-12-07T12:00:00Z').success).toBe(true);
    expect(Timestamp.safeParse('2026-12-07T12:00:00.123-07:00').success).toBe(true);
    for (const t of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-31T00:00:00Z', 'yesterday'])
      expect(Timestamp.safeParse(t).success, t).toBe(false);
  });

  it('bounds an event’s record version to what the queue’s integer column holds', () => {
    const event = (objectVersion: number) => ({
      id: 'evt_1',
      type: 'invoice.created',
      tenantId: 'ten_1',
      occurredAt: '2026-12-07T12:00:00Z',
      data: { objectId: 'inv_1', objectVersion },
    });
    expect(ExoEvent.safeParse(event(2_147_483_647)).success).toBe(true);
    expect(ExoEvent.safeParse(event(2_147_483_648)).success).toBe(false);
    expect(ExoEvent.safeParse(event(Number.MAX_SAFE_INTEGER)).success).toBe(false);
  });
});
