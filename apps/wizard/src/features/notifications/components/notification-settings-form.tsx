import {
  NotificationSettingsRequest,
  type NotificationMode,
  type NotificationSettingsResponse,
} from '@exoserva/contracts';
import { useId, useMemo, useState } from 'react';
import { useWizardEnv } from '../../../app/wizard-context.tsx';
import { Callout } from '../../../components/callout.tsx';
import { useT } from '../../../i18n/messages.tsx';
import { useSaveNotificationSettings } from '../api/save-notification-settings.ts';

/** The browser's zone is the best first guess for a shop that never saved one. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...all])].sort((a, b) =>
    a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b),
  );
}

const splitEmails = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);

/** Immediate or a daily digest (hour + time zone), and who else hears about failures. */
export function NotificationSettingsForm({ settings }: { settings: NotificationSettingsResponse }) {
  const t = useT();
  const id = useId();
  const { announce, locale } = useWizardEnv();
  const save = useSaveNotificationSettings();
  const [mode, setMode] = useState<NotificationMode>(settings.mode);
  const [digestHour, setDigestHour] = useState(settings.digestHour);
  const [timeZone, setTimeZone] = useState(settings.saved ? settings.timeZone : browserTimeZone());
  const [emails, setEmails] = useState(settings.extraEmails.join(', '));
  const [emailError, setEmailError] = useState<string | null>(null);
  const zones = useMemo(() => timeZones(timeZone), [timeZone]);
  const hourLabel = (hour: number) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
      Date.UTC(2026, 0, 1, hour),
    );
  const saved = save.data ?? (settings.saved ? settings : null);

  return (
    <form
      className="exq-stack-lg"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = NotificationSettingsRequest.safeParse({
          mode,
          digestHour,
          timeZone,
          extraEmails: splitEmails(emails),
        });
        if (!parsed.success) {
          setEmailError(t('notifications.emails.invalid'));
          return;
        }
        setEmailError(null);
        save.mutate(parsed.data, { onSuccess: () => announce(t('notifications.saved')) });
      }}
    >
      <h3 id={`${id}-title`} className="exq-section-title">
        {t('notifications.settings.title')}
      </h3>
      <fieldset className="exq-choices">
        <legend className="exq-sr-only">{t('notifications.mode.legend')}</legend>
        {(['immediate', 'daily_digest'] as const).map((m) => (
          <label key={m} className={`exq-choice${mode === m ? ' exq-choice--selected' : ''}`}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
            />
            <span className="exq-choice__body">
              <span className="exq-choice__title">
                {t(m === 'immediate' ? 'notifications.mode.immediate' : 'notifications.mode.digest')}
                {m === 'immediate' && (
                  <span className="exq-badge exq-badge--success">{t('notifications.mode.recommended')}</span>
                )}
              </span>
              <span className="exq-muted">
                {t(m === 'immediate' ? 'notifications.mode.immediateBody' : 'notifications.mode.digestBody')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {mode === 'daily_digest' && (
        <div className="exq-inline-fields">
          <div className="exq-field">
            <label className="exq-field__label" htmlFor={`${id}-hour`}>
              {t('notifications.digest.hour')}
            </label>
            <select
              id={`${id}-hour`}
              className="exq-select"
              value={digestHour}
              onChange={(e) => setDigestHour(Number(e.target.value))}
            >
              {Array.from({ length: 24 }, (_, h) => (
                <option key={h} value={h}>
                  {hourLabel(h)}
                </option>
              ))}
            </select>
          </div>
          <div className="exq-field">
            <label className="exq-field__label" htmlFor={`${id}-zone`}>
              {t('notifications.digest.timeZone')}
            </label>
            <select
              id={`${id}-zone`}
              className="exq-select"
              value={timeZone}
              onChange={(e) => setTimeZone(e.target.value)}
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <div className="exq-field">
        <label className="exq-field__label" htmlFor={`${id}-emails`}>
          {t('notifications.emails.label')}
        </label>
        <input
          id={`${id}-emails`}
          className="exq-input"
          type="text"
          inputMode="email"
          autoComplete="off"
          value={emails}
          placeholder="books@example.com"
          aria-describedby={`${id}-emails-hint${emailError ? ` ${id}-emails-error` : ''}`}
          aria-invalid={emailError ? 'true' : undefined}
          onChange={(e) => setEmails(e.target.value)}
        />
        <span id={`${id}-emails-hint`} className="exq-muted exq-small">
          {t('notifications.emails.hint')}
        </span>
        {emailError && (
          <span id={`${id}-emails-error`} className="exq-field__error" role="alert">
            {emailError}
          </span>
        )}
      </div>
      {save.isError && (
        <Callout tone="danger" role="alert">
          <p>{t('notifications.saveFailed', { message: save.error.message })}</p>
        </Callout>
      )}
      {saved && !save.isPending && (
        <Callout tone="success" role="status">
          <p>
            {saved.mode === 'daily_digest' && saved.nextDigestAt
              ? t('notifications.savedDigest', {
                  // dateStyle cannot be combined with timeZoneName: the fields are spelled out.
                  when: new Intl.DateTimeFormat(locale, {
                    year: 'numeric',
                    month: 'short',
                    day: 'numeric',
                    hour: 'numeric',
                    minute: '2-digit',
                    timeZone: saved.timeZone,
                    timeZoneName: 'short',
                  }).format(new Date(saved.nextDigestAt)),
                })
              : t('notifications.savedImmediate')}
          </p>
          {saved.updatedBy && saved.updatedAt && (
            <p className="exq-muted exq-small">
              {t('notifications.savedBy', {
                name: saved.updatedBy.name ?? saved.updatedBy.userId,
                when: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
                  new Date(saved.updatedAt),
                ),
              })}
            </p>
          )}
        </Callout>
      )}
      <div className="exq-form-actions">
        <button type="submit" className="exq-button exq-button--primary" disabled={save.isPending}>
          {save.isPending ? t('notifications.saving') : t('notifications.save')}
        </button>
      </div>
    </form>
  );
}
