// The public API of the contracts package: zod schemas and their types, nothing else.
export * from './errors.ts';
export * from './session.ts';
export * from './money.ts';
export * from './connection.ts';
export * from './connection-api.ts';
export * from './health.ts';
export * from './mount.ts';
export * from './exoserva-domain.ts';
export * from './account-mapping.ts';
export * from './mapping-api.ts';
export * from './sync-failure.ts';
export * from './sync-api.ts';
export * from './common-api.ts';
