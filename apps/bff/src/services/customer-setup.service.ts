import type {
  CustomerMatchesResponse,
  CustomerMatchRow,
  DirectionResponse,
  MatchCustomer,
  SaveMatchesRequest,
  SaveMatchesResponse,
  SessionClaims,
  SetDirectionRequest,
} from '@exoserva/contracts';
import { matchCustomers, scoreCustomerMatch, type MatchableCustomer } from '@exoserva/sync-core';
import { fail, failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { ExoCustomer } from '@exoserva/contracts';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import type { ChartCustomer, QboChartApi } from '../ports/qbo-chart-api.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { appendAuditWithChanges, customerLinkStore } from '../stores/mapping-store.ts';
import { settingsStore } from '../stores/settings-store.ts';
import { exoservaFailure, qboFailure } from './mapping.service.ts';
import type { TokenService } from './token.service.ts';
import { auditDetail } from './audit-details.ts';

export interface CustomerSetupDeps {
  db: Database;
  tokens: Pick<TokenService, 'getAccessToken'>;
  chart: QboChartApi;
  /** Null when EXOSERVA_API_URL is not configured. */
  exoserva: ExoservaApi | null;
  clock: Clock;
  logger: Logger;
}

export type Exo = MatchableCustomer & { source: ExoCustomer };
export type Qbo = MatchableCustomer & { source: ChartCustomer };

export function exoMatchable(c: ExoCustomer): Exo {
  const addr = c.billingAddress ?? c.serviceAddress;
  return {
    id: c.id,
    displayName: c.displayName,
    companyName: c.companyName ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    address: addr ? { line1: addr.line1, postalCode: addr.postalCode ?? null } : null,
    source: c,
  };
}

export function qboMatchable(c: ChartCustomer): Qbo {
  return {
    ...c,
    address: c.address ? { line1: c.address.line1, postalCode: c.address.postalCode } : null,
    source: c,
  };
}

const joinAddress = (parts: Array<string | null | undefined>) =>
  parts.filter((p) => p && p.trim()).join(', ') || null;

function exoView(c: ExoCustomer): MatchCustomer {
  const a = c.billingAddress ?? c.serviceAddress;
  return {
    id: c.id,
    displayName: c.displayName,
    email: c.email ?? null,
    phone: c.phone ?? null,
    address: a ? joinAddress([a.line1, a.city, a.postalCode]) : null,
  };
}

function qboView(c: ChartCustomer): MatchCustomer {
  return {
    id: c.id,
    displayName: c.displayName,
    email: c.email,
    phone: c.phone,
    address: c.address ? joinAddress([c.address.line1, c.address.city, c.address.postalCode]) : null,
  };
}

/** GUIDE step 4: the customer sync direction, and matching existing QuickBooks customers before the first sync. */
export function createCustomerSetupService(deps: CustomerSetupDeps) {
  const { db, tokens, chart, exoserva, clock, logger } = deps;

  async function readBoth(tenantId: string, doing: string) {
    let token = await tokens.getAccessToken(tenantId);
    if (!token.ok) return token;
    let access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
    if (!exoserva) return fail(exoservaFailure(null, doing));
    const [exo, first] = await Promise.all([
      exoserva.listRecords(tenantId, 'customer'),
      chart.listCustomers(access),
    ]);
    let qbo = first;
    if (!qbo.ok && qbo.error.kind === 'unauthorized') {
      token = await tokens.getAccessToken(tenantId, { rejectedToken: access.accessToken });
      if (!token.ok) return token;
      access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
      qbo = await chart.listCustomers(access);
    }
    if (!qbo.ok) return fail(qboFailure(qbo.error, doing));
    if (!exo.ok) return fail(exoservaFailure(exo.error, doing));
    return ok({ realmId: access.realmId, exo: exo.value, qbo: qbo.value });
  }

  const actorOf = (s: SessionClaims) => ({ userId: s.sub, name: s.name ?? null, role: s.role });
  async function company(tenantId: string) {
    const row = await connectionStore.get(db, tenantId);
    return row?.realmId ? { realmId: row.realmId, name: row.companyName } : null;
  }

  return {
    async getDirection(session: SessionClaims): Promise<DirectionResponse> {
      const d = await settingsStore.getDirection(db, session.tid);
      return { direction: d.direction, chosen: d.chosen, updatedAt: d.updatedAt?.toISOString() ?? null };
    },

    async setDirection(
      session: SessionClaims,
      input: SetDirectionRequest,
    ): Promise<Result<DirectionResponse>> {
      const at = new Date(clock.now());
      const who = await company(session.tid);
      await db.transaction(async (tx) => {
        const before = await settingsStore.getDirection(tx, session.tid);
        await settingsStore.setDirection(tx, {
          tenantId: session.tid,
          direction: input.direction,
          userId: session.sub,
          at,
        });
        if (!before.chosen || before.direction !== input.direction) {
          await appendAuditWithChanges(tx, {
            tenantId: session.tid,
            at,
            action: 'direction_changed',
            actor: actorOf(session),
            company: who,
            ...auditDetail.directionSet(input.direction),
            changes: { before: before.chosen ? before.direction : null, after: input.direction },
          });
        }
      });
      return ok({ direction: input.direction, chosen: true, updatedAt: at.toISOString() });
    },

    async getMatches(session: SessionClaims): Promise<Result<CustomerMatchesResponse>> {
      const both = await readBoth(session.tid, 'matching customers');
      if (!both.ok) return both;
      const { realmId, exo, qbo } = both.value;
      const links = await customerLinkStore.list(db, session.tid, realmId);
      const qboById = new Map(qbo.map((c) => [c.id, c]));
      const rows: CustomerMatchRow[] = [];
      const unlinked: Exo[] = [];
      for (const c of exo) {
        const linkedId = links.get(c.id);
        const linked = linkedId ? qboById.get(linkedId) : undefined;
        if (linkedId && linked) {
          const s = scoreCustomerMatch(exoMatchable(c), qboMatchable(linked));
          rows.push({
            exoserva: exoView(c),
            group: 'linked',
            candidate: qboView(linked),
            score: s.score,
            reasons: s.signals,
            alternatives: [],
            linkedQboId: linkedId,
          });
        } else {
          unlinked.push(exoMatchable(c));
        }
      }
      const reserved = new Set(links.values());
      for (const m of matchCustomers(unlinked, qbo.map(qboMatchable), { reserved })) {
        rows.push({
          exoserva: exoView(m.exoserva.source),
          group: m.bucket,
          candidate: m.candidate ? qboView(m.candidate.source) : null,
          score: m.score,
          reasons: m.signals,
          alternatives: m.alternatives
            .slice(0, 5)
            .map((a) => ({ ...qboView(a.customer.source), score: a.score })),
          linkedQboId: null,
        });
      }
      return ok({ rows, qboCustomers: qbo.map(qboView) });
    },

    async saveMatches(
      session: SessionClaims,
      input: SaveMatchesRequest,
    ): Promise<Result<SaveMatchesResponse>> {
      const both = await readBoth(session.tid, 'saving customer matches');
      if (!both.ok) return both;
      const { realmId, exo, qbo } = both.value;
      const exoIds = new Set(exo.map((c) => c.id));
      const qboIds = new Set(qbo.map((c) => c.id));
      const unknownExo = input.decisions.filter((d) => !exoIds.has(d.exoservaId)).map((d) => d.exoservaId);
      const unknownQbo = input.decisions
        .filter((d) => d.qboId !== null && !qboIds.has(d.qboId))
        .map((d) => d.qboId);
      if (unknownExo.length > 0 || unknownQbo.length > 0) {
        return failure(
          'validation_failed',
          'Some customers no longer exist. Reload the list and try again.',
          {
            unknownExoservaIds: unknownExo,
            unknownQuickBooksIds: unknownQbo,
          },
        );
      }
      const seenExo = new Set<string>();
      for (const d of input.decisions) {
        if (seenExo.has(d.exoservaId)) {
          return failure('validation_failed', `Customer ${d.exoservaId} appears twice`);
        }
        seenExo.add(d.exoservaId);
      }
      const at = new Date(clock.now());
      const who = await company(session.tid);
      return db.transaction(async (tx): Promise<Result<SaveMatchesResponse>> => {
        const links = await customerLinkStore.list(tx, session.tid, realmId);
        const after = new Map(links);
        for (const d of input.decisions) {
          if (d.qboId === null) after.delete(d.exoservaId);
          else after.set(d.exoservaId, d.qboId);
        }
        // One QuickBooks customer stands for one Exoserva customer, or the sync would merge two people.
        const owners = new Map<string, string>();
        for (const [exoId, qboId] of after) {
          const other = owners.get(qboId);
          if (other) {
            return failure(
              'conflict',
              `QuickBooks customer ${qboId} cannot be linked to two Exoserva customers`,
              {
                qboId,
                exoservaIds: [other, exoId],
              },
            );
          }
          owners.set(qboId, exoId);
        }
        const changed = input.decisions
          .map((d) => ({ exoservaId: d.exoservaId, before: links.get(d.exoservaId) ?? null, after: d.qboId }))
          .filter((c) => c.before !== c.after);
        // Remove first, then add: a QuickBooks customer moving between two Exoserva customers never
        // trips the one-link-per-QuickBooks-id index halfway.
        for (const c of changed) {
          if (c.before !== null) {
            await customerLinkStore.remove(tx, { tenantId: session.tid, realmId, exoservaId: c.exoservaId });
          }
        }
        for (const c of changed) {
          if (c.after !== null) {
            await customerLinkStore.upsert(tx, {
              tenantId: session.tid,
              realmId,
              exoservaId: c.exoservaId,
              qboId: c.after,
              at,
            });
          }
        }
        const linked = input.decisions.filter((d) => d.qboId !== null).length;
        const willBeCreated = input.decisions.length - linked;
        await appendAuditWithChanges(tx, {
          tenantId: session.tid,
          at,
          action: 'customers_matched',
          actor: actorOf(session),
          company: who,
          ...auditDetail.customersMatched(linked, willBeCreated),
          // Bounded: the audit row keeps the first 500 changes.
          changes: {
            before: changed.slice(0, 500).map((c) => ({ exoservaId: c.exoservaId, qboId: c.before })),
            after: changed.slice(0, 500).map((c) => ({ exoservaId: c.exoservaId, qboId: c.after })),
          },
        });
        logger.info('customers.matched', {
          tenantId: session.tid,
          linked,
          willBeCreated,
          changed: changed.length,
        });
        return ok({ linked, willBeCreated });
      });
    },
  };
}

export type CustomerSetupService = ReturnType<typeof createCustomerSetupService>;
