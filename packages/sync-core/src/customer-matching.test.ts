import { describe, expect, it } from 'vitest';
import {
  AUTO_LINK_SCORE,
  matchCustomers,
  normalizeAddress,
  normalizeName,
  normalizePhone,
  REVIEW_SCORE,
  scoreCustomerMatch,
  type MatchableCustomer,
} from './customer-matching.ts';

const exo = (over: Partial<MatchableCustomer> & { id: string }): MatchableCustomer => ({
  displayName: 'Nobody',
  ...over,
});

describe('normalizing what customers are known by', () => {
  it('treats phone numbers with country code and punctuation as the same number', () => {
    expect(normalizePhone('+1 (303) 555-0142')).toBe(normalizePhone('303.555.0142'));
    expect(normalizePhone('12')).toBeNull();
  });

  it('ignores case, punctuation, word order and company suffixes in names', () => {
    expect(normalizeName('Smith, John')).toBe(normalizeName('john smith'));
    expect(normalizeName('Acme Heating & Air, LLC')).toBe(normalizeName('ACME Heating and Air'));
    expect(normalizeName('José Peña')).toBe(normalizeName('Jose Pena'));
    expect(normalizeName('  ')).toBeNull();
  });

  it('abbreviates street words and keeps the five-digit ZIP', () => {
    expect(normalizeAddress({ line1: '12 Elm Street', postalCode: '80202-1234' })).toBe(
      normalizeAddress({ line1: '12 elm st.', postalCode: '80202' }),
    );
  });
});

describe('scoring one pair', () => {
  it('asks for a review on a shared email alone (offices share one)', () => {
    const s = scoreCustomerMatch(
      exo({ id: 'e', email: 'Ann@Example.com' }),
      exo({ id: 'q', displayName: 'Someone', email: 'ann@example.com ' }),
    );
    expect(s).toEqual({ score: 60, signals: ['email'] });
    expect(s.score).toBeLessThan(AUTO_LINK_SCORE);
  });

  it('adds up email, phone, name and address and caps at 100', () => {
    const person = {
      displayName: 'Ann Lee',
      email: 'ann@example.com',
      phone: '303-555-0100',
      address: { line1: '1 Main St', postalCode: '80202' },
    };
    expect(scoreCustomerMatch(exo({ id: 'e', ...person }), exo({ id: 'q', ...person }))).toEqual({
      score: 100,
      signals: ['email', 'phone', 'name', 'address'],
    });
  });

  it('asks for a review when only the name matches', () => {
    const s = scoreCustomerMatch(
      exo({ id: 'e', displayName: 'Lee, Ann' }),
      exo({ id: 'q', displayName: 'Ann Lee' }),
    );
    expect(s.score).toBe(40);
    expect(s.score).toBeGreaterThanOrEqual(REVIEW_SCORE);
    expect(s.score).toBeLessThan(AUTO_LINK_SCORE);
  });

  it('matches an Exoserva company name against the QuickBooks display name', () => {
    const s = scoreCustomerMatch(
      exo({ id: 'e', displayName: 'Dana (front desk)', companyName: 'Bright Dental LLC' }),
      exo({ id: 'q', displayName: 'Bright Dental' }),
    );
    expect(s.signals).toEqual(['name']);
  });

  it('scores strangers zero', () => {
    expect(
      scoreCustomerMatch(exo({ id: 'e', displayName: 'A B' }), exo({ id: 'q', displayName: 'C D' })).score,
    ).toBe(0);
  });
});

describe('matching the lists', () => {
  const qbo = [
    { id: 'q1', displayName: 'Ann Lee', email: 'ann@example.com', phone: '3035550100' },
    { id: 'q2', displayName: 'Bob Stone' },
    { id: 'q3', displayName: 'Carla Diaz', phone: '720 555 0199' },
  ];

  it('puts each Exoserva customer in linked, review or create', () => {
    const rows = matchCustomers(
      [
        exo({ id: 'e1', displayName: 'Ann Lee', email: 'ann@example.com' }),
        exo({ id: 'e2', displayName: 'Stone, Bob' }),
        exo({ id: 'e3', displayName: 'Zed Zimmer' }),
      ],
      qbo,
    );
    expect(rows.map((r) => [r.exoserva.id, r.bucket, r.candidate?.id ?? null])).toEqual([
      ['e1', 'linked', 'q1'],
      ['e2', 'review', 'q2'],
      ['e3', 'create', null],
    ]);
    expect(rows[0]!.signals).toEqual(['email', 'name']);
  });

  it('never links one QuickBooks customer to two Exoserva customers: the better match wins', () => {
    const rows = matchCustomers(
      [
        exo({ id: 'weak', displayName: 'Ann Lee' }),
        exo({ id: 'strong', displayName: 'Ann Lee', email: 'ann@example.com' }),
      ],
      qbo,
    );
    expect(rows.find((r) => r.exoserva.id === 'strong')?.candidate?.id).toBe('q1');
    const weak = rows.find((r) => r.exoserva.id === 'weak')!;
    expect(weak.bucket).toBe('create');
    expect(weak.alternatives.map((a) => a.customer.id)).toEqual(['q1']);
  });

  it('skips QuickBooks customers that are already linked', () => {
    const rows = matchCustomers([exo({ id: 'e1', displayName: 'Ann Lee', email: 'ann@example.com' })], qbo, {
      reserved: new Set(['q1']),
    });
    expect(rows[0]!.bucket).toBe('create');
  });

  it('links on phone and address together without an email', () => {
    const rows = matchCustomers(
      [exo({ id: 'e', displayName: 'C. Diaz', phone: '(720) 555-0199', address: { line1: '9 Oak Avenue' } })],
      [{ ...qbo[2]!, address: { line1: '9 oak ave', postalCode: '80014' } }],
    );
    expect(rows[0]).toMatchObject({ bucket: 'linked', score: 80, signals: ['phone', 'address'] });
  });
});
