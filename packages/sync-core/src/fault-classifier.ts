/**
 * Every way a QuickBooks call can go wrong, turned into one SyncFailure: retry by itself, needs a person
 * (with the GUIDE's plain-words title and fix), or reconnect. Pure: the clock comes in through `now`.
 *
 * Inputs it understands (shared/qbo/REFERENCE.md §2.5, §3.4):
 * - an HTTP answer: status + body, where the body is Intuit's `Fault` envelope or the gateway's lowercase
 *   `fault` shape, and a 200 may still carry a Fault (batch items);
 * - whatever node-quickbooks passes as `err`: an AxiosError (Fault at `err.response.data`), the Fault body
 *   itself (HTTP 200 with a Fault), or a transport error with no response (ECONNRESET, timeouts…);
 * - intuit-oauth's refresh failure `{ error: 'invalid_grant', intuit_tid }`.
 */
import type { IntuitFaultInfo, SyncFailure, SyncFailureKind } from '@exoserva/contracts';
import { failure } from './result.ts';

export type HeaderBag = Record<string, unknown> | { get(name: string): string | null | undefined };

export type QboOutcome =
  /** An HTTP answer the caller already has apart (status, parsed or raw body, headers). */
  | { status: number; body?: unknown; headers?: HeaderBag }
  /** Whatever was thrown or passed as a callback's `err`. */
  | { error: unknown };

export interface ClassifyContext {
  /** Epoch milliseconds, for Retry-After given as an HTTP date. */
  now: number;
  /** True when this 401 came after the worker already refreshed the token: then only a person can help. */
  afterRefresh?: boolean;
  /** The body that was sent, to name things in messages (e.g. the conflicting DisplayName). */
  payload?: unknown;
}

/** One error from a Fault, whichever casing it arrived in. */
interface IntuitError {
  code: string;
  message: string;
  detail: string;
  element: string;
}

interface Normalized {
  status: number | undefined;
  errors: IntuitError[];
  faultType: string;
  intuitTid: string | undefined;
  retryAfter: string | undefined;
  oauthError: string | undefined;
  transport: { code: string; message: string; sent: boolean } | undefined;
  raw: string;
}

/** Intuit's guidance on a 429 is to wait 60 s; the worker's limiter may choose otherwise. */
export const THROTTLE_DEFAULT_DELAY_MS = 60_000;

/** Classifies an outcome; undefined means it was a success (2xx without a Fault). */
export function classifyQboOutcome(outcome: QboOutcome, context: ClassifyContext): SyncFailure | undefined {
  const n = normalize(outcome);
  if (
    n.status !== undefined &&
    n.status >= 200 &&
    n.status < 300 &&
    n.errors.length === 0 &&
    !n.oauthError &&
    !n.transport
  ) {
    return undefined;
  }
  const candidates =
    n.errors.length > 0
      ? n.errors.map((error) => classifyOne(n, error, context))
      : [classifyOne(n, undefined, context)];
  // With several errors, the most serious decides: reconnect beats needs-a-person beats retryable.
  return candidates.reduce((worst, next) => (severity(next.kind) > severity(worst.kind) ? next : worst));
}

/** Convenience for node-quickbooks / intuit-oauth callbacks: classify their `err`. */
export function classifyQboError(error: unknown, context: ClassifyContext): SyncFailure {
  return (
    classifyQboOutcome({ error }, context) ??
    failure(
      'needs_person',
      'unknown_fault',
      'QuickBooks error',
      'QuickBooks reported an error without details.',
    )
  );
}

function severity(kind: SyncFailureKind): number {
  return kind === 'reconnect' ? 2 : kind === 'needs_person' ? 1 : 0;
}

