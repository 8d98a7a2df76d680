// The colour of a recolourable icon in the context toolbar. Icons from the library are
// single-colour SVGs drawn in `currentColor`; the element's `colors.currentColor` sets it.
// The toolbar (toolbar.js) has no control for svg colours, so this module adds one at its
// start whenever the selection is one such icon, after each toolbar update.

import * as bridge from './bridge.js';
import { t, onLangChange } from './i18n.js';
import { $, h } from './ui.js';
import { colorPicker } from './pickers.js';

/** mountIconColor keeps the icon colour button in the context toolbar in step with Go. */
export function mountIconColor(shell) {
  const bar = $('ctx-bar');
  let btn = null;
  const colours = () => {
    const p = shell.props;
    const s = shell.selection || {};
    if (!p || p.count !== 1 || (p.types || []).join() !== 'svg' || s.locked || s.cropping) return null;
    const c = p.values?.colors;
    return c && typeof c === 'object' && typeof c.currentColor === 'string' ? c : null;
  };
  const build = () => {
    const b = h('button', { type: 'button', class: 'btn ghost color-button lib-icon-color', title: t('lib.iconColor'), 'aria-label': t('lib.iconColor') },
      h('span', { class: 'chip' }));
    b.addEventListener('click', () => {
      const c = colours();
      if (!c) return;
      colorPicker(b, {
        value: c.currentColor, title: t('lib.iconColor'),
        onPick: (v) => { if (v) bridge.tryDispatch('selection.set', { colors: { ...(colours() || {}), currentColor: v } }); },
      });
    });
    return b;
  };
  const sync = () => {
    const c = colours();
    if (!c) { btn?.remove(); return; }
    if (!btn) btn = build();
    if (btn.parentNode !== bar || bar.firstChild !== btn) bar.prepend(btn);
    btn.querySelector('.chip').style.background = c.currentColor;
  };
  // The toolbar rebuilds itself in the same message round: look once it is done.
  const later = () => queueMicrotask(sync);
  bridge.on('UpdateProperties', later);
  bridge.on('UpdateSelection', later);
  onLangChange(() => { btn?.remove(); btn = null; later(); });
}
