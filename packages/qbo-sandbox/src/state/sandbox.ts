/**
 * QboSandbox: the control handle. Holds the clock, apps, companies, grants, faults, throttle counters,
 * request log and webhook deliveries, and persists them to the state file when one is given.
 */
import { Company, type CompanySeed, type EntityChange } from '../accounting/company.ts';
import { createControllableClock, type ControllableClock } from '../clock.ts';
import { FaultInjector } from '../faults/fault-injector.ts';
import { AppRegistry, DEFAULT_APP, type AppRegistration } from '../oauth/apps.ts';
import { GrantStore } from '../oauth/grant-store.ts';
import { SigningKey } from '../oauth/signing-key.ts';
import { Metering } from '../metering/metering.ts';
import { Throttle } from '../throttle/throttle.ts';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.ts';
import { loadState, saveState, type PersistedState } from './persistence.ts';
import { RequestLog } from './request-log.ts';

/**
 * Two US companies as most shops have them: Acme with Automated Sales Tax on (QuickBooks' default since 2017),
 * Bayside with sales tax it manages by hand — its tax codes (California, San Francisco) don't match Exoserva's
 * rates, so the mapping page creates the ones it needs.
 */
export const DEFAULT_COMPANIES: CompanySeed[] = [
  {
    realmId: '9341452',
    companyName: 'Acme Heating & Air (Sandbox)',
    salesTax: true,
    automatedSalesTax: true,
  },
  { realmId: '9341453', companyName: 'Bayside Plumbing Co (Sandbox)', salesTax: true },
];

export interface QboSandboxOptions {
  /** Default true: Intuit's limits apply. `false` relaxes them for every company. */
  throttling?: boolean;
  /** Loaded at start if present; saved (debounced) on every change and on close. */
  stateFile?: string;
  clock?: ControllableClock;
  /** Replaces the default app list (spread DEFAULT_APP in to keep it). */
  apps?: AppRegistration[];
  /** Replaces the default companies (spread DEFAULT_COMPANIES in to keep them). */
  companies?: CompanySeed[];
  /** How long a refresh token is handed back unchanged before a new one is issued. Default 24 h. */
  refreshTokenRotationMs?: number;
  /** How long a replaced refresh token keeps working. Default 0. */
  refreshTokenGraceMs?: number;
  /** How long changes are gathered into one webhook delivery. Default 100 ms. */
  webhookBatchMs?: number;
  /** Delays between webhook retries. Default [500, 2000, 8000] ms. */
  webhookRetryDelaysMs?: number[];
}

export interface CompanySummary {
  bookCloseDate: string | null;
  subscriptionLapsed: boolean;
  connectedUserLostAccess: boolean;
  realmId: string;
  companyName: string;
  throttling: boolean;
}

export class CompanyRegistry {
  private readonly companies = new Map<string, { company: Company; throttling: boolean }>();

  constructor(
    private readonly deps: {
      clock: ControllableClock;
      onChange: (change: EntityChange) => void;
      changed: () => void;
    },
  ) {}

  get(realmId: string): Company | undefined {
    return this.companies.get(realmId)?.company;
  }

  list(): Company[] {
    return [...this.companies.values()].map((e) => e.company);
  }

  summaries(): CompanySummary[] {
    return [...this.companies.values()].map((e) => ({
      realmId: e.company.realmId,
      companyName: e.company.name,
      throttling: e.throttling,
      bookCloseDate: e.company.closingDate() ?? null,
      subscriptionLapsed: e.company.options.subscriptionLapsed ?? false,
      connectedUserLostAccess: e.company.options.connectedUserLostAccess ?? false,
    }));
  }

  /** Seeded as a new QuickBooks company; the realmId is the next free number unless given. */
  create(seed: Partial<CompanySeed> & { throttling?: boolean } = {}): Company {
    const realmId = seed.realmId ?? this.nextRealmId();
    if (this.companies.has(realmId)) throw new Error(`Company ${realmId} already exists`);
    const { throttling = true, ...rest } = seed;
    const company = Company.create(
      { ...rest, realmId, companyName: seed.companyName ?? `Sandbox Company_US_${this.companies.size + 1}` },
      { clock: this.deps.clock, onChange: this.deps.onChange },
    );
    this.companies.set(realmId, { company, throttling });
    this.deps.changed();
    return company;
  }

  setThrottling(realmId: string, throttling: boolean): boolean {
    const entry = this.companies.get(realmId);
    if (!entry) return false;
    entry.throttling = throttling;
    this.deps.changed();
    return true;
  }

  throttlingEnabled(realmId: string): boolean {
    return this.companies.get(realmId)?.throttling ?? true;
  }