// Transport failures. Connection refused / DNS: the request never left, so a retry can't duplicate.
// Resets and timeouts: it may have reached QuickBooks, so the worker looks the record up first.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TRANSPORT_CODES = new Set([
  ...NOT_SENT_CODES,
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ERR_NETWORK',
  'ERR_CANCELED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function classifyOne(n: Normalized, error: IntuitError | undefined, context: ClassifyContext): SyncFailure {
  const intuit: IntuitFaultInfo | undefined = error
    ? { ...error, ...(n.intuitTid ? { intuitTid: n.intuitTid } : {}) }
    : n.status !== undefined || n.oauthError
      ? {
          code: n.oauthError ?? String(n.status),
          message: n.oauthError ?? `HTTP ${n.status}`,
          detail: n.raw,
          element: '',
          ...(n.intuitTid ? { intuitTid: n.intuitTid } : {}),
        }
      : undefined;
  const extra = intuit ? { intuit } : {};
  const code = error?.code ?? '';
  const text = error ? `${error.message} ${error.detail}` : n.raw;
  const type = n.faultType.toLowerCase();

  if (n.oauthError === 'invalid_grant') return reconnect('reauth_required', extra);

  if (n.transport && n.status === undefined) {
    const ambiguous = n.transport.sent;
    return failure(
      'retryable',
      'network_error',
      'Couldn’t reach QuickBooks',
      ambiguous
        ? 'The connection dropped before QuickBooks answered. Exoserva checks whether the record landed, then retries automatically.'
        : 'QuickBooks could not be reached. Exoserva retries automatically.',
      {
        ...(ambiguous ? { ambiguous: true } : {}),
        details: { transportCode: n.transport.code, transportMessage: n.transport.message },
      },
    );
  }

  // Throttled: 429 / 3001 ThrottleExceeded (an older variant of the 3001 text says statusCode=403).
  if (code === '3001' || n.status === 429 || /ThrottleExceeded/i.test(text)) {
    const retryAfterMs = parseRetryAfter(n.retryAfter, context.now);
    return failure(
      'retryable',
      'throttled',
      'QuickBooks is busy',
      'Too many requests reached this QuickBooks company at once. Exoserva slows down and retries automatically.',
      { ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...extra },
    );
  }

  // An outage answered in the gateway's shape can carry an auth-looking code (a JSON 500 with errorCode=003100):
  // a 5xx is QuickBooks' side whatever the code says, never a reason to pause the company.
  if (n.status !== undefined && n.status >= 500) return unavailable(n.status, extra);

  // 401 with code 120: the user who connected lost access to the company. A refresh can't cure it.
  if (code === '120') return reconnect('access_denied', extra);

  // 6190 Invalid Company Status: the subscription lapsed or was cancelled; QuickBooks takes no changes until it is
  // renewed. The company's sync pauses (nothing would land) and the admin is told.
  if (code === '6190') {
    return failure(
      'reconnect',
      'company_inactive',
      'QuickBooks subscription inactive',
      'QuickBooks says this company’s subscription has ended, was cancelled or has a billing problem, so it takes no changes. Exoserva has paused syncing and keeps every record waiting: renew the subscription in QuickBooks, then reconnect QuickBooks here to resume.',
      extra,
    );
  }

  // 401 / 3200 AuthenticationFailed, or the old XML-era code 100: first refresh, then ask for a reconnect.
  if (
    code === '3200' ||
    code === '100' ||
    n.status === 401 ||
    type === 'authentication' ||
    type === 'authenticationfault'
  ) {
    if (context.afterRefresh) return reconnect('reauth_required', extra);
    return failure(
      'retryable',
      'token_expired',
      'QuickBooks session expired',
      'Exoserva refreshes the QuickBooks connection and retries automatically.',
      { refreshToken: true, ...extra },
    );
  }
  if (code === '3100' || n.status === 403 || type === 'authorizationfault')
    return reconnect('access_denied', extra);

  if (code === '5010') {
    return failure(
      'retryable',
      'stale_object',
      'Changed in QuickBooks at the same time',
      'Someone edited this record in QuickBooks while Exoserva was updating it. Exoserva re-reads it and retries automatically.',
      { reread: true, ...extra },
    );
  }
  if (code === '600') {
    return failure(
      'retryable',
      'duplicate_request',
      'Already sent',
      'QuickBooks has already seen this request. Exoserva checks what landed before continuing.',
      { ambiguous: true, ...extra },
    );
  }

  if (code === '6240') {
    const name = conflictingName(context.payload, error?.detail ?? '');
    return failure(
      'needs_person',
      'customer_name_conflict',
      'Customer name conflict',
      name
        ? `A customer named '${name}' already exists in QuickBooks (names must be unique across customers, vendors and employees). Link to it, or rename the customer in Exoserva, then retry.`
        : 'A customer, vendor or employee with this name already exists in QuickBooks. Link to it, or rename the customer in Exoserva, then retry.',
      { ...extra, ...(name ? { details: { name } } : {}) },
    );
  }

  if (code === '610' || code === '2500') {
    const where = `${error?.element ?? ''} ${error?.detail ?? ''}`;
    if (/Tax(Code|Rate)Ref|TaxCode|TaxRate/i.test(where)) return invalidTaxRate(extra);
    if (/CustomerRef/i.test(where)) {
      return failure(
        'needs_person',
        'customer_not_found',
        'Customer not found',
        'The customer was deleted or made inactive in QuickBooks. Make it active again in QuickBooks, or unlink it so Exoserva creates it again, then retry.',
        extra,
      );
    }
    if (/deleted this transaction/i.test(where)) {
      return failure(
        'needs_person',
        'deleted_in_quickbooks',
        'Deleted in QuickBooks',
        'Someone deleted this record in QuickBooks. Unlink it so Exoserva creates it again, then retry.',
        extra,
      );
    }
    const element = error?.element ? ` (${error.element})` : '';
    return failure(
      'needs_person',
      'account_not_found',
      'Account not found',
      `Your chart of accounts changed: an account or item this record uses${element} was deleted or made inactive in QuickBooks. Re-run the account mapping, then retry.`,
      extra,
    );
  }

  if (code === '6140') {
    const docNumber = /DocNumber=([^\s]+)/.exec(error?.detail ?? '')?.[1];
    const txnType = /TxnType=([^\s]+)/.exec(error?.detail ?? '')?.[1];
    return failure(
      'needs_person',
      'duplicate_doc_number',
      'Duplicate invoice number',
      docNumber
        ? `Number ${docNumber} is already used by another ${txnType ?? 'transaction'} in QuickBooks. Renumber one of them, then retry.`
        : 'This number is already used by another transaction in QuickBooks. Renumber one of them, then retry.',
      { ...extra, ...(docNumber ? { details: { docNumber } } : {}) },
    );
  }
  if (code === '6070') {
    return failure(
      'needs_person',
      'amount_calculation',
      'Line amount doesn’t match quantity × price',
      'QuickBooks recalculated a line and got a different amount. This is an Exoserva sync problem: contact support with the details below.',
      extra,
    );
  }
  if (code === '6540') {
    return failure(
      'needs_person',
      'deposited_locked',
      'Already deposited',
      'This payment is part of a bank deposit in QuickBooks and can’t be changed. Remove it from the deposit in QuickBooks, then retry.',
      extra,
    );
  }
  if (code === '6210') {
    return failure(
      'needs_person',
      'books_closed',
      'Books are closed for this date',
      'The transaction date falls in a period that is closed in QuickBooks. Change the closing date in QuickBooks, or the date in Exoserva, then retry.',
      extra,
    );
  }
  if (code === '6000') {
    const said =
      (error?.detail ?? '').replace(/^Business Validation Error:\s*/i, '').trim() || error?.message;
    return failure(
      'needs_person',
      'business_validation',
      'QuickBooks rejected the transaction',
      `QuickBooks says: “${said}” Fix it in Exoserva or QuickBooks, then retry.`,
      extra,
    );
  }
  const numeric = Number(code);
  if (error && numeric >= 2000 && numeric < 5000) {
    const element = error.element || elementFromDetail(error.detail);
    return failure(
      'needs_person',
      'qbo_validation',
      'QuickBooks rejected a field',
      `QuickBooks rejected ${element ? `the field ${element}` : 'a field'}: “${error.detail || error.message}” Correct it in Exoserva, then retry.`,
      { ...extra, ...(element ? { details: { element } } : {}) },
    );
  }

  // 10000+ severe / SystemFault: QuickBooks' side.
  if (numeric >= 10000 || type === 'systemfault') return unavailable(n.status, extra);

  const said = error
    ? [error.message, error.detail].filter(Boolean).join(' — ')
    : readable(n.raw) || `HTTP ${n.status}`;
  return failure(
    'needs_person',
    'unknown_fault',
    'QuickBooks error',
    `QuickBooks said: “${said}” Retry; if it keeps failing, contact Exoserva support with the details below.`,
    extra,
  );
}

