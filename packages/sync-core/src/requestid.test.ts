import { describe, expect, it } from 'vitest';
import { mapInvoice } from './invoice-mapper.ts';
import {
  BATCH_REQUEST_ID_MAX_LENGTH,
  batchRequestIdFor,
  canonicalJson,
  payloadHash,
  REQUEST_ID_MAX_LENGTH,
  requestIdFor,
  type RequestIdInput,
} from './requestid.ts';
import { context, invoice } from './testing/fixtures.ts';

const base: RequestIdInput = {
  tenantId: 'ten_coolbreeze',
  kind: 'invoice',
  recordId: 'inv_123',
  recordVersion: 4,
  operation: 'create',
};

describe('requestIdFor', () => {
  it('is a readable prefix plus 32 hex characters, within Intuit’s 50', () => {
    const id = requestIdFor(base);
    expect(id).toMatch(/^ex-inv-c-[0-9a-f]{32}$/);
    expect(id.length).toBeLessThanOrEqual(REQUEST_ID_MAX_LENGTH);
  });

  it('is the same for the same operation in any process, now and later', () => {
    // Pinned: if this changes, retries in flight during a deploy would duplicate records.
    expect(requestIdFor(base)).toBe(requestIdFor({ ...base }));
    expect(requestIdFor(base)).toBe('ex-inv-c-ec11a2eaee992b179847a284fb7e8262');
  });

  it('differs when the tenant, record, version, operation or body differs', () => {
    const ids = new Set([
      requestIdFor(base),
      requestIdFor({ ...base, tenantId: 'ten_other' }),
      requestIdFor({ ...base, recordId: 'inv_124' }),
      requestIdFor({ ...base, recordVersion: 5 }),
      requestIdFor({ ...base, operation: 'update' }),
      requestIdFor({ ...base, kind: 'payment' }),
      requestIdFor({ ...base, payloadHash: 'a'.repeat(64) }),
      requestIdFor({ ...base, payloadHash: 'b'.repeat(64) }),
    ]);
    expect(ids.size).toBe(8);
  });

  it('names the kind and operation in its prefix', () => {
    expect(requestIdFor({ ...base, kind: 'customer', operation: 'update' })).toMatch(/^ex-cus-u-/);
    expect(requestIdFor({ ...base, kind: 'payout', operation: 'create' })).toMatch(/^ex-dep-c-/);
    expect(requestIdFor({ ...base, kind: 'refund', operation: 'create' })).toMatch(/^ex-ref-c-/);
    expect(requestIdFor({ ...base, operation: 'void' })).toMatch(/^ex-inv-v-/);
  });

  it('does not let field boundaries blur (ab + c is not a + bc)', () => {
    expect(requestIdFor({ ...base, tenantId: 'ab', recordId: 'c' })).not.toBe(
      requestIdFor({ ...base, tenantId: 'a', recordId: 'bc' }),
    );
  });
});

describe('batchRequestIdFor', () => {
  it('fits Intuit’s 36-character batch limit and ignores item order', () => {
    const a = requestIdFor(base);
    const b = requestIdFor({ ...base, recordId: 'inv_124' });
    const id = batchRequestIdFor('ten_coolbreeze', [a, b]);
    expect(id).toHaveLength(BATCH_REQUEST_ID_MAX_LENGTH);
    expect(id).toBe(batchRequestIdFor('ten_coolbreeze', [b, a]));
  });
});

describe('payloadHash', () => {
  it('does not depend on key order', () => {
    expect(payloadHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      payloadHash({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('ignores undefined properties, which JSON never sends', () => {
    expect(payloadHash({ a: 1, b: undefined })).toBe(payloadHash({ a: 1 }));
  });

  it('changes when any amount changes by a cent', () => {
    const result = mapInvoice(invoice, context);
    const other = mapInvoice({ ...invoice, customerMemo: 'x' }, context);
    expect(result.ok && other.ok).toBe(true);
    if (result.ok && other.ok) expect(payloadHash(result.value.body)).not.toBe(payloadHash(other.value.body));
    expect(payloadHash({ Amount: 142.5 })).not.toBe(payloadHash({ Amount: 142.51 }));
  });

  it('maps the same record to the same hash, so an unchanged record is skipped', () => {
    const first = mapInvoice(invoice, context);
    const again = mapInvoice({ ...invoice, version: 9, internalNotes: 'new internal note' }, context);
    if (!first.ok || !again.ok) throw new Error('expected payloads');
    expect(payloadHash(again.value.body)).toBe(payloadHash(first.value.body));
    expect(payloadHash(first.value.body)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [{ f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[{"e":2,"f":1}],"d":2},"b":1}',
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/body.a is NaN/);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });
});
