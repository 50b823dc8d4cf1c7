import { MOUNT_CONTRACT_VERSION, type MountWizard } from '@exoserva/contracts';
import { createRoot } from 'react-dom/client';
import { Wizard } from './wizard.tsx';

/** Hosts compare this major with the one they were built against before calling `mount`. */
export const contractVersion = MOUNT_CONTRACT_VERSION;

/** The framework-agnostic entry: renders the wizard into `element` and returns the unmount. */
export const mount: MountWizard = (element, props) => {
  const root = createRoot(element);
  root.render(<Wizard {...props} />);
  return () => root.unmount();
};
