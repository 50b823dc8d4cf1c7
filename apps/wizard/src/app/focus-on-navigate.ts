import type { AnyRouter } from '@tanstack/react-router';

const WAIT_MS = 5_000;

/**
 * After the wizard moves to another step (a link, the host's back/forward), focus goes to the new step's heading
 * so keyboard and screen-reader users start reading there instead of at the top of the host page. The heading may
 * arrive after the step's data does, so it is awaited briefly. The first load is left alone: the host decides
 * where focus is when its page opens.
 */
export function focusHeadingOnNavigate(router: AnyRouter, getRoot: () => HTMLElement | null): () => void {
  let stopWaiting: (() => void) | null = null;
  const unsubscribe = router.subscribe('onResolved', (event) => {
    if (!event.fromLocation || !event.pathChanged) return;
    stopWaiting?.();
    stopWaiting = focusWhenPresent(getRoot);
  });
  return () => {
    stopWaiting?.();
    unsubscribe();
  };
}

function findHeading(root: HTMLElement): HTMLElement | null {
  return root.querySelector<HTMLElement>('.exq-content h2');
}

function focusWhenPresent(getRoot: () => HTMLElement | null): () => void {
  const root = getRoot();
  if (!root) return () => {};
  const focus = (heading: HTMLElement) => {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  };
  const now = findHeading(root);
  if (now) {
    focus(now);
    return () => {};
  }
  const observer = new MutationObserver(() => {
    const heading = findHeading(root);
    if (!heading) return;
    stop();
    focus(heading);
  });
  const timer = window.setTimeout(() => stop(), WAIT_MS);
  const stop = () => {
    observer.disconnect();
    window.clearTimeout(timer);
  };
  observer.observe(root, { childList: true, subtree: true });
  return stop;
}
