import type { SessionClaims } from '@exoserva/contracts';
import type { Logger } from '../logging/logger.ts';
import type { TokenVerification } from './verify-once.ts';

/** What middleware puts on the Hono context for routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    session: SessionClaims;
    /** The bearer token's verification, shared by the middleware of one request (verify-once.ts). */
    tokenVerification: { token: string; result: TokenVerification };
  };
}
