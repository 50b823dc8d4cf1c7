import type { Loader, Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { roleHandlers, type Role } from '../src/test/bff-handlers.ts';
import { WizardStory, type StoryTheme } from '../src/test/wizard-story.tsx';
import { setupMsw } from './msw-setup.ts';

const baseMsw = mswLoader(setupMsw);

// The story's own handlers (parameters.msw.handlers), then the toolbar role's, which win.
const bffLoader: Loader = async (context) => {
  await baseMsw(context);
  const role = (context.globals.role ?? 'owner') as Role;
  const extra = roleHandlers(role);
  if (extra.length > 0) context.msw.use(...extra);
  return {};
};

const preview: Preview = {
  loaders: [bffLoader],
  globalTypes: {
    theme: {
      description: 'Host theme tokens',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light (defaults)' },
          { value: 'dark', title: 'Dark' },
          { value: 'brand', title: 'Host brand tokens' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Tenant locale',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en-US', title: 'English (en-US)' },
          { value: 'es-MX', title: 'Español (es-MX)' },
        ],
        dynamicTitle: true,
      },
    },
    role: {
      description: 'Signed-in Exoserva role',
      toolbar: {
        title: 'Role',
        icon: 'user',
        items: [
          { value: 'owner', title: 'Owner' },
          { value: 'tenant_admin', title: 'Tenant Administrator' },
          { value: 'technician', title: 'Technician' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en-US', role: 'owner' },
  parameters: {
    layout: 'fullscreen',
    a11y: { test: 'error' },
    viewport: {
      options: {
        narrow: { name: 'Narrow (360px)', styles: { width: '360px', height: '800px' } },
        tablet: { name: 'Tablet (768px)', styles: { width: '768px', height: '1024px' } },
        desktop: { name: 'Desktop (1280px)', styles: { width: '1280px', height: '900px' } },
      },
    },
  },
  // Every story is the whole wizard at a path; the toolbar's globals pick theme, locale and (via the loader) role.
  render: (_args, { parameters, globals }) => (
    <WizardStory
      key={`${globals.role}-${globals.locale}`}
      path={(parameters.wizardPath as string | undefined) ?? '/connect'}
      theme={(globals.theme ?? 'light') as StoryTheme}
      locale={(globals.locale ?? 'en-US') as string}
      width={parameters.wizardWidth as number | undefined}
    />
  ),
};

export default preview;
