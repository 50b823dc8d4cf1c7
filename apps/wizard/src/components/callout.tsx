import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon } from './icons.tsx';

type Tone = 'info' | 'success' | 'warning' | 'danger';

const ICONS: Record<Tone, typeof InfoIcon> = {
  info: InfoIcon,
  success: CheckIcon,
  warning: AlertIcon,
  danger: AlertIcon,
};

/** A bordered message block. `role` is left to the caller: errors that arrive unasked use role="alert". */
export function Callout({
  tone,
  title,
  children,
  actions,
  role,
  headingLevel = 3,
}: {
  tone: Tone;
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
  role?: 'alert' | 'status';
  headingLevel?: 3 | 4;
}) {
  const Icon = ICONS[tone];
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className={`exq-callout exq-callout--${tone}`} role={role}>
      <Icon className="exq-callout__icon" />
      <div className="exq-callout__body">
        {title && <Heading className="exq-callout__title">{title}</Heading>}
        {children && <div className="exq-callout__text">{children}</div>}
        {actions && <div className="exq-callout__actions">{actions}</div>}
      </div>
    </div>
  );
}
