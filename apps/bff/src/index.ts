// The public API of the BFF package (used by the dev stack, e2e and the sync engine's tests).
export { loadConfig, ConfigError, type Config } from './config.ts';
export { createBff, type Bff, type BffOverrides } from './app.ts';
export { startBff, type RunningBff } from './server.ts';
export type { Database } from './ports/database.ts';
export type { IntuitAuth, IntuitTokens } from './ports/intuit-auth.ts';
export type { QboApi } from './ports/qbo-api.ts';
export type { Clock } from './ports/clock.ts';
export type { Logger, LogSink } from './logging/logger.ts';
export type { AccessToken, TokenService } from './services/token.service.ts';
