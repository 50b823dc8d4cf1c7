/**
 * Exactly once: a deterministic Intuit `requestid` per operation, and a hash of what was sent.
 *
 * Intuit answers a repeated requestid with the original response instead of doing the work twice
 * (REFERENCE §3.6), so a retry after a timeout can't duplicate an invoice — provided every process computes
 * the same id for the same operation. Hence a hash of the operation's identity, never a random UUID.
 */
import { createHash } from 'node:crypto';
import type { SyncRecordKind } from '@exoserva/contracts';

export type SyncOperation = 'create' | 'update' | 'void' | 'delete';

export interface RequestIdInput {
  tenantId: string;
  kind: SyncRecordKind;
  /** The Exoserva record id. */
  recordId: string;
  /** The Exoserva record version being written. */
  recordVersion: number;
  operation: SyncOperation;
  /**
   * payloadHash(body) of the exact body being sent. A byte-identical retry reuses the requestid (and gets
   * Intuit's stored answer); a changed body — a fresh SyncToken after a stale-object error, a fixed mapping
   * after a person's Retry — gets a new one, so Intuit never replays an old failure or flags code 600.
   */
  payloadHash?: string;
  /**
   * Which attempt this is after a definite failure (0 for the first). Intuit answers a repeated requestid with
   * its original response — for a request it refused, the old error — so once a person has fixed the cause in
   * QuickBooks (reactivated a tax code, say) the unchanged body must go with a new id. It moves only after a
   * failure Intuit answered definitively; after an ambiguous outcome (timeout, dropped answer, 5xx) the id stays
   * and the record is looked up before anything is created again.
   */
  attempt?: number;
}

/** Intuit's limit on `requestid` (REFERENCE §3.6). */
export const REQUEST_ID_MAX_LENGTH = 50;
/** Intuit's limit on a batch request's `requestid`. */
export const BATCH_REQUEST_ID_MAX_LENGTH = 36;

const KIND_CODE: Record<SyncRecordKind, string> = {
  customer: 'cus',
  invoice: 'inv',
  payment: 'pay',
  refund: 'ref',
  payout: 'dep',
};

const OPERATION_CODE: Record<SyncOperation, string> = { create: 'c', update: 'u', void: 'v', delete: 'd' };

/** Bump when the inputs or format change, so new ids can never collide with old ones. */
const SCHEME = 'rid1';

/**
 * `ex-<kind>-<op>-<32 hex>`, 41 characters: e.g. `ex-inv-c-5f0c…`. The prefix makes the id readable in
 * Intuit's logs and support tickets; the 128-bit SHA-256 prefix makes collisions a non-issue.
 */
export function requestIdFor(input: RequestIdInput): string {
  const digest = sha256Hex(
    canonicalJson([
      SCHEME,
      input.tenantId,
      input.kind,
      input.recordId,
      input.recordVersion,
      input.operation,
      input.payloadHash ?? null,
      // Left out for the first attempt, so every id made before attempts existed stays what it was.
      ...(input.attempt ? [input.attempt] : []),
    ]),
  );
  return `ex-${KIND_CODE[input.kind]}-${OPERATION_CODE[input.operation]}-${digest.slice(0, 32)}`;
}

/**
 * A requestid for a write that is not a record's — an account, an item, a payment method the product creates —
 * the same for the same intent (`prefix` and `parts`), so a retried create never makes two. ≤ 50 characters for
 * a prefix of up to 9.
 */
export function intentRequestId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${sha256Hex(parts.join('\u0000')).slice(0, 40)}`;
}

/** One id for a batch request made of these item requestids, order-insensitive, ≤ 36 chars (`ex-b-` + 31 hex). */
export function batchRequestIdFor(tenantId: string, itemRequestIds: readonly string[]): string {
  const digest = sha256Hex(canonicalJson([SCHEME, 'batch', tenantId, [...itemRequestIds].sort()]));
  return `ex-b-${digest.slice(0, BATCH_REQUEST_ID_MAX_LENGTH - 5)}`;
}

/**
 * SHA-256 (hex) of the canonical JSON of a body. The worker stores it with the QuickBooks id; when the next
 * version of the record maps to the same hash, there is nothing to update and no call is made.
 */
export function payloadHash(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}

/**
 * JSON with object keys sorted at every depth and undefined properties dropped, so equal bodies always
 * serialize identically whatever order their keys were built in. Non-finite numbers, functions, symbols and
 * bigints throw: they have no JSON form and would otherwise hash as something they are not.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, 'body');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : serialize(item, `${path}[${i}]`))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${serialize(record[key], `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which has no JSON form`);
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
