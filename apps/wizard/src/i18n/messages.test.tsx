import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { catalogFor, createTranslator, MessagesProvider, MessagesReady, useT } from './messages.tsx';

function ConnectLabel() {
  return <p>{useT()('connect.button')}</p>;
}

function renderIn(locale: string) {
  return render(
    <MessagesProvider overrides={undefined} locale={locale}>
      <MessagesReady>
        <ConnectLabel />
      </MessagesReady>
    </MessagesProvider>,
  );
}

// Order matters: a catalog is module-wide once fetched, so each "not yet" check comes before its fetch.
describe('catalogs', () => {
  it('fetches the locale’s catalog on demand and shows a wordless spinner until it is here', async () => {
    expect(catalogFor('en-US')).toBeNull();
    const { container } = renderIn('en-US');
    expect(screen.queryByText('Connect to QuickBooks')).toBeNull();
    expect(container.querySelector('[aria-busy="true"]')?.textContent).toBe('');
    expect(await screen.findByText('Connect to QuickBooks')).toBeInTheDocument();
    expect(catalogFor('en-GB')).toBe(en);
    expect(catalogFor('fr-CA')).toBe(en);
  });

  it('fetches Spanish only for a Spanish mount, and shows no English while it is on its way', async () => {
    expect(catalogFor('es-MX')).toBeNull();
    renderIn('es-MX');
    expect(screen.queryByText('Connect to QuickBooks')).toBeNull();
    expect(await screen.findByText('Conectar con QuickBooks')).toBeInTheDocument();
    expect(catalogFor('es-ES')?.['connect.button']).toBe('Conectar con QuickBooks');
  });

  it('lets host overrides win over the catalog', () => {
    const t = createTranslator({ 'connect.button': 'Vincular' }, 'es-MX');
    expect(t('connect.button')).toBe('Vincular');
    expect(createTranslator({}, 'es-MX')('connect.button')).toBe('Conectar con QuickBooks');
  });
});
