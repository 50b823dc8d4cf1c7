import { lazy, Suspense, useRef, useState } from 'react';
import { useT } from '../../../i18n/messages.tsx';

const loadDialog = () => import('./disconnect-dialog.tsx');
const DisconnectDialog = lazy(() => loadDialog().then((m) => ({ default: m.DisconnectDialog })));

/**
 * The Disconnect button; its confirm dialog (and Radix with it) is fetched on intent — hover or focus — so it is
 * usually there before the click, and never part of the first step's download.
 */
export function DisconnectButton({ companyName }: { companyName: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const preload = () => void loadDialog();
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="exq-button exq-button--danger-outline"
        aria-haspopup="dialog"
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => setOpen(true)}
      >
        {t('connected.disconnect')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <DisconnectDialog
            companyName={companyName}
            open={open}
            onOpenChange={setOpen}
            returnFocusTo={buttonRef}
          />
        </Suspense>
      )}
    </>
  );
}
