import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type {
  AuditEntry,
  AuthorizeRequest,
  AuthorizeResponse,
  ConnectionActionResponse,
  ConnectionStatusResponse,
  ErrorCode,
  SessionClaims,
} from '@exoserva/contracts';
import type { TokenCipher } from '../crypto/token-cipher.ts';
import { failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database, Queryable } from '../ports/database.ts';
import type { IntuitAuth, IntuitTokens } from '../ports/intuit-auth.ts';
import type { QboApi } from '../ports/qbo-api.ts';
import { auditStore } from '../stores/audit-store.ts';
import { connectionStore, type ConnectionRow, type PendingSwitchRow } from '../stores/connection-store.ts';
import { oauthStateStore, type OAuthStateRow } from '../stores/oauth-state-store.ts';
import { syncStore } from '../stores/sync-store.ts';
import { encryptTokens, tokenContext } from './token.service.ts';
import { auditDetail } from './audit-details.ts';

const FLOW_TTL_MS = 10 * 60 * 1000;
const PENDING_SWITCH_TTL_MS = 10 * 60 * 1000;

export interface ConnectionServiceOptions {
  db: Database;
  cipher: TokenCipher;
  intuit: IntuitAuth;
  qbo: QboApi;
  clock: Clock;
  logger: Logger;
  environment: 'sandbox' | 'production';
  /** The BFF's public base URL (the one-time start URL is built on it). */
  publicUrl: string;
  /** Origins `returnTo` may point at. */
  returnToOrigins: ReadonlySet<string>;
}

/** How an OAuth browser hop ended; the route turns it into a redirect or a popup page. */
export interface OAuthOutcome {
  /** Where to send the browser: the flow's `returnTo`, or null when the flow is unknown (host view). */
  returnTo: string | null;
  mode: 'redirect' | 'popup';
  result:
    { kind: 'connected' } | { kind: 'pending_switch' } | { kind: 'error'; code: ErrorCode; message: string };
}

