/** Every place the shell can go. Placeholders are labelled as such on their pages. */
export interface NavEntry {
  label: string;
  path: string;
}

export const QUICKBOOKS_PATH = '/settings/integrations/quickbooks';
export const INTEGRATIONS_PATH = '/settings/integrations';

export const mainNav: NavEntry[] = [
  { label: 'Dashboard', path: '/dashboard' },
  { label: 'Schedule', path: '/schedule' },
  { label: 'Jobs', path: '/jobs' },
  { label: 'Customers', path: '/customers' },
  { label: 'Invoices', path: '/invoices' },
  { label: 'Reports', path: '/reports' },
  { label: 'Settings', path: '/settings' },
  // Development only: create Exoserva records on the stand-in and watch them sync.
  { label: 'Records (demo)', path: '/dev/records' },
];

export const settingsNav: Array<{ group: string; items: NavEntry[] }> = [
  {
    group: 'Company',
    items: [
      { label: 'Company profile', path: '/settings/company' },
      { label: 'Users & roles', path: '/settings/users' },
      { label: 'Billing', path: '/settings/billing' },
    ],
  },
  {
    group: 'Operations',
    items: [
      { label: 'Integrations', path: INTEGRATIONS_PATH },
      { label: 'Notifications', path: '/settings/notifications' },
      { label: 'Job types', path: '/settings/job-types' },
    ],
  },
];
