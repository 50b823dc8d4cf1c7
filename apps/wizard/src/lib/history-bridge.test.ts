import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHistoryBridge, isUnderBasePath, toWizardPath } from './history-bridge.ts';

const base = '/settings/integrations/quickbooks';

afterEach(() => window.history.replaceState(null, '', '/'));

describe('history bridge', () => {
  it('starts at the browser path when it lies under the base path, so deep links work', () => {
    window.history.replaceState(null, '', `${base}/activity?x=1`);
    const { history } = createHistoryBridge(base);
    expect(history.location.pathname).toBe(`${base}/activity`);
    expect(history.location.search).toBe('?x=1');
  });

  it('starts at the base path when the page is somewhere else', () => {
    window.history.replaceState(null, '', '/dashboard');
    expect(createHistoryBridge(base).history.location.pathname).toBe(base);
  });

  it('mirrors wizard navigations to the address bar and reports wizard paths', () => {
    window.history.replaceState(null, '', `${base}/connect`);
    const bridge = createHistoryBridge(base);
    const onNavigate = vi.fn();
    const stop = bridge.connect(onNavigate);
    bridge.history.push(`${base}/activity`);
    expect(window.location.pathname).toBe(`${base}/activity`);
    expect(onNavigate).toHaveBeenLastCalledWith('/activity');
    bridge.history.replace(`${base}/connect`);
    expect(window.location.pathname).toBe(`${base}/connect`);
    stop();
  });

  it('follows back and forward under the base path and ignores the host elsewhere', () => {
    window.history.replaceState(null, '', `${base}/activity`);
    const bridge = createHistoryBridge(base);
    const stop = bridge.connect();
    window.history.replaceState(null, '', `${base}/connect`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(bridge.history.location.pathname).toBe(`${base}/connect`);
    window.history.replaceState(null, '', '/settings/users');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(bridge.history.location.pathname).toBe(`${base}/connect`);
    stop();
  });

  it('knows which paths belong to the wizard', () => {
    expect(isUnderBasePath(`${base}/x`, base)).toBe(true);
    expect(isUnderBasePath(`${base}x`, base)).toBe(false);
    expect(toWizardPath(base, base)).toBe('/');
    expect(toWizardPath(`${base}/connect`, `${base}/`)).toBe('/connect');
  });
});
