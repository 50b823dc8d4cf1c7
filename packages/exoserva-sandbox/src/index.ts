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
export { NotificationInbox, type InboxEntry } from './notification-inbox.ts';
export {
  RecordStore,
  RecordError,
  DEFAULT_TAX_RATES,
  lineAmountCents,
  taxCents,
  type TaxRate,
  type Job,
  type Estimate,
  type RecordKind,
  type NewCustomer,
  type NewInvoice,
  type NewInvoiceLine,
} from './records-store.ts';
export {
  createEventDispatcher,
  signEvent,
  type EventDispatcher,
  type EventDelivery,
  type EventEndpoint,
} from './event-dispatcher.ts';
export {
  API_KEY_HEADER,
  NewCustomerRequest,
  NewInvoiceRequest,
  PaymentRequest,
  RefundRequest,
  PayoutRequest,
} from './routes/records.routes.ts';
