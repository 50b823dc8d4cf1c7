import { SyncRecordKind } from '@exoserva/contracts';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../../i18n/messages.tsx';

/** Opens any record's timeline by its Exoserva id (as support and admins quote it). */
export function RecordFinder({ initialKind = 'invoice' }: { initialKind?: SyncRecordKind }) {
  const t = useT();
  const navigate = useNavigate();
  const [kind, setKind] = useState<SyncRecordKind>(initialKind);
  const [id, setId] = useState('');
  const kindId = useId();
  const idId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = id.trim();
    if (!trimmed) return;
    void navigate({ to: '/status/records/$kind/$id', params: { kind, id: trimmed } });
  };
  return (
    <form className="exq-finder" role="search" aria-label={t('syncStatus.finder.label')} onSubmit={onSubmit}>
      <div className="exq-field">
        <label className="exq-field__label" htmlFor={kindId}>
          {t('syncStatus.finder.kind')}
        </label>
        <select
          id={kindId}
          className="exq-select"
          value={kind}
          onChange={(e) => setKind(SyncRecordKind.parse(e.target.value))}
        >
          {SyncRecordKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`held.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="exq-field exq-finder__id">
        <label className="exq-field__label" htmlFor={idId}>
          {t('syncStatus.finder.id')}
        </label>
        <input
          id={idId}
          className="exq-input"
          value={id}
          maxLength={128}
          placeholder="inv_1001"
          onChange={(e) => setId(e.target.value)}
        />
      </div>
      <button type="submit" className="exq-button exq-button--secondary" disabled={!id.trim()}>
        {t('syncStatus.finder.open')}
      </button>
    </form>
  );
}
