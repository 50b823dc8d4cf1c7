const KEY = 'exoserva.locale';

/**
 * The tenant's locale and currency as the shell passes them to the wizard. A real shell reads them from the tenant's
 * settings; this one defaults to en-US/USD and, for demos and e2e, takes `?locale=es-MX&currency=MXN` on any URL and
 * keeps them for the tab (the shell's own navigations drop the query string).
 */
export function hostLocale(
  search: string = window.location.search,
  storage: Storage = window.sessionStorage,
): {
  locale: string;
  currency: string;
} {
  const query = new URLSearchParams(search);
  const stored = JSON.parse(storage.getItem(KEY) ?? '{}') as { locale?: string; currency?: string };
  const locale = query.get('locale') ?? stored.locale ?? 'en-US';
  const currency = query.get('currency') ?? stored.currency ?? (locale === 'es-MX' ? 'MXN' : 'USD');
  if (query.has('locale') || query.has('currency'))
    storage.setItem(KEY, JSON.stringify({ locale, currency }));
  return { locale, currency };
}
