import { INTEGRATIONS_PATH, mainNav, QUICKBOOKS_PATH, settingsNav } from '../../app/routes.ts';

export interface Command {
  id: string;
  label: string;
  path: string;
  keywords?: string;
}

/** What ⌘K can reach: every page of the shell, Settings pages as "Settings → …". */
export const commands: Command[] = [
  ...mainNav.map((entry) => ({ id: entry.path, label: entry.label, path: entry.path })),
  ...settingsNav.flatMap(({ items }) =>
    items.map((entry) => ({ id: entry.path, label: `Settings → ${entry.label}`, path: entry.path })),
  ),
  {
    id: QUICKBOOKS_PATH,
    label: 'Settings → Integrations → QuickBooks Online',
    path: QUICKBOOKS_PATH,
    keywords: 'qbo intuit accounting sync connect',
  },
].map((c) => (c.path === INTEGRATIONS_PATH ? { ...c, keywords: 'apps connect quickbooks stripe' } : c));

/** Every word typed must appear in the label or keywords, in any order; label matches rank first. */
export function filterCommands(all: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return all;
  const matches = (text: string) => words.every((w) => text.toLowerCase().includes(w));
  const hits = all.filter((c) => matches(`${c.label} ${c.keywords ?? ''}`));
  return [...hits.filter((c) => matches(c.label)), ...hits.filter((c) => !matches(c.label))];
}
