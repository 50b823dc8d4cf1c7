/** A quiet placeholder while the first answer is on its way. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="exq-loading" aria-busy="true">
      <span className="exq-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
