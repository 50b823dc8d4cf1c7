/** A quiet placeholder while the first answer is on its way; without a label (no words yet), only the spinner. */
export function Loading({ label }: { label?: string }) {
  return (
    <div className="exq-loading" aria-busy="true">
      <span className="exq-spinner" aria-hidden="true" />
      {label && <span>{label}</span>}
    </div>
  );
}
