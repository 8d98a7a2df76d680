// Keyboard shortcuts as the user reads them: Go's registry writes "Mod+Shift+Z"; a French
// PC keyboard says "Ctrl+Maj+Z", a Mac "⌘⇧Z".

import { lang } from './i18n.js';

const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** formatShortcut writes a registry shortcut ("Mod+Shift+Z") for this keyboard and language. */
export function formatShortcut(sc) {
  const fr = lang === 'fr';
  const names = {
    Mod: MAC ? '⌘' : 'Ctrl', Shift: MAC ? '⇧' : fr ? 'Maj' : 'Shift', Alt: MAC ? '⌥' : 'Alt',
    Delete: fr ? 'Suppr' : 'Del', Backspace: '⌫', Escape: fr ? 'Échap' : 'Esc', Enter: fr ? 'Entrée' : 'Enter',
    ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', PageUp: fr ? 'Page préc.' : 'PgUp', PageDown: fr ? 'Page suiv.' : 'PgDn',
    '=': '+',
  };
  const parts = sc.endsWith('++') ? [...sc.slice(0, -2).split('+'), '+'] : sc.split('+');
  return parts.map((p) => names[p] || p).join(MAC ? '' : '+');
}

