import type { HeldRecord } from '@exoserva/contracts';
import { lazy, Suspense, useRef, useState } from 'react';
import { Callout } from '../../../components/callout.tsx';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { recordName } from '../../../lib/record-name.ts';
import { useHeldRecords } from '../api/held-records.ts';

const loadDialog = () => import('./held-release-dialog.tsx');
const HeldReleaseDialog = lazy(() => loadDialog().then((m) => ({ default: m.HeldReleaseDialog })));

/** The list stays short; the count in the title is always the full one. */
const SHOWN = 10;

/**
 * Records created or changed in Exoserva while QuickBooks was disconnected are never backfilled on their own
 * (GUIDE step 9): this notice lists them and offers the explicit choice to sync them. Shows nothing when there
 * are none, or when the list can't be read (the rest of the Connected view stays usable).
 */
export function HeldRecordsNotice({ companyName }: { companyName: string }) {
  const t = useT();
  const { locale, currency } = useWizardEnv();
  const held = useHeldRecords();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const data = held.data;
  if (!data || data.total === 0) return null;
  const preload = () => void loadDialog();
  const label = (r: HeldRecord) => {
    const { title, facts } = recordName(r, t, locale, currency);
    return [title, ...facts].join(' · ');
  };
  // Send exactly the records listed when the list is complete, so one created a second ago isn't swept in.
  const complete = data.records.length >= data.total;
  const request = complete
    ? { records: data.records.map((r) => ({ kind: r.kind, id: r.id })) }
    : { all: true as const };

  return (
    <Callout
      tone="warning"
      title={t('held.title', { count: data.total })}
      actions={
        <button
          ref={buttonRef}
          type="button"
          className="exq-button exq-button--secondary"
          aria-haspopup="dialog"
          onPointerEnter={preload}
          onFocus={preload}
          onClick={() => setOpen(true)}
        >
          {t('held.sync')}
        </button>
      }
    >
      <ul className="exq-bullets" aria-label={t('held.listLabel')}>
        {data.records.slice(0, SHOWN).map((r) => (
          <li key={`${r.kind}:${r.id}`}>{label(r)}</li>
        ))}
      </ul>
      {data.total > SHOWN && (
        <p className="exq-muted exq-small">{t('held.more', { count: data.total - SHOWN })}</p>
      )}
      {open && (
        <Suspense fallback={null}>
          <HeldReleaseDialog
            count={data.total}
            companyName={companyName}
            request={request}
            open={open}
            onOpenChange={setOpen}
            returnFocusTo={buttonRef}
          />
        </Suspense>
      )}
    </Callout>
  );
}
