import { BACKFILL_KINDS, type BackfillKind, type BackfillRangeRequest } from '@exoserva/contracts';
import { useId, useState } from 'react';
import { useT } from '../../../i18n/messages.tsx';
import { usePreviewBackfill } from '../api/preview-backfill.ts';
import { lastMonth } from './backfill-format.ts';
import { PreviewSummary } from './preview-summary.tsx';

/** The range and record types, then the preview of what they would send (and the Start button under it). */
export function RangeForm({ initial = lastMonth() }: { initial?: { from: string; to: string } }) {
  const t = useT();
  const id = useId();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [kinds, setKinds] = useState<BackfillKind[]>([...BACKFILL_KINDS]);
  const [asked, setAsked] = useState<BackfillRangeRequest | null>(null);
  const [touched, setTouched] = useState(false);
  const preview = usePreviewBackfill();
  const rangeError = from && to && from > to ? t('backfill.form.rangeError') : null;
  const kindsError = kinds.length === 0 ? t('backfill.form.kindsError') : null;
  const invalid = !from || !to || rangeError !== null || kindsError !== null;
  // A preview belongs to the exact choices it was made for: changing one hides it until asked again.
  const current = asked && asked.from === from && asked.to === to && sameKinds(asked.kinds, kinds);

  return (
    <div className="exq-stack-lg">
      <form
        className="exq-stack"
        aria-labelledby={`${id}-title`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (invalid) return;
          const request = { from, to, kinds: [...kinds] };
          setAsked(request);
          preview.mutate(request);
        }}
      >
        <h3 id={`${id}-title`} className="exq-section-title">
          {t('backfill.form.title')}
        </h3>
        <div className="exq-range-fields">
          <div className="exq-field">
            <label className="exq-field__label" htmlFor={`${id}-from`}>
              {t('backfill.form.from')}
            </label>
            <input
              id={`${id}-from`}
              className="exq-input"
              type="date"
              required
              value={from}
              max={to || undefined}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="exq-field">
            <label className="exq-field__label" htmlFor={`${id}-to`}>
              {t('backfill.form.to')}
            </label>
            <input
              id={`${id}-to`}
              className="exq-input"
              type="date"
              required
              value={to}
              min={from || undefined}
              aria-invalid={touched && rangeError ? true : undefined}
              aria-describedby={touched && rangeError ? `${id}-range-error` : undefined}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
        </div>
        {touched && rangeError && (
          <p id={`${id}-range-error`} className="exq-field__error" role="alert">
            {rangeError}
          </p>
        )}
        <fieldset
          className="exq-field exq-range-kinds"
          aria-describedby={touched && kindsError ? `${id}-kinds-error` : undefined}
        >
          <legend className="exq-field__label">{t('backfill.form.kinds')}</legend>
          <div className="exq-range-kinds__list">
            {BACKFILL_KINDS.map((kind) => (
              <label key={kind} className="exq-check">
                <input
                  type="checkbox"
                  checked={kinds.includes(kind)}
                  onChange={(e) =>
                    setKinds((list) =>
                      e.target.checked
                        ? BACKFILL_KINDS.filter((k) => k === kind || list.includes(k))
                        : list.filter((k) => k !== kind),
                    )
                  }
                />
                <span>{t(`backfill.kind.${kind}`)}</span>
              </label>
            ))}
          </div>
          {touched && kindsError && (
            <p id={`${id}-kinds-error`} className="exq-field__error" role="alert">
              {kindsError}
            </p>
          )}
        </fieldset>
        <div className="exq-form-actions">
          <button type="submit" className="exq-button exq-button--secondary" disabled={preview.isPending}>
            {preview.isPending ? t('backfill.form.previewing') : t('backfill.form.preview')}
          </button>
        </div>
      </form>
      {current && <PreviewSummary request={asked} preview={preview} />}
    </div>
  );
}

const sameKinds = (a: readonly BackfillKind[] | undefined, b: readonly BackfillKind[]) =>
  (a ?? BACKFILL_KINDS).length === b.length && b.every((k) => (a ?? BACKFILL_KINDS).includes(k));
