import { DropdownMenu } from 'radix-ui';
import { ROLE_LABELS, SESSION_ROLES, type SessionRole, type SessionState } from '../../lib/session.ts';

function initials(name: string) {
  return name
    .split(/\s+/)
    .map((part) => part[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** The signed-in user, and a switch to sign in as another role (fetches a new session). */
export function RoleSwitch({
  state,
  onSwitch,
}: {
  state: SessionState;
  onSwitch: (role: SessionRole) => void;
}) {
  const name = state.session?.user.name ?? 'Signing in…';
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        {/* Named by what it shows (axe: label-content-name-mismatch), plus what it opens. */}
        <button type="button" className="user-button">
          <span className="avatar" aria-hidden="true">
            {state.session ? initials(state.session.user.name) : '…'}
          </span>
          <span className="user-button__text">
            <span className="user-button__name">{name}</span>{' '}
            <span className="user-button__role">{ROLE_LABELS[state.role]}</span>{' '}
            <span className="visually-hidden">account menu</span>
          </span>
          <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M3 4.5l3 3 3-3" stroke="currentColor" strokeWidth="1.5" fill="none" />
          </svg>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu__label">Sign in as (demo)</DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={state.role}
            onValueChange={(value) => onSwitch(value as SessionRole)}
          >
            {SESSION_ROLES.map((role) => (
              <DropdownMenu.RadioItem key={role} value={role} className="menu__item">
                <DropdownMenu.ItemIndicator className="menu__indicator">✓</DropdownMenu.ItemIndicator>
                {ROLE_LABELS[role]}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
