import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { es } from './es.ts';
import {
  catalogFor,
  createTranslator,
  loadCatalog,
  MessagesProvider,
  MessagesReady,
  useT,
} from './messages.tsx';

function ConnectLabel() {
  return <p>{useT()('connect.button')}</p>;
}

function MappingTitle() {
  return <p>{useT()('mapping.title')}</p>;
}

function renderIn(locale: string, part: 'first' | 'later' = 'first') {
  return render(
    <MessagesProvider overrides={undefined} locale={locale}>
      <MessagesReady>
        <ConnectLabel />
        {part === 'later' && (
          <MessagesReady part="later">
            <MappingTitle />
          </MessagesReady>
        )}
      </MessagesReady>
    </MessagesProvider>,
  );
}

// Order matters: a catalog part is module-wide once fetched, so each "not yet" check comes before its fetch.
describe('catalogs', () => {
  it('fetches the locale’s first part on demand and shows a wordless spinner until it is here', async () => {
    expect(catalogFor('en-US')).toBeNull();
    const { container } = renderIn('en-US');
    expect(screen.queryByText('Connect to QuickBooks')).toBeNull();
    expect(container.querySelector('[aria-busy="true"]')?.textContent).toBe('');
    expect(await screen.findByText('Connect to QuickBooks')).toBeInTheDocument();
    // Only the first part so far: the later steps' words are not on the page yet.
    expect(catalogFor('en-GB')?.['connect.button']).toBe(en['connect.button']);
    expect(catalogFor('fr-CA')?.['mapping.title']).toBeUndefined();
  });

  it('fetches the later part the moment a later step needs it, and joins both parts', async () => {
    renderIn('en-US', 'later');
    expect(await screen.findByText(en['mapping.title'])).toBeInTheDocument();
    expect(catalogFor('en-US')).toEqual(en);
  });

  it('fetches Spanish only for a Spanish mount, and shows no English while it is on its way', async () => {
    expect(catalogFor('es-MX')).toBeNull();
    renderIn('es-MX');
    expect(screen.queryByText('Connect to QuickBooks')).toBeNull();
    expect(await screen.findByText('Conectar con QuickBooks')).toBeInTheDocument();
    expect(catalogFor('es-ES')?.['connect.button']).toBe('Conectar con QuickBooks');
    await loadCatalog('es-ES');
    expect(catalogFor('es-ES')).toEqual(es);
  });

  it('lets host overrides win over the catalog', () => {
    const t = createTranslator({ 'connect.button': 'Vincular' }, 'es-MX');
    expect(t('connect.button')).toBe('Vincular');
    expect(createTranslator({}, 'es-MX')('connect.button')).toBe('Conectar con QuickBooks');
  });

  it('picks the plural variant for a numeric count and writes the count the locale’s way', async () => {
    await Promise.all([loadCatalog('en-US'), loadCatalog('es-MX')]);
    const t = createTranslator({}, 'en-US');
    expect(t('syncStatus.list.count', { count: 1 })).toBe('1 record needs attention');
    expect(t('syncStatus.list.count', { count: 1234 })).toBe('1,234 records need attention');
    expect(t('syncStatus.list.count', { count: 0 })).toBe('0 records need attention');
    const es = createTranslator({}, 'es-MX');
    expect(es('syncStatus.list.count', { count: 1 })).toBe('1 registro requiere atención');
    // Mexico groups with a comma, as English does.
    expect(es('syncStatus.list.count', { count: 1234 })).toBe('1,234 registros requieren atención');
    // A host that overrides the key gets its words for every count, unless it overrides the variant too.
    const host = createTranslator({ 'syncStatus.list.count': '{count} to fix' }, 'en-US');
    expect(host('syncStatus.list.count', { count: 1 })).toBe('1 to fix');
    // A malformed locale falls back to English rules instead of throwing.
    expect(createTranslator({}, 'not a locale!')('syncStatus.list.count', { count: 1 })).toBe(
      '1 record needs attention',
    );
  });

  it('puts the article in the i18n layer: an Income account, an Other Current Liability one, a Bank one (issue 21)', async () => {
    await Promise.all([loadCatalog('en-US'), loadCatalog('es-MX')]);
    const lead = (type: string, locale: string) =>
      createTranslator({}, locale)('mapping.createDialog.lead', { type, concept: 'Tips' });
    expect(lead('Income', 'en-US')).toMatch(/^Exoserva will create an Income account for Tips/);
    expect(lead('Other Current Liability', 'en-US')).toMatch(/create an Other Current Liability account/);
    expect(lead('Bank', 'en-US')).toMatch(/create a Bank account/);
    expect(lead('Income', 'es-MX')).toMatch(/una cuenta de tipo Income para Tips/);
    const es = createTranslator({}, 'es-MX');
    expect(es('syncStatus.blockedCount', { count: 1 })).toBe('1 registro espera a que se corrija');
    expect(es('syncStatus.ignoredCount', { count: 1 })).toBe('1 ignorado');
    const en = createTranslator({}, 'en-US');
    expect(en('held.dialog.body', { company: 'Summit', count: 1 })).toMatch(/^It will be sent to Summit now/);
    expect(en('held.dialog.body', { company: 'Summit', count: 2 })).toMatch(
      /^They will be sent to Summit now/,
    );
  });
});
