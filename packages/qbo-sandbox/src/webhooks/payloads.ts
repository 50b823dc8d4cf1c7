/**
 * Webhook bodies in Intuit's two formats (REFERENCE §3.9) and the `intuit-signature` header.
 */
import { createHmac, createHash, randomUUID } from 'node:crypto';
import type { EntityChange } from '../accounting/company.ts';

export type WebhookFormat = 'legacy' | 'cloudevents';

/** Legacy: one `eventNotifications` element per realm, entities carry ids only. */
export function legacyPayload(changes: EntityChange[]): unknown {
  const byRealm = new Map<string, EntityChange[]>();
  for (const change of changes) byRealm.set(change.realmId, [...(byRealm.get(change.realmId) ?? []), change]);
  return {
    eventNotifications: [...byRealm.entries()].map(([realmId, list]) => ({
      realmId,
      dataChangeEvent: {
        entities: list.map((c) => ({
          name: c.entity,
          id: c.id,
          operation: c.operation,
          lastUpdated: c.lastUpdated,
        })),
      },
    })),
  };
}

const PAST_TENSE: Record<EntityChange['operation'], string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Merge: 'merged',
  Void: 'voided',
};

/** CloudEvents: one event per change, type `qbo.<entity>.<verb>.v1`. */
export function cloudEventsPayload(changes: EntityChange[], clientId: string, nowMs: number): unknown {
  const source = `intuit.${createHash('sha256').update(clientId).digest('base64')}`;
  return changes.map((c) => ({
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: `qbo.${c.entity.toLowerCase()}.${PAST_TENSE[c.operation]}.v1`,
    datacontenttype: 'application/json',
    time: new Date(nowMs).toISOString(),
    intuitentityid: c.id,
    intuitaccountid: c.realmId,
    data: {},
  }));
}

/** base64(HMAC-SHA256(verifier token, raw body)), unchanged by the CloudEvents migration. */
export function intuitSignature(verifierToken: string, rawBody: string): string {
  return createHmac('sha256', verifierToken).update(rawBody).digest('base64');
}
