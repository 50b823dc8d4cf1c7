import type { Logger } from '../logging/logger.ts';
import type { QboFailure } from '../ports/qbo-api.ts';
import type { QboCompanyAccess } from '../ports/qbo-chart-api.ts';
import { fail, ok, type Failure, type Result } from '../http/errors.ts';
import type { TokenService } from './token.service.ts';

/**
 * Runs QuickBooks calls for a tenant with a fresh access token; a 401 gets one retry with a refreshed token
 * (someone may have rotated it). A failure becomes the caller's plain-words Failure, logged as `event`.
 */
export function qboCaller(options: {
  tokens: Pick<TokenService, 'getAccessToken'>;
  logger: Logger;
  event: string;
  toFailure: (f: QboFailure, doing: string) => Failure;
}) {
  const { tokens, logger, event, toFailure } = options;
  return async function withQbo<T>(
    tenantId: string,
    doing: string,
    run: (access: QboCompanyAccess) => Promise<Result<T, QboFailure>>,
  ): Promise<Result<{ value: T; access: QboCompanyAccess }>> {
    let token = await tokens.getAccessToken(tenantId);
    if (!token.ok) return token;
    let access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
    let result = await run(access);
    if (!result.ok && result.error.kind === 'unauthorized') {
      token = await tokens.getAccessToken(tenantId, { rejectedToken: access.accessToken });
      if (!token.ok) return token;
      access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
      result = await run(access);
    }
    if (!result.ok) {
      logger.warn(event, { tenantId, doing, kind: result.error.kind, faultCode: result.error.faultCode });
      return fail(toFailure(result.error, doing));
    }
    return ok({ value: result.value, access });
  };
}