export interface CallbackInput {
  state?: string | undefined;
  code?: string | undefined;
  realmId?: string | undefined;
  error?: string | undefined;
  /** The binding nonce from the HttpOnly cookie set by the start hop. */
  bindingNonce?: string | undefined;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const randomToken = () => randomBytes(32).toString('base64url');

function sameHash(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

const actorOf = (s: { userId: string; userName: string | null; userRole: string }) => ({
  userId: s.userId,
  name: s.userName,
  role: s.userRole,
});

/**
 * Connect, switch and disconnect one QuickBooks company per tenant. The OAuth flow is bound to the
 * browser that started it (ADR 0004): a one-time ticket → an HttpOnly cookie nonce → the callback must
 * present it. Tokens are encrypted before they touch the database and never leave this service except
 * through the token service.
 */
export function createConnectionService(options: ConnectionServiceOptions) {
  const { db, cipher, intuit, qbo, clock, logger } = options;
  const now = () => new Date(clock.now());

  async function revokeQuietly(refreshToken: string, why: string): Promise<string | null> {
    const result = await intuit.revoke(refreshToken);
    if (result.ok) return null;
    logger.warn('qbo.revoke_failed', { why, kind: result.error.kind, status: result.error.status });
    return result.error.message;
  }

  async function revokePending(pending: PendingSwitchRow, why: string): Promise<void> {
    const refresh = cipher.decrypt(pending.refreshTokenEnc, tokenContext.pendingRefresh(pending.tenantId));
    await revokeQuietly(refresh, why);
  }

  async function statusOf(q: Queryable, tenantId: string): Promise<ConnectionStatusResponse> {
    const row = await connectionStore.get(q, tenantId);
    const base = { environment: options.environment, pendingSwitch: null };
    if (!row || row.status === 'disconnected' || !row.realmId) {
      return {
        ...base,
        state: 'disconnected',
        company: null,
        connectedAt: null,
        reason: null,
        hardExpiresAt: null,
      };
    }
    const pending = await connectionStore.getPending(q, tenantId);
    const livePending = pending && pending.expiresAt.getTime() > clock.now() ? pending : null;
    return {
      ...base,
      state: row.status,
      company: { realmId: row.realmId, name: row.companyName ?? row.realmId },
      connectedAt: row.connectedAt?.toISOString() ?? null,
      reason: row.status === 'needs_reconnect' ? row.reason : null,
      hardExpiresAt: row.refreshHardExpiresAt?.toISOString() ?? null,
      pendingSwitch: livePending
        ? {
            from: { realmId: row.realmId, name: row.companyName ?? row.realmId },
            to: { realmId: livePending.realmId, name: livePending.companyName },
            linkedRecords: await connectionStore.countLinks(q, tenantId, row.realmId),
            expiresAt: livePending.expiresAt.toISOString(),
          }
        : null,
    };
  }

  /** Validates the callback against its stored flow; claims the state exactly once. */
  async function claimFlow(
    input: CallbackInput,
  ): Promise<{ flow: OAuthStateRow } | { outcome: OAuthOutcome }> {
    const invalid = (flow: OAuthStateRow | null, message: string, event: string) => {
      logger.warn('oauth.callback_refused', { reason: event, tenantId: flow?.tenantId });
      return {
        outcome: {
          returnTo: flow?.returnTo ?? null,
          mode: flow?.mode ?? 'redirect',
          result: { kind: 'error' as const, code: 'oauth_state_invalid' as const, message },
        },
      };
    };
    if (!input.state)
      return invalid(
        null,
        'The QuickBooks sign-in came back without its state. Start again.',
        'missing_state',
      );
    const flow = await oauthStateStore.find(db, input.state);
    if (!flow)
      return invalid(null, 'This QuickBooks sign-in is unknown or too old. Start again.', 'unknown_state');
    if (
      !flow.bindingNonceHash ||
      !input.bindingNonce ||
      !sameHash(sha256(input.bindingNonce), flow.bindingNonceHash)
    ) {
      return invalid(
        flow,
        'This QuickBooks sign-in was not started in this browser (or its cookie was blocked). Start again from Exoserva.',
        'binding_mismatch',
      );
    }
    if (flow.consumedAt)
      return invalid(flow, 'This QuickBooks sign-in was already completed. Start again.', 'replayed');
    if (flow.expiresAt.getTime() <= clock.now()) {
      return invalid(
        flow,
        'This QuickBooks sign-in took longer than 10 minutes and expired. Start again.',
        'expired',
      );
    }
    // The claim is its own committed statement, before any call to Intuit: a replay (even a concurrent one)
    // finds the state used, so the authorization code is exchanged at most once.
    const claimed = await oauthStateStore.consume(db, { state: input.state, now: now() });
    if (!claimed)
      return invalid(flow, 'This QuickBooks sign-in was already completed. Start again.', 'replayed');
    return { flow: claimed };
  }

  async function storeConnection(
    flow: OAuthStateRow,
    realmId: string,
    companyName: string,
    tokens: IntuitTokens,
  ): Promise<{ result: OAuthOutcome['result']; replacedPending: PendingSwitchRow | null }> {
    const at = clock.now();
    return db.transaction(async (tx) => {
      const owner = await connectionStore.liveOwnerOfRealm(tx, realmId);
      if (owner && owner !== flow.tenantId) {
        return {
          result: {
            kind: 'error' as const,
            code: 'company_connected_elsewhere' as const,
            message: `${companyName} is already connected to another Exoserva account. Disconnect it there first.`,
          },
          replacedPending: null,
        };
      }
      const existing = await connectionStore.get(tx, flow.tenantId, { forUpdate: true });
      const live = existing && existing.status !== 'disconnected' && existing.realmId;
      if (live && existing.realmId !== realmId) {
        const replacedPending = await connectionStore.putPending(tx, {
          tenantId: flow.tenantId,
          realmId,
          companyName,
          requestedBy: flow.userId,
          expiresAt: new Date(at + PENDING_SWITCH_TTL_MS),
          now: new Date(at),
          ...encryptTokens(cipher, tokens, at, {
            access: tokenContext.pendingAccess(flow.tenantId),
            refresh: tokenContext.pendingRefresh(flow.tenantId),
          }),
        });
        return { result: { kind: 'pending_switch' as const }, replacedPending };
      }
      await connectionStore.saveConnected(tx, {
        tenantId: flow.tenantId,
        realmId,
        companyName,
        connectedBy: flow.userId,
        now: new Date(at),
        ...encryptTokens(cipher, tokens, at, {
          access: tokenContext.access(flow.tenantId),
          refresh: tokenContext.refresh(flow.tenantId),
        }),
      });
      // Re-authorizing the live company supersedes any half-done switch.
      const replacedPending = live ? await connectionStore.deletePending(tx, flow.tenantId) : null;
      const restored = existing?.status === 'disconnected' && existing.realmId === realmId;
      await auditStore.append(tx, {
        tenantId: flow.tenantId,
        at: new Date(at),
        action: live ? 'reconnect' : 'connect',
        actor: actorOf(flow),
        company: { realmId, name: companyName },
        ...(restored ? auditDetail.reconnectedSameCompany() : { detail: null }),
      });
      return { result: { kind: 'connected' as const }, replacedPending };
    });
  }

  return {
    status: (tenantId: string) => statusOf(db, tenantId),

    /**
     * Starts a flow for this session and this browser: the one-time link, and the nonce the route puts in an
     * HttpOnly cookie on this very response (ADR 0013) — only the browser that asked can use the link.
     */
    async authorize(
      session: SessionClaims,
      request: AuthorizeRequest,
    ): Promise<Result<AuthorizeResponse & { bindingNonce: string; expiresAt: string }>> {
      let origin: string;
      try {
        origin = new URL(request.returnTo).origin;
      } catch {
        origin = 'null';
      }
      if (!options.returnToOrigins.has(origin)) {
        return failure('validation_failed', 'returnTo must be a page of the Exoserva app', {
          issues: [{ path: ['returnTo'], code: 'not_allowed', message: 'origin is not on the allow-list' }],
        });
      }
      const state = randomToken();
      const ticket = randomToken();
      const bindingNonce = randomToken();
      const at = clock.now();
      const expiresAt = new Date(at + FLOW_TTL_MS);
      await oauthStateStore.insert(db, {
        state,
        ticketHash: sha256(ticket),
        tenantId: session.tid,
        userId: session.sub,
        userName: session.name ?? null,
        userRole: session.role,
        returnTo: request.returnTo,
        mode: request.mode,
        expiresAt,
        bindingNonceHash: sha256(bindingNonce),
        now: new Date(at),
      });
      logger.info('oauth.flow_started', { tenantId: session.tid, userId: session.sub, mode: request.mode });
      const url = new URL(`${options.publicUrl}/api/v1/oauth/start`);
      url.searchParams.set('ticket', ticket);
      return ok({ url: url.toString(), expiresAt: expiresAt.toISOString(), bindingNonce });
    },

    /**
     * The top-level hop: consumes the one-time ticket — in the browser that asked for it only (the cookie set
     * by authorize) — and returns Intuit's URL. A link opened anywhere else connects nothing.
     */
    async startOAuth(
      ticket: string | undefined,
      bindingNonce: string | undefined,
    ): Promise<Result<{ intuitUrl: string; expiresAt: Date }, OAuthOutcome & { foreignBrowser?: true }>> {
      const refuse = (flow: OAuthStateRow | null, message: string, reason: string, foreign = false) => {
        logger.warn('oauth.start_refused', { tenantId: flow?.tenantId, reason });
        return {
          ok: false as const,
          error: {
            returnTo: flow?.returnTo ?? null,
            mode: flow?.mode ?? ('redirect' as const),
            result: { kind: 'error' as const, code: 'oauth_state_invalid' as const, message },
            ...(foreign ? { foreignBrowser: true as const } : {}),
          },
        };
      };
      if (!ticket || ticket.length > 200)
        return refuse(null, 'This link to QuickBooks is incomplete. Start again.', 'missing_ticket');
      const ticketHash = sha256(ticket);
      const flow = bindingNonce
        ? await oauthStateStore.useTicket(db, { ticketHash, nonceHash: sha256(bindingNonce), now: now() })
        : null;
      if (!flow) {
        const known = await oauthStateStore.findByTicket(db, ticketHash);
        if (
          known &&
          (!bindingNonce ||
            !known.bindingNonceHash ||
            !sameHash(sha256(bindingNonce), known.bindingNonceHash))
        ) {
          // Someone else's link (or this browser blocked the cookie): never on to Intuit, never back to their page.
          return refuse(
            known,
            'This link to QuickBooks was made for another browser, so it connects nothing here. To connect your own QuickBooks company, open Settings → Integrations → QuickBooks in Exoserva and press Connect.',
            'foreign_browser',
            true,
          );
        }
        return refuse(
          known,
          known?.ticketUsedAt
            ? 'This link to QuickBooks was already used. Start again.'
            : 'This link to QuickBooks has expired or is not valid. Start again.',
          known?.ticketUsedAt ? 'ticket_used' : 'ticket_invalid',
        );
      }
      return ok({ intuitUrl: intuit.authorizeUrl(flow.state), expiresAt: flow.expiresAt });
    },

    /** Intuit's redirect back: validate, exchange the code once, read the company, store or stage a switch. */
    async completeOAuth(input: CallbackInput): Promise<OAuthOutcome> {
      const claim = await claimFlow(input);
      if ('outcome' in claim) return claim.outcome;
      const { flow } = claim;
      const end = (result: OAuthOutcome['result']): OAuthOutcome => {
        if (result.kind === 'error')
          logger.warn('oauth.callback_failed', { tenantId: flow.tenantId, errorCode: result.code });
        else logger.info('oauth.callback_done', { tenantId: flow.tenantId, outcome: result.kind });
        return { returnTo: flow.returnTo, mode: flow.mode, result };
      };
      const error = (code: ErrorCode, message: string) => end({ kind: 'error', code, message });

      if (input.error) {
        return input.error === 'access_denied'
          ? error('oauth_denied', 'QuickBooks access was not granted, so nothing changed.')
          : error('oauth_denied', 'QuickBooks did not complete the sign-in, so nothing changed.');
      }
      if (!input.code || !input.realmId || !/^\d{1,32}$/.test(input.realmId)) {
        return error('oauth_code_invalid', 'QuickBooks sent back an incomplete answer. Start again.');
      }
      const exchanged = await intuit.exchangeCode({
        code: input.code,
        realmId: input.realmId,
        state: flow.state,
      });
      if (!exchanged.ok) {
        const kind = exchanged.error.kind;
        if (kind === 'unavailable')
          return error('qbo_unavailable', 'QuickBooks could not be reached. Try again in a minute.');
        if (kind === 'invalid_client') {
          logger.error('oauth.invalid_client', { tenantId: flow.tenantId });
          return error('internal_error', 'QuickBooks rejected this app’s credentials. Contact support.');
        }
        return error(
          'oauth_code_invalid',
          'QuickBooks did not accept the sign-in (it may have been used already). Start again.',
        );
      }
      const tokens = exchanged.value;
      const company = await qbo.getCompanyInfo({ realmId: input.realmId, accessToken: tokens.accessToken });
      if (!company.ok) {
        // Nothing is stored yet; give the fresh grant back so no orphaned authorization stays at Intuit.
        await revokeQuietly(tokens.refreshToken, 'company_info_failed');
        return error(
          'qbo_unavailable',
          'QuickBooks could not tell us which company this is. Try again in a minute.',
        );
      }
      let stored: Awaited<ReturnType<typeof storeConnection>>;
      try {
        stored = await storeConnection(flow, input.realmId, company.value.companyName, tokens);
      } catch (err) {
        if (!isUniqueViolation(err)) {
          await revokeQuietly(tokens.refreshToken, 'store_failed');
          throw err;
        }
        stored = {
          result: {
            kind: 'error',
            code: 'company_connected_elsewhere',
            message: `${company.value.companyName} is already connected to another Exoserva account. Disconnect it there first.`,
          },
          replacedPending: null,
        };
      }
      // Not revoked when the company belongs to another tenant: Intuit's revoke ends the app's access to the
      // company, which would disconnect that tenant too. The fresh tokens are simply dropped.
      if (stored.replacedPending) await revokePending(stored.replacedPending, 'pending_switch_replaced');
      return end(stored.result);
    },

    async confirmSwitch(session: SessionClaims): Promise<Result<ConnectionActionResponse>> {
      const at = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const current = await connectionStore.get(tx, session.tid, { forUpdate: true });
        const pending = await connectionStore.getPending(tx, session.tid);
        if (!pending || pending.expiresAt.getTime() <= at || !current?.realmId)
          return { kind: 'none' as const };
        const owner = await connectionStore.liveOwnerOfRealm(tx, pending.realmId);
        if (owner && owner !== session.tid) return { kind: 'elsewhere' as const, pending };
        const linked = await connectionStore.countLinks(tx, session.tid, current.realmId);
        const access = cipher.decrypt(pending.accessTokenEnc, tokenContext.pendingAccess(session.tid));
        const refresh = cipher.decrypt(pending.refreshTokenEnc, tokenContext.pendingRefresh(session.tid));
        await connectionStore.deletePending(tx, session.tid);
        await connectionStore.saveConnected(tx, {
          tenantId: session.tid,
          realmId: pending.realmId,
          companyName: pending.companyName,
          connectedBy: session.sub,
          now: new Date(at),
          accessTokenEnc: cipher.encrypt(access, tokenContext.access(session.tid)),
          refreshTokenEnc: cipher.encrypt(refresh, tokenContext.refresh(session.tid)),
          keyId: cipher.currentKid,
          accessExpiresAt: pending.accessExpiresAt,
          refreshExpiresAt: pending.refreshExpiresAt,
          refreshHardExpiresAt: pending.refreshHardExpiresAt,
        });
        const from = current.companyName ?? current.realmId;
        await auditStore.append(tx, {
          tenantId: session.tid,
          at: new Date(at),
          action: 'switch',
          actor: { userId: session.sub, name: session.name ?? null, role: session.role },
          company: { realmId: pending.realmId, name: pending.companyName },
          ...auditDetail.switched(from, pending.companyName ?? pending.realmId, linked),
        });
        return { kind: 'switched' as const, old: current, from, to: pending.companyName, linked };
      });
      if (outcome.kind === 'none')
        return failure('not_found', 'There is no company switch waiting (it may have expired).');
      if (outcome.kind === 'elsewhere') {
        return failure(
          'company_connected_elsewhere',
          `${outcome.pending.companyName} is already connected to another Exoserva account.`,
        );
      }
      const old: ConnectionRow = outcome.old;
      if (old.refreshTokenEnc) {
        await revokeQuietly(
          cipher.decrypt(old.refreshTokenEnc, tokenContext.refresh(session.tid)),
          'switched_away',
        );
      }
      return ok({
        connection: await statusOf(db, session.tid),
        message: `Now connected to ${outcome.to}. The ${outcome.linked} record link(s) made with ${outcome.from} stay with ${outcome.from}; records sync to ${outcome.to} from now on.`,
      });
    },

    async cancelSwitch(session: SessionClaims): Promise<Result<ConnectionActionResponse>> {
      const pending = await connectionStore.deletePending(db, session.tid);
      if (!pending) return failure('not_found', 'There is no company switch waiting.');
      await revokePending(pending, 'switch_cancelled');
      return ok({
        connection: await statusOf(db, session.tid),
        message: `The switch to ${pending.companyName} was cancelled; nothing changed.`,
      });
    },

    async disconnect(session: SessionClaims): Promise<Result<ConnectionActionResponse>> {
      const row = await connectionStore.get(db, session.tid);
      if (!row || row.status === 'disconnected') {
        return ok({ connection: await statusOf(db, session.tid), message: 'QuickBooks was not connected.' });
      }
      const revokeError = row.refreshTokenEnc
        ? await revokeQuietly(
            cipher.decrypt(row.refreshTokenEnc, tokenContext.refresh(session.tid)),
            'disconnect',
          )
        : null;
      const at = new Date(clock.now());
      const pending = await db.transaction(async (tx) => {
        await connectionStore.get(tx, session.tid, { forUpdate: true });
        const staged = await connectionStore.deletePending(tx, session.tid);
        await connectionStore.markDisconnected(tx, { tenantId: session.tid, now: at, revokeError });
        // Not synced before the admin disconnected: held, never silently backfilled after a reconnect.
        await syncStore.holdPending(tx, session.tid, at);
        await auditStore.append(tx, {
          tenantId: session.tid,
          at,
          action: 'disconnect',
          actor: { userId: session.sub, name: session.name ?? null, role: session.role },
          company: row.realmId ? { realmId: row.realmId, name: row.companyName } : null,
          ...auditDetail.disconnected(!revokeError),
        });
        return staged;
      });
      if (pending) await revokePending(pending, 'disconnect');
      const name = row.companyName ?? 'QuickBooks';
      return ok({
        connection: await statusOf(db, session.tid),
        message: revokeError
          ? `Disconnected from ${name}. QuickBooks could not be reached to revoke access, so also remove Exoserva under Apps in QuickBooks. Records already synced stay there.`
          : `Disconnected from ${name}. Records already synced stay in QuickBooks; reconnect any time to resume.`,
      });
    },

    async audit(tenantId: string): Promise<{ entries: AuditEntry[] }> {
      return { entries: await auditStore.list(db, tenantId) };
    },

    /** Housekeeping: expired pending switches (their tokens revoked) and old OAuth flows. */
    async cleanup(): Promise<{ pendingExpired: number; flowsDeleted: number }> {
      const expired = await connectionStore.deleteExpiredPending(db, now());
      for (const p of expired) await revokePending(p, 'pending_switch_expired');
      const flowsDeleted = await oauthStateStore.deleteOlderThan(
        db,
        new Date(clock.now() - 24 * 60 * 60 * 1000),
      );
      return { pendingExpired: expired.length, flowsDeleted };
    },
  };
}

export type ConnectionService = ReturnType<typeof createConnectionService>;
