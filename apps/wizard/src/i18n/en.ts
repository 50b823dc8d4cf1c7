/**
 * Every user-facing string of the wizard, keyed. Placeholders are `{name}`. A host may override any key through
 * the `messages` mount prop; es.ts holds the same keys in Spanish (a missing one fails typecheck).
 */
export const en = {
  'wizard.title': 'QuickBooks Online',
  'wizard.subtitle':
    'Send every customer, invoice, payment and refund from Exoserva to QuickBooks Online automatically.',
  'wizard.steps.label': 'Setup steps',
  'wizard.steps.connect': 'Connect',
  'wizard.steps.mapping': 'Map your chart of accounts',
  'wizard.steps.direction': 'Customer sync direction',
  'wizard.steps.testSync': 'Run a test sync',
  'wizard.steps.autoSync': 'Turn on auto-sync',
  'wizard.steps.status': 'Sync status',
  'wizard.steps.reconciliation': 'Monthly reconciliation',
  'wizard.steps.afterConnecting': 'Available after connecting',
  'wizard.steps.notYet': 'Not available yet',
  'wizard.steps.current': 'Current step',
  'wizard.steps.done': 'Done',
  'wizard.nav.activity': 'Activity',
  'wizard.notFound.title': 'Page not found',
  'wizard.notFound.body': 'This part of the QuickBooks integration does not exist.',
  'wizard.notFound.back': 'Back to Connect',

  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.dismiss': 'Dismiss',
  'common.requestId': 'Reference: {requestId}',

  'status.loading': 'Checking your QuickBooks connection…',
  'status.loadError.title': 'We can’t reach the QuickBooks service right now',
  'status.loadError.body':
    'Your connection settings are safe; this page just couldn’t load them. Check your network and try again.',
  'status.badge.connected': 'Connected',
  'status.badge.disconnected': 'Not connected',
  'status.badge.needsReconnect': 'Needs reconnect',
  'status.environment.sandbox': 'Sandbox',
  'status.environment.production': 'Production',

  'access.title': 'You don’t have access to this integration',
  'access.body': 'Only an Owner or Tenant Administrator can manage the QuickBooks integration.',
  'access.signedInAs': 'You’re signed in as {role}.',
  'access.hint':
    'Ask an Owner or Tenant Administrator of your company to connect QuickBooks or to change your role.',

  'connect.title': 'Connect QuickBooks Online',
  'connect.intro':
    'Connecting turns month-end bookkeeping into a quick review: invoices, payments, refunds and customers flow to QuickBooks Online within seconds, exactly once.',
  'connect.scopes.title': 'What Exoserva will ask Intuit for',
  'connect.scopes.lead': 'Read and write access to:',
  'connect.scope.customers': 'Customers',
  'connect.scope.invoices': 'Invoices',
  'connect.scope.payments': 'Payments',
  'connect.scope.items': 'Items',
  'connect.scope.tax_rates': 'Tax Rates',
  'connect.prereq.title': 'Before you begin',
  'connect.prereq.role': 'Owner or Tenant Administrator role in Exoserva',
  'connect.prereq.roleYou': 'You have it',
  'connect.prereq.subscription': 'A QuickBooks Online subscription (Simple Start or higher)',
  'connect.prereq.subscriptionNote': 'QuickBooks Desktop is not supported.',
  'connect.prereq.admin': 'The QuickBooks Online admin login for the company you’re connecting',
  'connect.steps.title': 'What happens next',
  'connect.steps.signIn': 'Sign in to QuickBooks Online as the admin.',
  'connect.steps.pick': 'Pick the company for this Exoserva account if you have more than one.',
  'connect.steps.review': 'Review the requested access and click Connect.',
  'connect.steps.back': 'Intuit sends you back here, and this page shows Connected.',
  'connect.tip.title': 'Tip',
  'connect.tip.body':
    'Use a separate Chrome profile or an Incognito window for the Intuit sign-in. If you’re signed into several Google accounts that suggest QuickBooks accounts, the wrong one can sneak through.',
  'connect.button': 'Connect to QuickBooks',
  'connect.buttonPopup': 'Connect in a popup',
  'connect.redirecting': 'Opening Intuit…',
  'connect.popupOpen': 'Finish connecting in the popup window. This page updates when you’re done.',
  'connect.popupBlocked':
    'Your browser blocked the popup. Allow popups for this site, or use Connect to QuickBooks.',
  'connect.startFailed': 'We couldn’t start connecting to QuickBooks. {message}',

  'oauth.error.title': 'QuickBooks wasn’t connected',
  'oauth.error.oauth_denied':
    'You cancelled on Intuit’s page, so nothing was connected. When you’re ready, try again and click Connect on Intuit’s page.',
  'oauth.error.oauth_state_invalid':
    'The sign-in link expired or was started in a different browser session, so we stopped to keep your account safe. Start again from this page.',
  'oauth.error.oauth_code_invalid':
    'Intuit didn’t accept the authorization — it may have expired or been used already. Try again; it usually works the second time.',
  'oauth.error.company_connected_elsewhere':
    'That QuickBooks company is already connected to another Exoserva account. Disconnect it there first, or pick a different company on Intuit’s page.',
  'oauth.error.forbidden':
    'Only an Owner or Tenant Administrator can connect QuickBooks. Sign in with one of those roles and try again.',
  'oauth.error.qbo_unavailable':
    'QuickBooks Online didn’t respond, so nothing was changed. Try again in a few minutes.',
  'oauth.error.unauthenticated': 'Your Exoserva session ended while you were on Intuit’s page. Try again.',
  'oauth.error.rate_limited': 'Too many attempts in a short time. Wait a minute, then try again.',
  'oauth.error.unknown': 'Connecting to QuickBooks didn’t finish (code: {code}). Try again.',
  'oauth.error.tryAgain': 'Try again',
  'oauth.connected.title': 'QuickBooks is connected',
  'oauth.connected.body': 'Exoserva is now linked to {company}.',

  'connected.title': 'Connected to QuickBooks Online',
  'connected.company': 'Company',
  'connected.realmId': 'Company ID (realm)',
  'connected.since': 'Connected since',
  'connected.environment': 'Environment',
  'connected.expiry.title': 'This connection ends in {days} days',
  'connected.expiry.titleOne': 'This connection ends tomorrow',
  'connected.expiry.titleToday': 'This connection ends today',
  'connected.expiry.body':
    'Intuit ends every connection after a fixed period. Reconnect before {date} to keep records syncing.',
  'connected.reconnect': 'Reconnect now',
  'connected.disconnect': 'Disconnect',

  'needsReconnect.title': 'QuickBooks needs you to reconnect',
  'needsReconnect.body': 'Records don’t sync to QuickBooks until you reconnect.',
  'needsReconnect.reason': 'Reason',
  'needsReconnect.reasonUnknown': 'Intuit no longer accepts Exoserva’s access to this company.',
  'needsReconnect.button': 'Reconnect to QuickBooks',

  'disconnect.title': 'Disconnect QuickBooks?',
  'disconnect.lead': 'Exoserva will revoke its access to {company} at Intuit.',
  'disconnect.stays.title': 'What stays',
  'disconnect.stays.records': 'Records already in QuickBooks stay there, unchanged.',
  'disconnect.stays.links':
    'Links between Exoserva and QuickBooks records, and the activity history, are kept.',
  'disconnect.stops.title': 'What stops',
  'disconnect.stops.sync': 'New and changed records stop syncing to QuickBooks.',
  'disconnect.stops.backfill':
    'Reconnecting later does not backfill records created while disconnected — plan to disconnect at month-end.',
  'disconnect.confirm': 'Disconnect',
  'disconnect.working': 'Disconnecting…',
  'disconnect.failed': 'QuickBooks is still connected: the disconnect didn’t go through. {message}',
  'disconnect.done': 'QuickBooks was disconnected.',

  'switch.title': 'Switch QuickBooks company?',
  'switch.lead':
    'You signed in to {to} on Intuit’s page, but this Exoserva account is connected to {from}. Nothing changes until you confirm.',
  'switch.from': 'Connected now',
  'switch.to': 'You picked',
  'switch.links':
    '{count} Exoserva records are linked to records in {from}. Switching moves or copies nothing between the two QuickBooks companies: what is in {from} stays there, and from now on records sync to {to}.',
  'switch.linksNone': 'No Exoserva records are linked to {from} yet, so switching moves nothing.',
  'switch.linksOne':
    '1 Exoserva record is linked to a record in {from}. Switching moves or copies nothing between the two QuickBooks companies: what is in {from} stays there, and from now on records sync to {to}.',
  'switch.expires': 'This request expires at {time}.',
  'switch.confirm': 'Switch to {to}',
  'switch.cancel': 'Keep {from}',
  'switch.working': 'Working…',
  'switch.failed': 'The switch didn’t go through. {message}',
  'switch.banner': 'A switch to {to} is waiting for your confirmation.',
  'switch.review': 'Review switch',
  'switch.done': 'Switched to {company}.',
  'switch.cancelled': 'Kept {company}. The other company was not connected.',

  'activity.title': 'Activity',
  'activity.description': 'Who connected, reconnected, switched or disconnected QuickBooks, and when.',
  'activity.empty': 'No activity yet.',
  'activity.loadError': 'The activity log couldn’t load.',
  'activity.viewAll': 'View all activity',
  'activity.back': 'Back to Connect',
  'activity.col.when': 'When',
  'activity.col.who': 'Who',
  'activity.col.action': 'Action',
  'activity.col.company': 'Company',
  'activity.system': 'Exoserva (automatic)',
  'activity.action.connect': 'Connected',
  'activity.action.reconnect': 'Reconnected',
  'activity.action.switch': 'Switched company',
  'activity.action.disconnect': 'Disconnected',
  'activity.action.needs_reconnect': 'Needs reconnect',

  'role.owner': 'Owner',
  'role.tenant_admin': 'Tenant Administrator',
  'role.dispatcher': 'Dispatcher',
  'role.technician': 'Technician',

  'announce.connected': 'QuickBooks is connected to {company}.',
  'announce.disconnected': 'QuickBooks is not connected.',
  'announce.needsReconnect': 'QuickBooks needs you to reconnect.',
  'announce.pendingSwitch': 'A QuickBooks company switch needs your confirmation.',
} as const;

export type MessageKey = keyof typeof en;
