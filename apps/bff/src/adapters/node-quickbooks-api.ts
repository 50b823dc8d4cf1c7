import QuickBooks from 'node-quickbooks';
import type { Config } from '../config.ts';
import { fail, ok, type Result } from '../http/errors.ts';
import type { QboApi, QboFailure } from '../ports/qbo-api.ts';

interface AxiosLikeError {
  response?: { status?: number; data?: unknown };
  code?: string;
  Fault?: unknown;
}

function faultOf(data: unknown): { code?: string; message?: string } {
  const fault = (data as { Fault?: { Error?: Array<{ code?: string; Message?: string }> } } | undefined)
    ?.Fault;
  const first = fault?.Error?.[0];
  return {
    ...(first?.code ? { code: first.code } : {}),
    ...(first?.Message ? { message: first.Message } : {}),
  };
}

/** Sorts node-quickbooks errors. Since 2.0.48 they are axios errors: the Fault is in err.response.data. */
export function classifyQboError(err: unknown): QboFailure {
  const e = (err ?? {}) as AxiosLikeError;
  // An HTTP 200 carrying a Fault reaches the callback as err = the body itself.
  const data = e.response ? e.response.data : e.Fault ? e : undefined;
  const status = e.response?.status;
  const fault = faultOf(data);
  const extra = {
    ...(status === undefined ? {} : { status }),
    ...(fault.code ? { faultCode: fault.code } : {}),
  };
  if (status === 401)
    return { kind: 'unauthorized', message: 'QuickBooks did not accept the access token', ...extra };
  if (status === 429) return { kind: 'throttled', message: 'QuickBooks is throttling requests', ...extra };
  if (status === undefined && !e.Fault)
    return { kind: 'unavailable', message: 'QuickBooks could not be reached', ...extra };
  if (status !== undefined && status >= 500)
    return { kind: 'unavailable', message: 'QuickBooks is unavailable', ...extra };
  return { kind: 'fault', message: fault.message ?? 'QuickBooks refused the request', ...extra };
}

/** A node-quickbooks client for one company. Shared by every node-quickbooks adapter. */
export function createQuickBooksClient(qbo: Config['qbo'], realmId: string, accessToken: string): QuickBooks {
  // Static URLs are read by the constructor (base URL) or at call time (token/revoke), so set them first.
  QuickBooks.V3_ENDPOINT_BASE_URL = qbo.apiBaseUrl;
  (QuickBooks as unknown as { TOKEN_URL: string }).TOKEN_URL = qbo.tokenUrl;
  (QuickBooks as unknown as { REVOKE_URL: string }).REVOKE_URL = qbo.revokeUrl;
  // oauthversion '2.0' goes to the constructor; QuickBooks.setOauthVersion('2.0') is never called because
  // it downloads Intuit's discovery document. useSandbox=true keeps our configured base URL untouched
  // (false would strip "sandbox-" from it).
  return new QuickBooks(
    qbo.clientId,
    qbo.clientSecret,
    accessToken,
    false,
    realmId,
    true,
    false,
    null,
    '2.0',
    null,
  );
}

/** node-quickbooks is callback-only: wrap once. */
export function callQuickBooks<T>(
  run: (cb: (err: unknown, data: T) => void) => void,
): Promise<Result<T, QboFailure>> {
  return new Promise((resolve) => {
    try {
      run((err, data) => resolve(err ? fail(classifyQboError(err)) : ok(data)));
    } catch (err) {
      resolve(
        fail({ kind: 'fault', message: err instanceof Error ? err.message : 'node-quickbooks failed' }),
      );
    }
  });
}

/** The QboApi port on node-quickbooks 2.0.50. */
export function nodeQuickBooksApi(qbo: Config['qbo']): QboApi {
  const connect = (realmId: string, accessToken: string) => createQuickBooksClient(qbo, realmId, accessToken);
  const call = callQuickBooks;

  return {
    async getCompanyInfo({ realmId, accessToken }) {
      const qb = connect(realmId, accessToken);
      const result = await call<{ CompanyName?: string; LegalName?: string }>((cb) =>
        qb.getCompanyInfo(realmId, cb as never),
      );
      if (!result.ok) return result;
      const name = result.value?.CompanyName || result.value?.LegalName || `QuickBooks company ${realmId}`;
      return ok({ companyName: name });
    },
  };
}
