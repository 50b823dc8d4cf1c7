import css from './later-steps.css?inline';

/** The later steps' stylesheet as a <style> inside the wizard's root; its own chunk (routes/__root.tsx). */
export default function LaterStepStyles() {
  return <style>{css}</style>;
}
