import type { WizardMountProps } from '@exoserva/contracts';

export function Wizard(props: WizardMountProps) {
  return <div>spike {props.basePath}</div>;
}
