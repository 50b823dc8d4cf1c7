import type { SetupProgressResponse } from '@exoserva/contracts';
import { Link, useRouterState } from '@tanstack/react-router';
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/messages.tsx';
import { CheckIcon } from '../icons.tsx';

type StepPath = '/mapping' | '/direction' | '/test-sync' | '/auto-sync' | '/status' | '/reconciliation';

/** Steps that work once QuickBooks is connected (numbered after Connect), in the guide's order. */
const CONNECTED_STEPS: Array<{ to: StepPath; label: MessageKey }> = [
  { to: '/mapping', label: 'wizard.steps.mapping' },
  { to: '/direction', label: 'wizard.steps.direction' },
  { to: '/test-sync', label: 'wizard.steps.testSync' },
  { to: '/auto-sync', label: 'wizard.steps.autoSync' },
  { to: '/status', label: 'wizard.steps.status' },
  { to: '/reconciliation', label: 'wizard.steps.reconciliation' },
];

/** Pages beside the steps: history, historical records, who hears about failures. */
const EXTRA_PAGES: Array<{ to: '/activity' | '/backfill' | '/notifications'; label: MessageKey }> = [
  { to: '/backfill', label: 'wizard.nav.backfill' },
  { to: '/notifications', label: 'wizard.nav.notifications' },
  { to: '/activity', label: 'wizard.nav.activity' },
];

type StepState = { marker: 'done' | 'attention' | null; hint: MessageKey | null };

/** What the step list says of a step, from the setup progress (nothing for the pages that are never "done"). */
function stepState(to: StepPath, progress: SetupProgressResponse | undefined): StepState {
  const none: StepState = { marker: null, hint: null };
  if (!progress) return none;
  switch (to) {
    case '/mapping':
      return progress.mapping === 'done'
        ? { marker: 'done', hint: 'wizard.steps.done' }
        : progress.mapping === 'needs_attention'
          ? { marker: 'attention', hint: 'wizard.steps.needsAttention' }
          : none;
    case '/direction':
      return progress.direction === 'done' ? { marker: 'done', hint: 'wizard.steps.done' } : none;
    case '/test-sync':
      return progress.testSync === 'passed'
        ? { marker: 'done', hint: 'wizard.steps.passed' }
        : progress.testSync === 'failed'
          ? { marker: 'attention', hint: 'wizard.steps.failed' }
          : none;
    case '/auto-sync':
      return progress.autoSync === 'on' ? { marker: 'done', hint: 'wizard.steps.on' } : none;
    default:
      return none;
  }
}

export function WizardLayout({
  connected,
  progress,
  children,
}: {
  connected: boolean;
  /** Where the setup stands (undefined while loading, or for a role that may not read it). */
  progress?: SetupProgressResponse | undefined;
  children: ReactNode;
}) {
  const t = useT();
  // On a phone the list folds behind one button naming where the admin is (issue 21: a 418 px sticky list
  // covered half the form at 390 px). Wider screens never see the button, and the list is always open there.
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [open, setOpen] = useState(false);
  const listId = useId();
  useEffect(() => setOpen(false), [pathname]);
  const all = [
    { to: '/connect', label: 'wizard.steps.connect' as MessageKey },
    ...CONNECTED_STEPS,
    ...EXTRA_PAGES,
  ];
  const here = all.find((s) => pathname === s.to || pathname.startsWith(`${s.to}/`)) ?? all[0]!;
  const number = [{ to: '/connect' }, ...CONNECTED_STEPS].findIndex((s) => s.to === here.to) + 1;
  return (
    <div className="exq-layout">
      <nav className={`exq-steps${open ? '' : ' exq-steps--folded'}`} aria-label={t('wizard.steps.label')}>
        <button
          type="button"
          className="exq-steps__toggle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          <span>
            {number > 0
              ? t('wizard.steps.whereNumbered', {
                  number,
                  total: CONNECTED_STEPS.length + 1,
                  step: t(here.label),
                })
              : t(here.label)}
          </span>
          <span className="exq-steps__toggle-hint">
            {open ? t('wizard.steps.hide') : t('wizard.steps.show')}
          </span>
        </button>
        <div id={listId} className="exq-steps__body">
          <ol className="exq-steps__list">
            <li>
              <Link
                to="/connect"
                className="exq-step"
                activeProps={{ className: 'exq-step exq-step--active', 'aria-current': 'step' }}
              >
                <span className={`exq-step__marker${connected ? ' exq-step__marker--done' : ''}`}>
                  {connected ? <CheckIcon /> : '1'}
                </span>
                <span className="exq-step__text">
                  <span className="exq-step__label">{t('wizard.steps.connect')}</span>
                  {connected && <span className="exq-step__hint">{t('wizard.steps.done')}</span>}
                </span>
              </Link>
            </li>
            {CONNECTED_STEPS.map((step, index) => {
              const state = stepState(step.to, progress);
              return (
                <li key={step.to}>
                  {connected ? (
                    <Link
                      to={step.to}
                      className="exq-step"
                      activeProps={{ className: 'exq-step exq-step--active', 'aria-current': 'step' }}
                    >
                      <span
                        className={`exq-step__marker${
                          state.marker === 'done'
                            ? ' exq-step__marker--done'
                            : state.marker === 'attention'
                              ? ' exq-step__marker--attention'
                              : ''
                        }`}
                      >
                        {state.marker === 'done' ? (
                          <CheckIcon />
                        ) : state.marker === 'attention' ? (
                          '!'
                        ) : (
                          index + 2
                        )}
                      </span>
                      <span className="exq-step__text">
                        <span className="exq-step__label">{t(step.label)}</span>
                        {state.hint && <span className="exq-step__hint">{t(state.hint)}</span>}
                      </span>
                    </Link>
                  ) : (
                    <span className="exq-step exq-step--disabled" aria-disabled="true">
                      <span className="exq-step__marker">{index + 2}</span>
                      <span className="exq-step__text">
                        <span className="exq-step__label">{t(step.label)}</span>
                        <span className="exq-step__hint">{t('wizard.steps.afterConnecting')}</span>
                      </span>
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
          <div className="exq-steps__extra">
            {EXTRA_PAGES.map((page) => (
              <Link
                key={page.to}
                to={page.to}
                className="exq-step exq-step--plain"
                activeProps={{
                  className: 'exq-step exq-step--plain exq-step--active',
                  'aria-current': 'page',
                }}
              >
                <span className="exq-step__label">{t(page.label)}</span>
              </Link>
            ))}
          </div>
        </div>
      </nav>
      <div className="exq-content">{children}</div>
    </div>
  );
}
