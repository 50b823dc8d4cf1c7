// The public API of the Exoserva sandbox.
export { createExoservaSandbox, type ExoservaSandboxOptions } from './app.ts';
export {
  startExoservaSandbox,
  type StartExoservaSandboxOptions,
  type RunningExoservaSandbox,
} from './server.ts';
export { ExoservaStore, type Tenant, type User } from './store.ts';
export { seedDemoData, DEMO_TENANT_ID, OTHER_TENANT_ID } from './seed.ts';
export { createManualClock, systemClock, type Clock, type ManualClock } from './clock.ts';
export { DevSessionRequest } from './routes/session.routes.ts';
