import { Dialog, VisuallyHidden } from 'radix-ui';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { navigate } from '../../lib/router.tsx';
import { commands, filterCommands } from './commands.ts';

/** ⌘K / Ctrl+K anywhere in the shell. Type to filter, ↑/↓ to choose, Enter to go. */
export function CommandPalette() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className="topbar__search">
          <svg className="topbar__search-icon" width="16" height="16" viewBox="0 0 20 20" aria-hidden="true">
            <circle cx="9" cy="9" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <path d="M13 13l4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <span className="topbar__search-label">Search or jump to…</span>
          <kbd aria-hidden="true">⌘K</kbd>
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="palette__overlay" />
        <Dialog.Content className="palette" aria-describedby={undefined}>
          <VisuallyHidden.Root asChild>
            <Dialog.Title>Command palette</Dialog.Title>
          </VisuallyHidden.Root>
          {/* Remounted on every open so the query starts empty. */}
          {open && <PaletteBody onDone={() => setOpen(false)} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const results = filterCommands(commands, query);
  const activeIndex = Math.min(active, Math.max(results.length - 1, 0));

  const go = (index: number) => {
    const command = results[index];
    if (!command) return;
    onDone();
    navigate(command.path);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((activeIndex + 1) % Math.max(results.length, 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((activeIndex - 1 + results.length) % Math.max(results.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(activeIndex);
    }
  };

  return (
    <>
      <input
        className="palette__input"
        role="combobox"
        aria-label="Search commands"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={results.length ? `${listId}-${activeIndex}` : undefined}
        aria-autocomplete="list"
        placeholder="Search pages and settings…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <ul className="palette__list" role="listbox" id={listId} aria-label="Results">
        {results.map((command, index) => (
          <li
            key={command.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            className="palette__option"
            onMouseMove={() => setActive(index)}
            onClick={() => go(index)}
          >
            {command.label}
          </li>
        ))}
        {results.length === 0 && <li className="palette__empty">No matches for “{query}”.</li>}
      </ul>
      <p className="palette__hint">
        <kbd>↑</kbd> <kbd>↓</kbd> to choose · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
      </p>
    </>
  );
}