  clear(): void {
    this.companies.clear();
  }

  snapshot(): PersistedState['companies'] {
    return [...this.companies.values()].map((e) => ({
      snapshot: e.company.snapshot(),
      throttling: e.throttling,
    }));
  }

  restore(entries: PersistedState['companies']): void {
    this.companies.clear();
    for (const entry of entries) {
      const company = Company.restore(entry.snapshot, {
        clock: this.deps.clock,
        onChange: this.deps.onChange,
      });
      this.companies.set(company.realmId, { company, throttling: entry.throttling });
    }
  }

  private nextRealmId(): string {
    const numbers = [...this.companies.keys()].map(Number).filter(Number.isFinite);
    return String(Math.max(9341451, ...numbers) + 1);
  }
}

export class QboSandbox {
  readonly clock: ControllableClock;
  readonly apps: AppRegistry;
  readonly companies: CompanyRegistry;
  readonly tokens: GrantStore;
  readonly faults = new FaultInjector();
  readonly throttle: Throttle;
  /** Intuit's Core / CorePlus accounting per app and month, and the tier's CorePlus allowance. */
  readonly metering: Metering;
  readonly webhooks: WebhookDispatcher;
  readonly requests = new RequestLog();
  signingKey: SigningKey;
  private saveTimer: NodeJS.Timeout | undefined;
  private loading = true;

  private readonly changeListeners = new Set<(change: EntityChange) => void>();

  /**
   * Calls `listener` with every entity change the moment the books commit it (what webhooks are built from,
   * without their batching). For benchmarks and tests that time "visible in QuickBooks" without polling.
   * Returns the function that stops it.
   */
  onEntityChange(listener: (change: EntityChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  constructor(private readonly options: QboSandboxOptions = {}) {
    this.clock = options.clock ?? createControllableClock();
    const changed = () => this.scheduleSave();
    this.apps = new AppRegistry([], changed);
    this.tokens = new GrantStore({
      clock: this.clock,
      refreshTokenRotationMs: options.refreshTokenRotationMs,
      refreshTokenGraceMs: options.refreshTokenGraceMs,
      onChange: changed,
    });
    this.webhooks = new WebhookDispatcher({
      clock: this.clock,
      apps: () => this.apps.list(),
      authorizedClients: (realmId) => this.tokens.authorizedClients(realmId),
      batchWindowMs: options.webhookBatchMs,
      retryDelaysMs: options.webhookRetryDelaysMs,
    });
    this.companies = new CompanyRegistry({
      clock: this.clock,
      onChange: (change) => {
        this.webhooks.enqueue(change);
        for (const listener of this.changeListeners) listener(change);
        this.scheduleSave();
      },
      changed,
    });
    this.throttle = new Throttle(this.clock, options.throttling ?? true);
    this.metering = new Metering(this.clock);

    const saved = options.stateFile ? loadState(options.stateFile) : undefined;
    if (saved) {
      this.signingKey = new SigningKey(saved.signingKey);
      this.apps.replaceAll(saved.apps);
      this.companies.restore(saved.companies);
      this.tokens.restore(saved.grants);
    } else {
      this.signingKey = new SigningKey();
      this.seed();
    }
    this.loading = false;
  }

  /** Back to the configured defaults: apps, freshly seeded companies, no grants, faults, logs or clock offset. */
  reset(): void {
    this.loading = true;
    this.webhooks.clear();
    this.faults.clear();
    this.requests.clear();
    this.throttle.resetCounters();
    this.metering.reset();
    this.tokens.clear();
    this.clock.reset();
    this.seed();
    this.loading = false;
    this.scheduleSave();
  }

  /** Writes the state file now (no-op without one). */
  save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.options.stateFile) return;
    saveState(this.options.stateFile, {
      version: 1,
      savedAt: new Date().toISOString(),
      apps: this.apps.list(),
      companies: this.companies.snapshot(),
      grants: this.tokens.snapshot(),
      signingKey: this.signingKey.material(),
    });
  }

  close(): void {
    this.webhooks.close();
    this.save();
  }

  private seed(): void {
    this.apps.replaceAll(this.options.apps ?? [DEFAULT_APP]);
    this.companies.clear();
    for (const seed of this.options.companies ?? DEFAULT_COMPANIES) this.companies.create(seed);
  }

  private scheduleSave(): void {
    if (this.loading || !this.options.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      try {
        this.save();
      } catch (e) {
        console.error('[qbo-sandbox] could not save the state file', e);
      }
    }, 200);
    this.saveTimer.unref();
  }
}
