import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en.ts';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;
export type Catalog = Record<MessageKey, string>;

/**
 * One catalog per language, chosen by the language part of the BCP 47 locale (`es-MX` → es); any other language
 * gets English. Each catalog is its own chunk and a mount fetches only its own (ADR 0011: a page carries one
 * language's ≈8 KB gzip, not all of them). Every catalog has every key (`satisfies Record<MessageKey, string>`),
 * so no look-up needs a second language. Add a language: a sibling of es.ts typed that way and one line here.
 */
const CATALOGS: Record<string, () => Promise<Catalog>> = {
  en: () => import('./en.ts').then((module) => module.en),
  es: () => import('./es.ts').then((module) => module.es),
};

/** Catalogs already on the page, by language. Module-wide: a remount or a second wizard never fetches again. */
const loadedCatalogs = new Map<string, Catalog>();
const pendingCatalogs = new Map<string, Promise<void>>();

export function languageOf(locale: string | undefined): string {
  const language = (locale ?? 'en').split(/[-_]/)[0]!.toLowerCase();
  return language in CATALOGS ? language : 'en';
}

/** The locale's catalog when it is on the page, else null (then `loadCatalog` fetches it). */
export function catalogFor(locale: string | undefined): Catalog | null {
  return loadedCatalogs.get(languageOf(locale)) ?? null;
}

/**
 * Fetches the locale's catalog once. Never rejects: when it cannot be fetched (the remote's origin went away
 * mid-session) English is tried instead, and the next mount tries the language again.
 */
export function loadCatalog(locale: string | undefined): Promise<void> {
  const language = languageOf(locale);
  if (loadedCatalogs.has(language)) return Promise.resolve();
  let pending = pendingCatalogs.get(language);
  if (!pending) {
    pending = CATALOGS[language]!().then(
      (catalog) => void loadedCatalogs.set(language, catalog),
      () => {
        pendingCatalogs.delete(language);
        return language === 'en' ? undefined : loadCatalog('en');
      },
    );
    pendingCatalogs.set(language, pending);
  }
  return pending;
}

/**
 * Looks a key up in the host's overrides first, then the locale's catalog (English if the locale's could not be
 * fetched), and fills `{placeholders}`. Before any catalog is here it answers with the key itself.
 */
export function createTranslator(overrides: Record<string, string> = {}, locale?: string): Translate {
  return translatorFor(overrides, catalogFor(locale) ?? catalogFor('en'));
}

function translatorFor(overrides: Record<string, string>, catalog: Catalog | null): Translate {
  return (key, values) => {
    const template = overrides[key] ?? catalog?.[key] ?? key;
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

const TranslateContext = createContext<Translate>(createTranslator());
const CatalogContext = createContext<Catalog | null>(null);
const CatalogReadyContext = createContext(true);

/**
 * Provides `t` for the mount's locale. Until a lazily loaded catalog arrives, `t` answers in English and
 * `MessagesReady` holds the screens back, so nobody sees English flash before Spanish.
 */
export function MessagesProvider({
  overrides,
  locale,
  children,
}: {
  overrides: Record<string, string> | undefined;
  locale?: string;
  children: ReactNode;
}) {
  const language = languageOf(locale);
  // The language whose fetch has finished (loaded or failed): re-renders this provider when it lands.
  const [settled, setSettled] = useState<string | null>(null);
  // After a failed fetch `settled` is this language and English (if it came) stands in.
  const catalog = catalogFor(locale) ?? (settled === language ? catalogFor('en') : null);
  const ready = catalog !== null || settled === language;
  useEffect(() => {
    if (loadedCatalogs.has(language)) return;
    let live = true;
    void loadCatalog(language).then(() => {
      if (live) setSettled(language);
    });
    return () => {
      live = false;
    };
  }, [language]);
  const t = useMemo(() => translatorFor(overrides ?? {}, catalog), [overrides, catalog]);
  return (
    <CatalogReadyContext value={ready}>
      <CatalogContext value={catalog}>
        <TranslateContext value={t}>{children}</TranslateContext>
      </CatalogContext>
    </CatalogReadyContext>
  );
}

/**
 * Renders its children once the locale's catalog is on the page, a wordless spinner until then. It sits inside
 * the router's root route, so the router's loaders and the first step's chunk load while the catalog does.
 */
export function MessagesReady({ children }: { children: ReactNode }) {
  if (useContext(CatalogReadyContext)) return children;
  return (
    <div className="exq-loading" aria-busy="true">
      <span className="exq-spinner" aria-hidden="true" />
    </div>
  );
}

export function useT(): Translate {
  return useContext(TranslateContext);
}

/** Whether a key built at run time (e.g. from an audit action the contract just gained) has words yet. */
export function useHasMessage(): (key: string) => key is MessageKey {
  const catalog = useContext(CatalogContext);
  return (key): key is MessageKey => catalog !== null && key in catalog;
}
