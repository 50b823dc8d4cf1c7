import type { SessionClaims } from '@exoserva/contracts';
import type { Logger } from '../logging/logger.ts';

/** What middleware puts on the Hono context for routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    session: SessionClaims;
  };
}
