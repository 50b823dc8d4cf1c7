import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import axe from 'axe-core';
import type { MswApi } from 'msw-storybook-addon/types';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import preview from '../.storybook/preview.tsx';

/**
 * Every story is a test: each *.stories.tsx is composed with the real Storybook preview (same MSW handlers, same
 * toolbar globals), rendered in jsdom, its `play` run, then checked with axe-core — a serious or critical
 * violation fails. Colour contrast needs a real renderer: the e2e axe run (e2e/test/guest-a11y.spec.ts) and
 * Storybook's a11y panel check it.
 */
const server = setupServer();
// Same interface for what stories use (use, resetHandlers); start/stop are never called on it.
globalThis.__exqMsw = server as unknown as MswApi;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

setProjectAnnotations([preview]);

type StoryModule = Parameters<typeof composeStories>[0];
type ComposedStory = { run: (context?: { canvasElement?: HTMLElement }) => Promise<void> };
const compose = (module: StoryModule, annotations?: Parameters<typeof composeStories>[1]) =>
  composeStories(module, annotations) as unknown as Record<string, ComposedStory>;
const modules = import.meta.glob<StoryModule>('./**/*.stories.tsx', { eager: true });

let canvas: HTMLElement | null = null;
afterEach(() => {
  canvas?.remove();
  canvas = null;
});

/** Lets loading states resolve; a story that stays loading (the Loading stories) is checked as it is. */
async function settle(root: HTMLElement) {
  const deadline = Date.now() + 1_000;
  while (root.querySelector('.exq-loading') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}

async function seriousViolations(root: HTMLElement) {
  const results = await axe.run(root, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function runStory(Story: ComposedStory) {
  canvas = document.createElement('div');
  document.body.append(canvas);
  await Story.run({ canvasElement: canvas });
  await settle(canvas);
  expect(canvas.querySelector('.exq-root')).not.toBeNull();
  expect(await seriousViolations(canvas)).toEqual([]);
}

for (const [file, module] of Object.entries(modules)) {
  describe(`stories in ${file}`, () => {
    for (const [name, Story] of Object.entries(compose(module))) {
      it(`${name} renders, plays and has no serious accessibility violation`, () => runStory(Story));
    }
  });
}

// The toolbar's other settings, once each on the two busiest screens: Spanish + dark, host brand + each role.
const variants = [
  { locale: 'es-MX', theme: 'dark', role: 'owner' },
  { locale: 'en-US', theme: 'brand', role: 'tenant_admin' },
  { locale: 'es-MX', theme: 'light', role: 'technician' },
] as const;
const connect = modules['./features/connection/components/connect-step.stories.tsx']!;
describe('stories under other toolbar globals', () => {
  for (const globals of variants) {
    const stories = compose(connect, { initialGlobals: globals });
    for (const name of ['Connected', 'NotConnected'] as const) {
      it(`${name} with ${globals.locale}, ${globals.theme}, ${globals.role}`, async () => {
        await runStory(stories[name]!);
        if (globals.locale === 'es-MX') expect(canvas!.textContent).toMatch(/QuickBooks|Conect|acceso/);
      });
    }
  }
});
