import { createModuleFederationConfig } from '@module-federation/vite';

/** The remote's public face. Hosts depend on `name` and the two exposes: change them only with a major bump. */
export const wizardFederation = createModuleFederationConfig({
  name: 'exoserva_qbo_wizard',
  filename: 'remoteEntry.js',
  exposes: {
    './mount': './src/mount.tsx',
    './Wizard': './src/wizard.tsx',
  },
  shared: {
    react: { singleton: true, requiredVersion: '^19.3.1' },
    'react-dom': { singleton: true, requiredVersion: '^19.3.1' },
  },
  // No type bundle or manifest: hosts load remoteEntry.js directly and type it with @exoserva/contracts.
  dts: false,
});