/**
 * QuickBooks' side: a 5xx (JSON, an HTML page from the load balancer, anything) or a SystemFault. A gateway
 * timeout (502/504) may have let the write through, so the worker checks before re-creating.
 */
function unavailable(status: number | undefined, extra: { intuit?: IntuitFaultInfo }): SyncFailure {
  const ambiguous = status === 502 || status === 504;
  return failure(
    'retryable',
    'qbo_unavailable',
    'QuickBooks is unavailable',
    'QuickBooks had a problem on its side. Exoserva retries automatically.',
    { ...(ambiguous ? { ambiguous: true } : {}), ...extra },
  );
}

/** An HTML or XML page as a person can read it in one line: tags out, whitespace collapsed, 200 characters. */
function readable(raw: string): string {
  return raw
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

function reconnect(
  code: 'reauth_required' | 'access_denied',
  extra: { intuit?: IntuitFaultInfo },
): SyncFailure {
  return code === 'reauth_required'
    ? failure(
        'reconnect',
        'reauth_required',
        'Reconnect QuickBooks',
        'QuickBooks no longer accepts this connection (the authorization expired or was revoked). An owner or administrator must reconnect QuickBooks; syncing resumes by itself afterwards.',
        extra,
      )
    : failure(
        'reconnect',
        'access_denied',
        'QuickBooks access denied',
        'The QuickBooks user who connected lost access to this company (admin rights or the subscription changed). Reconnect as a QuickBooks admin; syncing resumes by itself afterwards.',
        extra,
      );
}

function invalidTaxRate(extra: { intuit?: IntuitFaultInfo }): SyncFailure {
  return failure(
    'needs_person',
    'invalid_tax_rate',
    'Invalid tax rate',
    'The tax rate on this record isn’t set up in QuickBooks. Create the matching rate in QuickBooks, then retry.',
    extra,
  );
}

/** The conflicting name: the DisplayName we sent, else a `Name=` Intuit sometimes puts in Detail. */
function conflictingName(payload: unknown, detail: string): string | undefined {
  const sent = isRecord(payload) && typeof payload.DisplayName === 'string' ? payload.DisplayName : undefined;
  return sent ?? /Name=([^;]+?)(?:\s*;|$)/.exec(detail)?.[1]?.trim();
}

/** "Required parameter Line.Amount is missing", "Property Name:Foo specified is unsupported" → the field. */
function elementFromDetail(detail: string): string {
  return /Required parameter (\S+)/.exec(detail)?.[1] ?? /Property Name:\s*([^\s(]+)/.exec(detail)?.[1] ?? '';
}

/** Retry-After is either seconds or an HTTP date (RFC 9110); a date in the past means now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function normalize(outcome: QboOutcome): Normalized {
  const out: Normalized = {
    status: undefined,
    errors: [],
    faultType: '',
    intuitTid: undefined,
    retryAfter: undefined,
    oauthError: undefined,
    transport: undefined,
    raw: '',
  };
  let body: unknown;
  let headers: HeaderBag | undefined;

  if ('status' in outcome) {
    out.status = outcome.status;
    body = outcome.body;
    headers = outcome.headers;
  } else {
    const error = outcome.error;
    if (isRecord(error) && isRecord(error.response)) {
      // AxiosError from node-quickbooks ≥ 2.0.48 / intuit-oauth: the Fault is at err.response.data.
      out.status = typeof error.response.status === 'number' ? error.response.status : undefined;
      body = error.response.data;
      headers = isRecord(error.response.headers) ? (error.response.headers as HeaderBag) : undefined;
    } else if (isRecord(error) && (isRecord(error.Fault) || isRecord(error.fault))) {
      // node-quickbooks hands a 200-with-Fault body over as `err` itself.
      out.status = 200;
      body = error;
    } else if (isRecord(error) && typeof error.error === 'string') {
      body = error; // intuit-oauth: { error: 'invalid_grant', intuit_tid }
    } else {
      const code = transportCode(error);
      const message = isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
      if (code || /timeout|socket hang up|network/i.test(message)) {
        const effective = code ?? (/timeout/i.test(message) ? 'ETIMEDOUT' : 'ERR_NETWORK');
        out.transport = { code: effective, message, sent: !NOT_SENT_CODES.has(effective) };
      } else {
        out.raw = message;
      }
      return out;
    }
  }

  if (typeof body === 'string') {
    out.raw = body.slice(0, 500);
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      // XML (a throttle answered in XML though JSON was asked for): its Fault read the same way. An HTML page
      // from the load balancer has none: the status decides.
      const xml = xmlFault(body as string);
      if (xml) body = xml;
    }
  }
  if (isRecord(body)) {
    const fault = isRecord(body.Fault) ? body.Fault : isRecord(body.fault) ? body.fault : undefined;
    if (fault) {
      out.faultType = String(fault.type ?? '');
      const list = Array.isArray(fault.Error) ? fault.Error : Array.isArray(fault.error) ? fault.error : [];
      out.errors = list.filter(isRecord).map((e) => ({
        code: String(e.code ?? ''),
        message: String(e.Message ?? e.message ?? ''),
        detail: String(e.Detail ?? e.detail ?? ''),
        element: typeof e.element === 'string' ? e.element : '',
      }));
    }
    if (typeof body.error === 'string') out.oauthError = body.error;
    if (typeof body.intuit_tid === 'string') out.intuitTid = body.intuit_tid;
  }
  out.intuitTid = header(headers, 'intuit_tid') ?? out.intuitTid;
  out.retryAfter = header(headers, 'retry-after');
  return out;
}

/** `<Fault type="…"><Error code="…" element="…"><Message>…</Message><Detail>…</Detail></Error></Fault>`. */
function xmlFault(text: string): { Fault: { type: string; Error: Record<string, string>[] } } | undefined {
  const fault = /<Fault\b([^>]*)>([\s\S]*?)<\/Fault>/i.exec(text);
  if (!fault) return undefined;
  const attr = (attrs: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';
  const tag = (inner: string, name: string) =>
    new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(inner)?.[1]?.trim() ?? '';
  const errors = [...(fault[2] ?? '').matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/gi)].map((m) => ({
    code: attr(m[1] ?? '', 'code'),
    element: attr(m[1] ?? '', 'element'),
    Message: tag(m[2] ?? '', 'Message'),
    Detail: tag(m[2] ?? '', 'Detail'),
  }));
  return { Fault: { type: attr(fault[1] ?? '', 'type'), Error: errors } };
}

function transportCode(error: unknown): string | undefined {
  const codes = [error, isRecord(error) ? error.cause : undefined]
    .filter(isRecord)
    .map((e) => e.code)
    .filter((c): c is string => typeof c === 'string');
  return codes.find((c) => TRANSPORT_CODES.has(c));
}

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') {
    const value = (headers as { get(name: string): string | null | undefined }).get(name);
    return value ?? undefined;
  }
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
