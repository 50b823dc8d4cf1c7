import { describe, expect, it } from 'vitest';
import { dueDigestSlot, lastDigestSlot, nextDigestSlot } from './notification-schedule.ts';

const ms = (iso: string) => Date.parse(iso);

describe('daily digest scheduling in the tenant time zone', () => {
  it('puts 8 AM Denver at 15:00 UTC in winter and 14:00 UTC in summer', () => {
    expect(nextDigestSlot(ms('2026-01-10T12:00:00Z'), 8, 'America/Denver').toISOString()).toBe(
      '2026-01-10T15:00:00.000Z',
    );
    expect(nextDigestSlot(ms('2026-07-10T12:00:00Z'), 8, 'America/Denver').toISOString()).toBe(
      '2026-07-10T14:00:00.000Z',
    );
  });

  it('goes to tomorrow once today’s hour has passed, and back to yesterday for the last slot', () => {
    const now = ms('2026-01-10T16:30:00Z'); // 09:30 in Denver
    expect(nextDigestSlot(now, 8, 'America/Denver').toISOString()).toBe('2026-01-11T15:00:00.000Z');
    expect(lastDigestSlot(now, 8, 'America/Denver').toISOString()).toBe('2026-01-10T15:00:00.000Z');
    const early = ms('2026-01-10T14:59:00Z'); // 07:59 in Denver
    expect(lastDigestSlot(early, 8, 'America/Denver').toISOString()).toBe('2026-01-09T15:00:00.000Z');
  });

  it('keeps the local hour across the spring-forward and fall-back nights', () => {
    // Denver springs forward on 2026-03-08 and falls back on 2026-11-01.
    expect(nextDigestSlot(ms('2026-03-07T16:00:00Z'), 8, 'America/Denver').toISOString()).toBe(
      '2026-03-08T14:00:00.000Z',
    );
    expect(nextDigestSlot(ms('2026-10-31T15:00:00Z'), 8, 'America/Denver').toISOString()).toBe(
      '2026-11-01T15:00:00.000Z',
    );
  });

  it('crosses month and year ends, east of UTC too', () => {
    expect(nextDigestSlot(ms('2026-12-31T23:30:00Z'), 7, 'Asia/Tokyo').toISOString()).toBe(
      '2027-01-01T22:00:00.000Z', // 07:00 on 2 January in Tokyo (08:30 on the 1st there now)
    );
    expect(nextDigestSlot(ms('2026-12-31T12:00:00Z'), 0, 'UTC').toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('is due once per slot: after the slot is dealt with, not again until the next day', () => {
    const settings = {
      digestHour: 8,
      timeZone: 'America/Denver',
      digestSlot: new Date('2026-01-09T15:00:00Z'),
    };
    expect(dueDigestSlot(ms('2026-01-10T14:59:59Z'), settings)).toBeNull();
    const due = dueDigestSlot(ms('2026-01-10T15:00:00Z'), settings);
    expect(due?.toISOString()).toBe('2026-01-10T15:00:00.000Z');
    expect(dueDigestSlot(ms('2026-01-10T20:00:00Z'), { ...settings, digestSlot: due })).toBeNull();
    expect(dueDigestSlot(ms('2026-01-11T15:00:00Z'), { ...settings, digestSlot: due })).not.toBeNull();
  });
});
