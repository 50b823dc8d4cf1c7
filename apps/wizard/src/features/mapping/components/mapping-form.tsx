import {
  mappingConcepts,
  type ChartAccount,
  type ItemKind,
  type MappingConcept,
  type MappingStateResponse,
  type RepostRange,
  type SaveMappingRequest,
  type SyncedCounts,
} from '@exoserva/contracts';
import { Link } from '@tanstack/react-router';
import { useId, useMemo, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useCreateAccount } from '../api/create-account.ts';
import { useCreateItem } from '../api/create-item.ts';
import { useCreateTaxCode } from '../api/create-tax-code.ts';
import { useSaveMapping } from '../api/save-mapping.ts';
import { CreateRecordDialog } from './create-record-dialog.tsx';
import { RemapDialog } from './remap-dialog.tsx';

type Routing = MappingStateResponse['paymentRouting'];
type Creating = { type: 'account'; concept: MappingConcept } | { type: 'item'; kind: ItemKind } | null;

const typesLabel = (types: readonly string[]) => types.join(' / ');
const percent = (millionths: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(
    millionths / 1_000_000,
  );
const conceptKey = (c: MappingConcept) => `mapping.concept.${c}` as MessageKey;

/** The Field Mapping page once the live chart is loaded: one picker per concept, items, routing, tax. */
export function MappingForm({ data, onRetry }: { data: MappingStateResponse; onRetry: () => void }) {
  const t = useT();
  const { locale, announce } = useWizardEnv();
  const initial = useMemo(() => initialChoices(data), []); // eslint-disable-line react-hooks/exhaustive-deps
  const [chosenAccounts, setAccounts] = useState(initial.accounts);
  const [items, setItems] = useState(initial.items);
  const [chosenTaxCodes, setTaxCodes] = useState(initial.taxCodes);
  const [routing, setRouting] = useState<Routing>(initial.routing);
  const [creating, setCreating] = useState<Creating>(null);
  const [remap, setRemap] = useState<SyncedCounts | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const save = useSaveMapping();
  const createAccount = useCreateAccount();
  const createItem = useCreateItem();
  const createTaxCode = useCreateTaxCode();

  // A choice left blank adopts what a fresh read suggests (an account just created, a tax code added in
  // QuickBooks before Retry); a choice the admin made is never overwritten.
  // An optional concept left blank ("None") is the admin's choice, kept as it is.
  const accounts = Object.fromEntries(
    data.concepts.map((c) => [
      c.concept,
      c.optional ? (chosenAccounts[c.concept] ?? '') : chosenAccounts[c.concept] || c.selectedAccountId || '',
    ]),
  ) as Record<MappingConcept, string>;
  const taxCodes: Record<string, string> = Object.fromEntries(
    data.taxRates.map((r) => [r.taxRateId, chosenTaxCodes[r.taxRateId] || r.selectedTaxCodeId || '']),
  );
  const accountById = new Map(data.accounts.map((a) => [a.id, a]));
  const itemCandidates = (kind: ItemKind) => {
    const account = accounts[kind === 'labor' ? 'service_revenue' : 'product_revenue'];
    return data.items.filter((i) => i.kind === kind && i.incomeAccountId === account);
  };
  // An item must post to the revenue account chosen above; when that changes, the pick follows it.
  const effectiveItem = (kind: ItemKind) => {
    const candidates = itemCandidates(kind);
    return candidates.some((c) => c.id === items[kind]) ? items[kind] : (candidates[0]?.id ?? '');
  };
  const knownCode = (id: string | undefined) => id !== undefined && data.taxCodes.some((c) => c.id === id);

  const body: SaveMappingRequest = {
    accounts: toRequestAccounts(accounts),
    laborItemId: effectiveItem('labor'),
    partsItemId: effectiveItem('parts'),
    taxCodes: Object.fromEntries(Object.entries(taxCodes).filter(([, v]) => v !== '')),
    paymentRouting: routing,
  };
  // Under Automated Sales Tax QuickBooks picks the codes: nothing to map, nothing to block on.
  const taxBlocked = !data.salesTax.automated && data.taxRates.some((r) => !knownCode(taxCodes[r.taxRateId]));
  const optional = new Set(data.concepts.filter((c) => c.optional).map((c) => c.concept));
  const blocked =
    mappingConcepts.some((c) => !accountById.has(accounts[c]) && !(optional.has(c) && accounts[c] === '')) ||
    !body.laborItemId ||
    !body.partsItemId ||
    taxBlocked;
  // Compared with what is saved now (the query re-reads after every save).
  const savedBody = data.current ? initialChoices(data).body : null;
  const changed =
    savedBody !== null &&
    JSON.stringify({ ...body, taxCodes: sortKeys(body.taxCodes) }) !==
      JSON.stringify({ ...savedBody, taxCodes: sortKeys(savedBody.taxCodes) });

  const submit = (confirm?: { repost: RepostRange | null }) => {
    save.mutate(
      { ...body, confirmRemap: confirm !== undefined, repost: confirm?.repost ?? null },
      {
        onSuccess: () => {
          setRemap(null);
          announce(t('mapping.saved.title'));
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'remap_confirmation_required') {
            const synced = (error.details as { synced?: SyncedCounts } | undefined)?.synced;
            setRemap(synced ?? data.syncedWithCurrentVersion);
          }
        },
      },
    );
  };
  const onSave = () => {
    if (data.current && data.syncedWithCurrentVersion.total > 0 && changed)
      setRemap(data.syncedWithCurrentVersion);
    else submit();
  };

  const saveError =
    save.isError && !(isApiError(save.error) && save.error.code === 'remap_confirmation_required')
      ? t('mapping.saveFailed', { message: save.error.message })
      : null;
  const problems = isApiError(save.error)
    ? ((save.error.details as { problems?: Array<{ field: string; message: string }> } | undefined)
        ?.problems ?? [])
    : [];

  return (
    <div className="exq-stack-lg">
      {data.status === 'account_not_found' && (
        <Callout tone="danger" role="alert" title={t('mapping.notFound.title')}>
          <p>{t('mapping.notFound.body')}</p>
        </Callout>
      )}

      {data.missingPrerequisites.length > 0 && (
        <Callout
          tone="warning"
          title={t('mapping.prereq.title')}
          actions={data.missingPrerequisites.map((concept) => (
            <button
              key={concept}
              type="button"
              className="exq-button exq-button--secondary"
              onClick={() => setCreating({ type: 'account', concept })}
            >
              {t('mapping.prereq.create', {
                name: t(`mapping.concept.${concept}.defaultName` as MessageKey),
              })}
            </button>
          ))}
        >
          <p>{t('mapping.prereq.body')}</p>
          <ul className="exq-bullets">
            {data.missingPrerequisites.map((concept) => (
              <li key={concept}>
                {t('mapping.prereq.missing', {
                  concept: t(conceptKey(concept)),
                  types: typesLabel(data.concepts.find((c) => c.concept === concept)?.compatibleTypes ?? []),
                })}
              </li>
            ))}
          </ul>
        </Callout>
      )}

      {created && (
        <Callout tone="success" role="status">
          <p>{t('mapping.created', { name: created })}</p>
        </Callout>
      )}

      <section className="exq-stack" aria-labelledby="exq-map-accounts">
        <h3 id="exq-map-accounts" className="exq-section-title">
          {t('mapping.accounts.title')}
        </h3>
        <div className="exq-map-list">
          {data.concepts.map((concept) => (
            <ConceptRow
              key={concept.concept}
              concept={concept}
              value={accounts[concept.concept]}
              accounts={data.accounts}
              onChange={(id) => setAccounts((prev) => ({ ...prev, [concept.concept]: id }))}
              onCreate={() => setCreating({ type: 'account', concept: concept.concept })}
              problemField={problems.find((p) => p.field === `accounts.${concept.concept}`)?.message ?? null}
            />
          ))}
        </div>
      </section>

      <section className="exq-stack" aria-labelledby="exq-map-items">
        <h3 id="exq-map-items" className="exq-section-title">
          {t('mapping.items.title')}
        </h3>
        <p className="exq-muted">{t('mapping.items.intro')}</p>
        <div className="exq-map-list">
          {data.itemMappings.map((mapping) => {
            const kind = mapping.kind;
            const account = accountById.get(
              accounts[kind === 'labor' ? 'service_revenue' : 'product_revenue'],
            );
            const value = effectiveItem(kind);
            return (
              <ItemRow
                key={kind}
                kind={kind}
                value={value}
                candidates={itemCandidates(kind)}
                account={account ?? null}
                problem={mapping.problem && mapping.selectedItemId === value ? mapping.problem : null}
                onChange={(id) => setItems((prev) => ({ ...prev, [kind]: id }))}
                onCreate={() => setCreating({ type: 'item', kind })}
              />
            );
          })}
        </div>
      </section>

      <section className="exq-stack" aria-labelledby="exq-map-routing">
        <h3 id="exq-map-routing" className="exq-section-title">
          {t('mapping.routing.title')}
        </h3>
        <p className="exq-muted">{t('mapping.routing.intro')}</p>
        {(['cash', 'check'] as const).map((method) => (
          <fieldset key={method} className="exq-radio-row">
            <legend className="exq-field__label">{t(`mapping.routing.${method}`)}</legend>
            {(['bank', 'undeposited_funds'] as const).map((target) => (
              <label key={target} className="exq-check">
                <input
                  type="radio"
                  name={`exq-routing-${method}`}
                  checked={routing[method] === target}
                  onChange={() => setRouting((prev) => ({ ...prev, [method]: target }))}
                />
                <span>{t(target === 'bank' ? 'mapping.routing.bank' : 'mapping.routing.undeposited')}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </section>

      <section className="exq-stack" aria-labelledby="exq-map-tax">
        <h3 id="exq-map-tax" className="exq-section-title">
          {t('mapping.tax.title')}
        </h3>
        {data.salesTax.automated && (
          <Callout tone="info" title={t('mapping.tax.ast.title')}>
            <p>{t('mapping.tax.ast.body')}</p>
          </Callout>
        )}
        {/* Preferences can say "off" while the company already has tax codes (set up after the page loaded, or
            created from here): the codes are what the sync uses, so the notice only shows when there are none. */}
        {!data.salesTax.enabled && data.taxCodes.length === 0 && (
          <p className="exq-muted">{t('mapping.tax.off')}</p>
        )}
        {data.salesTax.automated ? null : data.taxRates.length === 0 ? (
          <p className="exq-muted">{t('mapping.tax.none')}</p>
        ) : (
          <div className="exq-map-list">
            <p className="exq-muted">{t('mapping.tax.intro')}</p>
            {data.taxRates.map((rate) => (
              <TaxRow
                key={rate.taxRateId}
                label={`${rate.name} (${percent(rate.rateMillionths, locale)})`}
                value={taxCodes[rate.taxRateId] ?? ''}
                valid={knownCode(taxCodes[rate.taxRateId])}
                codes={data.taxCodes.map((c) => ({
                  id: c.id,
                  label: `${c.name} (${percent(c.rateMillionths, locale)})`,
                }))}
                onChange={(id) => setTaxCodes((prev) => ({ ...prev, [rate.taxRateId]: id }))}
                onRetry={onRetry}
                create={{
                  label: t('mapping.tax.create', {
                    name: rate.name,
                    rate: percent(rate.rateMillionths, locale),
                  }),
                  busy: createTaxCode.isPending && createTaxCode.variables?.taxRateId === rate.taxRateId,
                  error:
                    createTaxCode.isError && createTaxCode.variables?.taxRateId === rate.taxRateId
                      ? createTaxCode.error.message
                      : null,
                  run: () =>
                    createTaxCode.mutate(
                      { taxRateId: rate.taxRateId },
                      {
                        onSuccess: ({ taxCode }) => {
                          setTaxCodes((prev) => ({ ...prev, [rate.taxRateId]: taxCode.id }));
                          announce(t('mapping.tax.created', { name: taxCode.name }));
                        },
                      },
                    ),
                }}
              />
            ))}
          </div>
        )}
      </section>

      {save.isSuccess && (
        <Callout
          tone="success"
          role="status"
          title={t('mapping.saved.title')}
          actions={
            <Link to="/direction" className="exq-button exq-button--primary">
              {t('mapping.saved.next')}
            </Link>
          }
        >
          <p>
            {save.data.newVersion
              ? t('mapping.saved.body', { version: save.data.version })
              : t('mapping.saved.reconfirmed', { version: save.data.version })}
          </p>
          {save.data.repostRequested && <p>{t('mapping.saved.repost', save.data.repostRequested)}</p>}
        </Callout>
      )}
      {saveError && !remap && (
        <Callout tone="danger" role="alert">
          <p>{saveError}</p>
          {problems.length > 0 && (
            <ul className="exq-bullets">
              {problems.map((p) => (
                <li key={p.field}>{p.message}</li>
              ))}
            </ul>
          )}
        </Callout>
      )}
      {blocked && (
        <p className="exq-muted" role="note">
          {taxBlocked ? t('mapping.tax.invalid') : t('mapping.blocked')}
        </p>
      )}
      <div className="exq-form-actions">
        <button
          type="button"
          className="exq-button exq-button--primary exq-button--large"
          disabled={blocked || save.isPending}
          onClick={onSave}
        >
          {save.isPending && !remap ? t('mapping.saving') : t('mapping.save')}
        </button>
      </div>

      {remap && (
        <RemapDialog
          open
          onOpenChange={(open) => {
            if (!open) {
              setRemap(null);
              save.reset();
            }
          }}
          synced={remap}
          pending={save.isPending}
          error={
            save.isError && isApiError(save.error) && save.error.code !== 'remap_confirmation_required'
              ? save.error.message
              : null
          }
          onConfirm={(repost) => submit({ repost })}
        />
      )}

      {creating?.type === 'account' && (
        <CreateRecordDialog
          open
          onOpenChange={(open) => {
            if (!open) {
              setCreating(null);
              createAccount.reset();
            }
          }}
          title={t('mapping.createDialog.title')}
          lead={t('mapping.createDialog.lead', {
            type: typesLabel(
              data.concepts.find((c) => c.concept === creating.concept)?.compatibleTypes.slice(0, 1) ?? [],
            ),
            concept: t(conceptKey(creating.concept)),
          })}
          nameLabel={t('mapping.createDialog.name')}
          defaultName={t(`mapping.concept.${creating.concept}.defaultName` as MessageKey)}
          confirmLabel={t('mapping.createDialog.confirm')}
          pending={createAccount.isPending}
          error={
            createAccount.isError
              ? t('mapping.createDialog.failed', { message: createAccount.error.message })
              : null
          }
          onCreate={(name) =>
            createAccount.mutate(
              { concept: creating.concept, name },
              {
                onSuccess: ({ account }) => {
                  setAccounts((prev) => ({ ...prev, [creating.concept]: account.id }));
                  setCreated(account.name);
                  announce(t('mapping.created', { name: account.name }));
                  setCreating(null);
                },
              },
            )
          }
        />
      )}

      {creating?.type === 'item' && (
        <CreateRecordDialog
          open
          onOpenChange={(open) => {
            if (!open) {
              setCreating(null);
              createItem.reset();
            }
          }}
          title={t('mapping.itemDialog.title')}
          lead={t('mapping.itemDialog.lead', {
            kind: t(`mapping.itemDialog.kind.${creating.kind}`),
            account:
              accountById.get(accounts[creating.kind === 'labor' ? 'service_revenue' : 'product_revenue'])
                ?.name ?? '',
          })}
          nameLabel={t('mapping.itemDialog.name')}
          defaultName={t(`mapping.items.defaultName.${creating.kind}`)}
          confirmLabel={t('mapping.itemDialog.confirm')}
          pending={createItem.isPending}
          error={
            createItem.isError
              ? t('mapping.createDialog.failed', { message: createItem.error.message })
              : null
          }
          onCreate={(name) =>
            createItem.mutate(
              {
                kind: creating.kind,
                name,
                incomeAccountId: accounts[creating.kind === 'labor' ? 'service_revenue' : 'product_revenue'],
              },
              {
                onSuccess: ({ item }) => {
                  setItems((prev) => ({ ...prev, [creating.kind]: item.id }));
                  setCreated(item.name);
                  announce(t('mapping.created', { name: item.name }));
                  setCreating(null);
                },
              },
            )
          }
        />
      )}
    </div>
  );
}

function sortKeys(record: Record<string, string>) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function initialChoices(data: MappingStateResponse) {
  const accounts = Object.fromEntries(
    data.concepts.map((c) => [c.concept, c.selectedAccountId ?? '']),
  ) as Record<MappingConcept, string>;
  const items = {
    labor: data.itemMappings.find((i) => i.kind === 'labor')?.selectedItemId ?? '',
    parts: data.itemMappings.find((i) => i.kind === 'parts')?.selectedItemId ?? '',
  };
  const taxCodes = Object.fromEntries(data.taxRates.map((r) => [r.taxRateId, r.selectedTaxCodeId ?? '']));
  const routing = data.paymentRouting;
  const body: SaveMappingRequest = {
    accounts: toRequestAccounts(accounts),
    laborItemId: items.labor,
    partsItemId: items.parts,
    taxCodes: Object.fromEntries(Object.entries(taxCodes).filter(([, v]) => v !== '')),
    paymentRouting: routing,
  };
  return { accounts, items, taxCodes, routing, body };
}

/** The picks as the request carries them: an optional concept left blank is null. */
function toRequestAccounts(accounts: Record<MappingConcept, string>): SaveMappingRequest['accounts'] {
  return { ...accounts, tips_payable: accounts.tips_payable || null } as SaveMappingRequest['accounts'];
}

function ConceptRow({
  concept,
  value,
  accounts,
  onChange,
  onCreate,
  problemField,
}: {
  concept: MappingStateResponse['concepts'][number];
  value: string;
  accounts: ChartAccount[];
  onChange: (id: string) => void;
  onCreate: () => void;
  problemField: string | null;
}) {
  const t = useT();
  const selectId = useId();
  const helpId = useId();
  const compatible = accounts.filter((a) => concept.compatibleTypes.includes(a.type));
  const types = typesLabel(concept.compatibleTypes);
  const suggested = concept.suggestion && concept.suggestion.accountId === value ? concept.suggestion : null;
  const problem = concept.problem && concept.selectedAccountId === value ? concept.problem : null;
  const problemText = problem
    ? problem.code === 'renamed'
      ? t('mapping.problem.renamed', { saved: problem.savedName ?? '', current: problem.currentName ?? '' })
      : problem.code === 'not_found'
        ? t('mapping.problem.not_found')
        : t(`mapping.problem.${problem.code}`, {
            name: problem.currentName ?? problem.savedName ?? '',
            types,
          })
    : null;
  return (
    <div className={`exq-map-row${problemText || problemField ? ' exq-map-row--problem' : ''}`}>
      <div className="exq-map-row__concept">
        <label htmlFor={selectId} className="exq-field__label">
          {t(conceptKey(concept.concept))}
          {concept.required && <span className="exq-badge exq-badge--neutral">{t('mapping.required')}</span>}
          {concept.optional && <span className="exq-badge exq-badge--neutral">{t('mapping.optional')}</span>}
        </label>
        <p id={helpId} className="exq-muted exq-small">
          {t(`mapping.concept.${concept.concept}.help` as MessageKey)}
        </p>
      </div>
      <div className="exq-map-row__pick">
        <select
          id={selectId}
          className="exq-select"
          value={compatible.some((a) => a.id === value) ? value : ''}
          aria-describedby={helpId}
          aria-invalid={problemText !== null || problemField !== null}
          onChange={(e) => onChange(e.target.value)}
        >
          {concept.optional ? (
            <option value="">{t(`mapping.concept.${concept.concept}.none` as MessageKey)}</option>
          ) : (
            <option value="" disabled>
              {compatible.length === 0 ? t('mapping.noCompatible', { types }) : t('mapping.choose')}
            </option>
          )}
          {compatible.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} · {a.type}
            </option>
          ))}
        </select>
        {suggested && !problemText && (
          <p className="exq-small exq-map-row__reason">
            {t(`mapping.reason.${suggested.reason}`, { types })}
          </p>
        )}
        {problemText && <p className="exq-field__error">{problemText}</p>}
        {problemField && !problemText && <p className="exq-field__error">{problemField}</p>}
        <button type="button" className="exq-button exq-button--link" onClick={onCreate}>
          {t('mapping.createAccount')}
        </button>
      </div>
    </div>
  );
}

function ItemRow({
  kind,
  value,
  candidates,
  account,
  problem,
  onChange,
  onCreate,
}: {
  kind: ItemKind;
  value: string;
  candidates: MappingStateResponse['items'];
  account: ChartAccount | null;
  problem: 'not_found' | 'inactive' | 'wrong_account' | null;
  onChange: (id: string) => void;
  onCreate: () => void;
}) {
  const t = useT();
  const selectId = useId();
  return (
    <div className={`exq-map-row${problem ? ' exq-map-row--problem' : ''}`}>
      <div className="exq-map-row__concept">
        <label htmlFor={selectId} className="exq-field__label">
          {t(`mapping.items.${kind}`)}
        </label>
      </div>
      <div className="exq-map-row__pick">
        {!account ? (
          <p className="exq-muted exq-small">{t('mapping.items.pickAccountFirst')}</p>
        ) : (
          <>
            <select
              id={selectId}
              className="exq-select"
              value={value}
              onChange={(e) => onChange(e.target.value)}
            >
              <option value="" disabled>
                {candidates.length === 0
                  ? t('mapping.items.none', { account: account.name })
                  : t('mapping.items.choose')}
              </option>
              {candidates.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
            {problem && <p className="exq-field__error">{t(`mapping.items.problem.${problem}`)}</p>}
            <button type="button" className="exq-button exq-button--link" onClick={onCreate}>
              {t('mapping.items.create', { name: t(`mapping.items.defaultName.${kind}`) })}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function TaxRow({
  label,
  value,
  valid,
  codes,
  onChange,
  onRetry,
  create,
}: {
  label: string;
  value: string;
  valid: boolean;
  codes: Array<{ id: string; label: string }>;
  onChange: (id: string) => void;
  onRetry: () => void;
  /** Creates the matching code in QuickBooks (Intuit's tax service) when none fits. */
  create: { label: string; busy: boolean; error: string | null; run: () => void };
}) {
  const t = useT();
  const selectId = useId();
  const errorId = useId();
  return (
    <div className={`exq-map-row${valid ? '' : ' exq-map-row--problem'}`}>
      <div className="exq-map-row__concept">
        <label htmlFor={selectId} className="exq-field__label">
          {label}
        </label>
      </div>
      <div className="exq-map-row__pick">
        <select
          id={selectId}
          className="exq-select"
          value={valid ? value : ''}
          aria-invalid={!valid}
          aria-describedby={valid ? undefined : errorId}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="" disabled>
            {t('mapping.tax.choose')}
          </option>
          {codes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        {!valid && (
          <div className="exq-field__error" id={errorId} role="alert">
            <span>{t('mapping.tax.invalid')}</span>{' '}
            <button type="button" className="exq-button exq-button--link" onClick={onRetry}>
              {t('mapping.tax.retry')}
            </button>
          </div>
        )}
        {!valid && (
          <button
            type="button"
            className="exq-button exq-button--secondary"
            onClick={create.run}
            disabled={create.busy}
            aria-busy={create.busy}
          >
            {create.label}
          </button>
        )}
        {create.error && <p className="exq-field__error">{create.error}</p>}
      </div>
    </div>
  );
}
