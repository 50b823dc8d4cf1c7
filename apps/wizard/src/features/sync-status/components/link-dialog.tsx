import type { FailedRecord } from '@exoserva/contracts';
import { Dialog } from 'radix-ui';
import { useId, useState, type FormEvent, type RefObject } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useLinkCandidates, useLinkCustomer } from '../api/link-customer.ts';

/**
 * Link to existing (a customer name conflict): pick the QuickBooks customer this Exoserva customer is. The
 * link goes into the id map and the customer is sent again as an update of that one — no duplicate.
 */
export function LinkDialog({
  record,
  onClose,
  returnFocusTo,
}: {
  record: FailedRecord;
  onClose: () => void;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const { portalContainer, announce } = useWizardEnv();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState<string | undefined>(undefined);
  const [choice, setChoice] = useState<string | null>(null);
  const candidates = useLinkCandidates(record.id, search);
  const link = useLinkCustomer();
  const listId = useId();
  const name = record.label ?? record.id;

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setSearch(typed.trim() || undefined);
    setChoice(null);
  };
  const onLink = () => {
    if (!choice) return;
    link.mutate(
      { customerId: record.id, qboCustomerId: choice },
      {
        onSuccess: () => {
          announce(t('syncStatus.link.done', { name }));
          onClose();
        },
      },
    );
  };
  const list = candidates.data?.candidates ?? [];

  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal container={portalContainer}>
        <Dialog.Overlay className="exq-overlay" />
        <Dialog.Content
          className="exq-dialog exq-dialog--wide"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocusTo.current?.focus();
          }}
        >
          <Dialog.Title className="exq-dialog__title">{t('syncStatus.link.title', { name })}</Dialog.Title>
          <Dialog.Description className="exq-dialog__lead">{t('syncStatus.link.lead')}</Dialog.Description>
          <form
            className="exq-search-row"
            role="search"
            aria-label={t('syncStatus.link.search')}
            onSubmit={onSearch}
          >
            <input
              aria-label={t('syncStatus.link.search')}
              className="exq-input"
              type="search"
              maxLength={100}
              value={typed}
              placeholder={candidates.data?.search || t('syncStatus.link.search')}
              onChange={(e) => setTyped(e.target.value)}
            />
            <button type="submit" className="exq-button exq-button--secondary">
              {t('syncStatus.list.searchButton')}
            </button>
          </form>
          {candidates.isPending ? (
            <Loading label={t('syncStatus.link.loading')} />
          ) : candidates.isError ? (
            <Callout tone="danger" role="alert">
              <p>{t('syncStatus.item.actionFailed', { message: candidates.error.message })}</p>
            </Callout>
          ) : list.length === 0 ? (
            <Callout tone="info" role="status">
              <p>{t('syncStatus.link.none', { search: candidates.data.search })}</p>
            </Callout>
          ) : (
            <fieldset className="exq-candidates">
              <legend id={listId} className="exq-field__label">
                {t('syncStatus.link.results', { search: candidates.data.search })}
              </legend>
              {list.map((c) => (
                <label
                  key={c.qboId}
                  className={`exq-choice${choice === c.qboId ? ' exq-choice--selected' : ''}`}
                >
                  <input
                    type="radio"
                    name="exq-link-candidate"
                    value={c.qboId}
                    checked={choice === c.qboId}
                    disabled={c.linkedTo !== null}
                    onChange={() => setChoice(c.qboId)}
                  />
                  <span className="exq-choice__body">
                    <span className="exq-choice__title">
                      {c.displayName}{' '}
                      {c.sameName && (
                        <span className="exq-badge exq-badge--info">{t('syncStatus.link.sameName')}</span>
                      )}
                    </span>
                    <span className="exq-muted exq-small">
                      {[c.email, c.phone, c.address].filter(Boolean).join(' · ') ||
                        t('syncStatus.link.noDetails')}
                    </span>
                    {c.linkedTo && (
                      <span className="exq-muted exq-small">
                        {t('syncStatus.link.linkedTo', { id: c.linkedTo })}
                      </span>
                    )}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {link.isError && (
            <Callout tone="danger" role="alert">
              <p>{t('syncStatus.item.actionFailed', { message: link.error.message })}</p>
            </Callout>
          )}
          <div className="exq-dialog__actions">
            <Dialog.Close asChild>
              <button type="button" className="exq-button exq-button--secondary">
                {t('common.cancel')}
              </button>
            </Dialog.Close>
            <button
              type="button"
              className="exq-button exq-button--primary"
              disabled={!choice || link.isPending}
              onClick={onLink}
            >
              {link.isPending ? t('syncStatus.link.working') : t('syncStatus.link.confirm')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
