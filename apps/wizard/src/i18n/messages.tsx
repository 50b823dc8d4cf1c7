import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en.ts';
import { Loading } from '../components/loading.tsx';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;
export type Catalog = Record<MessageKey, string>;

/**
 * One catalog per language, chosen by the language part of the BCP 47 locale (`es-MX` → es); any other language
 * gets English. Each catalog comes in two parts, each its own chunk (ADR 0011): `first` holds what the shell and
 * the first step say and is fetched before the first step shows; `later` holds what the later steps say and is
 * fetched when one of them opens, or earlier when the browser is idle. A mount fetches only its own language.
 * Every part has every key of its English twin (`satisfies`), so no look-up needs a second language. Add a
 * language: siblings of es/first.ts and es/later.ts typed that way and one entry here.
 */
export type CatalogPart = 'first' | 'later';
type PartialCatalog = Partial<Catalog>;

const CATALOGS: Record<string, Record<CatalogPart, () => Promise<PartialCatalog>>> = {
  en: {
    first: () => import('./en/first.ts').then((module) => module.enFirst),
    later: () => import('./en/later.ts').then((module) => module.enLater),
  },
  es: {
    first: () => import('./es/first.ts').then((module) => module.esFirst),
    later: () => import('./es/later.ts').then((module) => module.esLater),
  },
};

/** Parts already on the page, by `language/part`. Module-wide: a remount or a second wizard never fetches again. */
const loadedParts = new Map<string, PartialCatalog>();
const pendingParts = new Map<string, Promise<void>>();
/** Parts whose last fetch failed: English's part stands in for them until a later fetch succeeds. */
const failedParts = new Set<string>();

export function languageOf(locale: string | undefined): string {
  const language = (locale ?? 'en').split(/[-_]/)[0]!.toLowerCase();
  return language in CATALOGS ? language : 'en';
}

/** A part of the language, or English's when the language's could not be fetched, or null. */
function partOf(language: string, part: CatalogPart): PartialCatalog | null {
  const id = `${language}/${part}`;
  return loadedParts.get(id) ?? (failedParts.has(id) ? (loadedParts.get(`en/${part}`) ?? null) : null);
}

/**
 * The locale's strings on the page: null until its first part is here; then the first part, joined by the later
 * one once that came. English stands in for a part the language could not fetch.
 */
export function catalogFor(locale: string | undefined): Catalog | null {
  const language = languageOf(locale);
  return joined(partOf(language, 'first'), partOf(language, 'later'));
}

const joinedCache = new WeakMap<PartialCatalog, Map<PartialCatalog | null, Catalog>>();
/** The same object for the same parts, so a memoised `t` changes only when a part lands. */
function joined(first: PartialCatalog | null, later: PartialCatalog | null): Catalog | null {
  if (!first) return null;
  let byLater = joinedCache.get(first);
  if (!byLater) joinedCache.set(first, (byLater = new Map()));
  let catalog = byLater.get(later);
  if (!catalog) byLater.set(later, (catalog = { ...first, ...later } as Catalog));
  return catalog;
}

/**
 * Fetches one part of the language once. Never rejects: when it cannot be fetched (the remote's origin went away
 * mid-session) English's part is tried instead, and the next call tries the language again.
 */
function loadPart(language: string, part: CatalogPart): Promise<void> {
  const id = `${language}/${part}`;
  if (loadedParts.has(id)) return Promise.resolve();
  let pending = pendingParts.get(id);
  if (!pending) {
    pending = CATALOGS[language]![part]().then(
      (strings) => {
        loadedParts.set(id, strings);
        failedParts.delete(id);
      },
      () => {
        pendingParts.delete(id);
        failedParts.add(id);
        return language === 'en' ? undefined : loadPart('en', part);
      },
    );
    pendingParts.set(id, pending);
  }
  return pending;
}

/** Fetches the locale's first part, and its later part too unless `only` says 'first'. Never rejects. */
export function loadCatalog(locale: string | undefined, only?: 'first'): Promise<void> {
  const language = languageOf(locale);
  const first = loadPart(language, 'first');
  return only ? first : Promise.all([first, loadPart(language, 'later')]).then(() => undefined);
}

/**
 * Looks a key up in the host's overrides first, then the locale's catalog (English if the locale's could not be
 * fetched), and fills `{placeholders}`. Before any catalog is here it answers with the key itself.
 *
 * Plurals: pass `count` as a number. A variant `key#<category>` (the locale's CLDR plural category of the count:
 * `one`, `few`, …) then wins over `key` where the catalog or the host has one — so "1 record needs attention"
 * and "3 records need attention" are one call; `key` itself is the `other` form. `{count}` is written with the
 * locale's digit grouping (1,234 / 1.234). `{name|a}` adds the indefinite article where the language needs one.
 */
export function createTranslator(overrides: Record<string, string> = {}, locale?: string): Translate {
  return translatorFor(overrides, catalogFor(locale) ?? catalogFor('en'), locale);
}

/**
 * `{type|a}`: the value with its indefinite article, where the language has one that depends on the word
 * ("an Income account", "an Other Current Liability account", "a Bank account"). Other languages' catalogs
 * word their sentences so the value needs none: it is written as is.
 */
function withArticle(value: string, locale: string | undefined): string {
  if (!(locale ?? 'en').toLowerCase().startsWith('en')) return value;
  return `${/^[aeiou]/i.test(value) ? 'an' : 'a'} ${value}`;
}

