/**
 * Matching existing QuickBooks customers to Exoserva customers before the first sync, so the sync links
 * instead of creating duplicates. Pure: the caller reads both lists and stores the accepted links.
 */

export interface MatchableCustomer {
  id: string;
  displayName: string;
  companyName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  address?: { line1: string; postalCode?: string | null | undefined } | null | undefined;
}

export type MatchSignal = 'email' | 'phone' | 'name' | 'address';
export type MatchBucket = 'linked' | 'review' | 'create';

export interface MatchScore {
  /** 0–100. */
  score: number;
  signals: MatchSignal[];
}

/**
 * Points per signal; the sum is capped at 100. Two signals that agree link automatically (email + name,
 * phone + address…); one alone (a shared office email, a common name) is shown for review.
 */
export const MATCH_WEIGHTS: Record<MatchSignal, number> = { email: 60, phone: 50, name: 40, address: 30 };
/** At or above: linked automatically. */
export const AUTO_LINK_SCORE = 80;
/** At or above (and below AUTO_LINK_SCORE): shown for review. Below: the customer will be created. */
export const REVIEW_SCORE = 40;

const COMPANY_SUFFIXES = new Set(['inc', 'llc', 'ltd', 'co', 'corp', 'corporation', 'company', 'the', 'and']);

export function normalizeEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e && e.includes('@') ? e : null;
}

/** The last ten digits: "+1 (303) 555-0142" and "303.555.0142" are the same phone. */
export function normalizePhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-10) : null;
}

/** Lowercase words without punctuation, company suffixes or order: "Smith, John" = "John Smith". */
export function normalizeName(name: string | null | undefined): string | null {
  const words = (name ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/\(deleted\)/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !COMPANY_SUFFIXES.has(w));
  return words.length > 0 ? words.sort().join(' ') : null;
}

const STREET_WORDS: Record<string, string> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  drive: 'dr',
  boulevard: 'blvd',
  lane: 'ln',
  court: 'ct',
  suite: 'ste',
};

/** Street line words abbreviated the same way, plus the 5-digit ZIP when both sides have one. */
export function normalizeAddress(address: MatchableCustomer['address']): string | null {
  if (!address?.line1.trim()) return null;
  const line = address.line1
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => STREET_WORDS[w] ?? w)
    .join(' ');
  const zip = (address.postalCode ?? '').replace(/\D/g, '').slice(0, 5);
  return zip ? `${line}|${zip}` : line;
}

function sameAddress(a: MatchableCustomer['address'], b: MatchableCustomer['address']): boolean {
  const x = normalizeAddress(a);
  const y = normalizeAddress(b);
  if (!x || !y) return false;
  if (x === y) return true;
  // One side without a ZIP: compare the street lines only.
  const [lx, zx] = x.split('|');
  const [ly, zy] = y.split('|');
  return lx === ly && (!zx || !zy);
}

/** How alike two customers are, and why. */
export function scoreCustomerMatch(exo: MatchableCustomer, qbo: MatchableCustomer): MatchScore {
  const signals: MatchSignal[] = [];
  const email = normalizeEmail(exo.email);
  if (email && email === normalizeEmail(qbo.email)) signals.push('email');
  const phone = normalizePhone(exo.phone);
  if (phone && phone === normalizePhone(qbo.phone)) signals.push('phone');
  const names = [normalizeName(exo.displayName), normalizeName(exo.companyName)].filter(Boolean);
  const qboNames = new Set([normalizeName(qbo.displayName), normalizeName(qbo.companyName)].filter(Boolean));
  if (names.some((n) => qboNames.has(n))) signals.push('name');
  if (sameAddress(exo.address, qbo.address)) signals.push('address');
  const score = Math.min(
    100,
    signals.reduce((sum, s) => sum + MATCH_WEIGHTS[s], 0),
  );
  return { score, signals };
}

export interface CustomerMatch<E extends MatchableCustomer, Q extends MatchableCustomer> {
  exoserva: E;
  bucket: MatchBucket;
  candidate: Q | null;
  score: number;
  signals: MatchSignal[];
  /** Other QuickBooks customers at or above REVIEW_SCORE, best first. */
  alternatives: Array<{ customer: Q; score: number }>;
}

/**
 * Pairs every Exoserva customer with at most one QuickBooks customer and vice versa: best scores first
 * (ties by input order), so one QuickBooks customer is never linked twice. `reserved` QuickBooks ids are
 * already linked and never offered.
 */
export function matchCustomers<E extends MatchableCustomer, Q extends MatchableCustomer>(
  exoserva: readonly E[],
  qbo: readonly Q[],
  options: { reserved?: ReadonlySet<string> } = {},
): Array<CustomerMatch<E, Q>> {
  const reserved = options.reserved ?? new Set<string>();
  const pairs: Array<{ e: number; q: number; score: MatchScore }> = [];
  const perExo = exoserva.map(() => [] as Array<{ q: number; score: number }>);
  exoserva.forEach((e, ei) => {
    qbo.forEach((q, qi) => {
      if (reserved.has(q.id)) return;
      const score = scoreCustomerMatch(e, q);
      if (score.score >= REVIEW_SCORE) {
        pairs.push({ e: ei, q: qi, score });
        perExo[ei]!.push({ q: qi, score: score.score });
      }
    });
  });
  pairs.sort((a, b) => b.score.score - a.score.score || a.e - b.e || a.q - b.q);
  const chosen = new Map<number, { q: number; score: MatchScore }>();
  const usedQbo = new Set<number>();
  for (const pair of pairs) {
    if (chosen.has(pair.e) || usedQbo.has(pair.q)) continue;
    chosen.set(pair.e, { q: pair.q, score: pair.score });
    usedQbo.add(pair.q);
  }
  return exoserva.map((e, ei) => {
    const pick = chosen.get(ei);
    const alternatives = perExo[ei]!.filter((a) => a.q !== pick?.q)
      .sort((a, b) => b.score - a.score)
      .map((a) => ({ customer: qbo[a.q] as Q, score: a.score }));
    if (!pick) {
      return { exoserva: e, bucket: 'create', candidate: null, score: 0, signals: [], alternatives };
    }
    return {
      exoserva: e,
      bucket: pick.score.score >= AUTO_LINK_SCORE ? 'linked' : 'review',
      candidate: qbo[pick.q] as Q,
      score: pick.score.score,
      signals: pick.score.signals,
      alternatives,
    };
  });
}