const numberRules = new Map<string, { plural: Intl.PluralRules; format: Intl.NumberFormat }>();
function rulesFor(locale: string | undefined) {
  const tag = locale ?? 'en';
  let rules = numberRules.get(tag);
  if (!rules) {
    // A malformed locale from the host must not break every string: English rules stand in.
    const make = (t: string) => ({ plural: new Intl.PluralRules(t), format: new Intl.NumberFormat(t) });
    try {
      rules = make(tag);
    } catch {
      rules = make('en');
    }
    numberRules.set(tag, rules);
  }
  return rules;
}

function translatorFor(
  overrides: Record<string, string>,
  catalog: Catalog | null,
  locale?: string,
): Translate {
  const strings = (catalog ?? {}) as Record<string, string | undefined>;
  return (key, values) => {
    const count = values?.count;
    const rules = typeof count === 'number' ? rulesFor(locale) : undefined;
    const variant = rules ? `${key}#${rules.plural.select(count as number)}` : undefined;
    // A host's override of the key beats the catalog's variants of it: the host may not know about them.
    const template =
      (variant && overrides[variant]) ??
      overrides[key] ??
      (variant && strings[variant]) ??
      strings[key] ??
      key;
    if (!values) return template;
    return template.replace(/\{(\w+)(\|a)?\}/g, (whole, name: string, article?: string) => {
      if (!(name in values)) return whole;
      const value = name === 'count' && rules ? rules.format.format(count as number) : String(values[name]);
      return article ? withArticle(value, locale) : value;
    });
  };
}

const TranslateContext = createContext<Translate>(createTranslator());
const CatalogContext = createContext<Catalog | null>(null);
type CatalogState = { firstReady: boolean; laterReady: boolean; requestLater: () => void };
const CatalogStateContext = createContext<CatalogState>({
  firstReady: true,
  laterReady: true,
  requestLater: () => {},
});

/** How long after the first step shows the later strings are fetched anyway, so later steps open without a wait. */
const LATER_PREFETCH_MS = 1500;

/**
 * Provides `t` for the mount's locale. Until a lazily loaded part arrives, `MessagesReady` holds back the screens
 * that need it, so nobody sees keys or English flash before Spanish.
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
  // Parts whose fetch has finished (loaded or failed), as `language/part`: re-renders this provider when one lands.
  const [settled, setSettled] = useState<ReadonlySet<string>>(() => new Set());
  const [laterWanted, setLaterWanted] = useState(false);
  const first = partOf(language, 'first');
  const later = partOf(language, 'later');
  const catalog = joined(first, later);
  // A part that failed in every language settles anyway: the screens then show keys rather than a spinner forever.
  const firstReady = first !== null || settled.has(`${language}/first`);
  const laterReady = (firstReady && later !== null) || settled.has(`${language}/later`);

  const markSettled = (part: CatalogPart) => setSettled((done) => new Set(done).add(`${language}/${part}`));
  useEffect(() => {
    if (loadedParts.has(`${language}/first`)) return;
    let live = true;
    void loadPart(language, 'first').then(() => live && markSettled('first'));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- markSettled is rebuilt each render; language is its input
  }, [language]);
  useEffect(() => {
    // The later part waits until a later step asks for it, or until the first step has had the network to itself.
    if (!firstReady || loadedParts.has(`${language}/later`)) return;
    let live = true;
    const timer = setTimeout(
      () => void loadPart(language, 'later').then(() => live && markSettled('later')),
      laterWanted ? 0 : LATER_PREFETCH_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  }, [language, firstReady, laterWanted]);

  const t = useMemo(() => translatorFor(overrides ?? {}, catalog, locale), [overrides, catalog, locale]);
  const state = useMemo(
    () => ({ firstReady, laterReady, requestLater: () => setLaterWanted(true) }),
    [firstReady, laterReady],
  );
  return (
    <CatalogStateContext value={state}>
      <CatalogContext value={catalog}>
        <TranslateContext value={t}>{children}</TranslateContext>
      </CatalogContext>
    </CatalogStateContext>
  );
}

/**
 * Renders its children once the strings they need are on the page, a wordless spinner until then: `first` (the
 * default) for the shell and the first step, `later` for the later steps, which asks for that part at once. The
 * root's sits inside the router's root route, so the router's loaders and the step's chunk load meanwhile.
 */
export function MessagesReady({ children, part = 'first' }: { children: ReactNode; part?: CatalogPart }) {
  return useCatalogPartReady(part, { request: true }) ? children : <Loading />;
}

/**
 * Whether a part of the catalog is on the page (or settled without it): for words a screen can do without until
 * then. `request` fetches the later part now instead of after the first step's head start.
 */
export function useCatalogPartReady(part: CatalogPart, options: { request?: boolean } = {}): boolean {
  const { firstReady, laterReady, requestLater } = useContext(CatalogStateContext);
  const ready = part === 'first' ? firstReady : laterReady;
  // Only the later part waits to be asked for; the first is fetched as soon as the provider mounts.
  const request = options.request === true && !ready && part === 'later';
  useEffect(() => {
    if (request) requestLater();
  }, [request, requestLater]);
  return ready;
}

export function useT(): Translate {
  return useContext(TranslateContext);
}

/** Whether a key built at run time (e.g. from an audit action the contract just gained) has words yet. */
export function useHasMessage(): (key: string) => key is MessageKey {
  const catalog = useContext(CatalogContext);
  return (key): key is MessageKey => catalog !== null && key in catalog;
}
