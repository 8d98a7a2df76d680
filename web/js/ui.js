// Small DOM helpers shared by the shell: element builder, icons, toasts, popovers, dialogs.

import { t } from './i18n.js';

/** $ returns the element with the given id. */
export const $ = (id) => document.getElementById(id);

/**
 * h builds an element: h('button', {class: 'btn', onclick: fn, 'aria-label': 'x'}, child…).
 * Children may be strings, nodes, arrays or null. Keys starting with "on" add listeners;
 * `dataset` and `style` take objects (CSSOM, so the page stays CSP-clean).
 */
export function h(tag, attrs, ...children) {
  const el = tag.includes(':') || tag === 'svg' || tag === 'use' || tag === 'path' || tag === 'rect' || tag === 'circle' || tag === 'ellipse' || tag === 'polygon' || tag === 'line'
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') Object.assign(el.style, v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** icon returns an SVG use of the interface sprite (#i-name). */
export function icon(name, cls = 'icon') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', 'icons.svg#i-' + name);
  svg.append(use);
  return svg;
}

/**
 * toast shows a short message at the bottom of the stage. opts: {error, action: {label, run},
 * timeout (ms, 0 keeps it)}. Returns a function that closes it.
 */
export function toast(message, opts = {}) {
  const box = $('toasts');
  const el = h('div', { class: 'toast' + (opts.error ? ' error' : ''), role: opts.error ? 'alert' : 'status' },
    h('span', {}, message));
  const close = () => el.remove();
  if (opts.action) {
    el.append(h('button', { class: 'btn sm', onclick: () => { close(); opts.action.run(); } }, opts.action.label));
  }
  el.append(h('button', { class: 'btn sm icon-only', 'aria-label': t('common.close'), onclick: close }, icon('x', 'icon sm')));
  box.append(el);
  const timeout = opts.timeout ?? (opts.error ? 9000 : 4500);
  if (timeout) setTimeout(close, timeout);
  return close;
}

let openPop = null;

/**
 * popover opens content under (or above) an anchor element, closes on outside click or Escape,
 * and returns focus to the anchor. Only one popover is open at a time.
 */
export function popover(anchor, content, { onClose, placement = 'below', className = '' } = {}) {
  closePopover();
  const pop = h('div', { class: 'popover ' + className, role: content?.getAttribute?.('role') === 'menu' ? 'presentation' : 'dialog' }, content);
  document.body.append(pop);
  const r = anchor.getBoundingClientRect();
  const pr = pop.getBoundingClientRect();
  let left = Math.min(Math.max(8, r.left), window.innerWidth - pr.width - 8);
  let top = placement === 'above' ? r.top - pr.height - 8 : r.bottom + 8;
  if (top + pr.height > window.innerHeight - 8) top = Math.max(8, r.top - pr.height - 8);
  pop.style.left = left + 'px';
  pop.style.top = top + 'px';
  anchor.setAttribute('aria-expanded', 'true');
  const onDown = (e) => {
    if (!pop.contains(e.target) && !anchor.contains(e.target)) closePopover();
  };
  const onKey = (e) => {
    if (e.key === 'Escape') { e.stopPropagation(); closePopover(); anchor.focus(); }
  };
  setTimeout(() => document.addEventListener('pointerdown', onDown, true));
  pop.addEventListener('keydown', onKey);
  openPop = {
    pop, close() {
      document.removeEventListener('pointerdown', onDown, true);
      anchor.setAttribute('aria-expanded', 'false');
      const hadFocus = pop.contains(document.activeElement);
      pop.remove();
      onClose?.();
      // Back to where the user was working: the text being edited, else the control.
      if (hadFocus) (document.getElementById('text-input').getAttribute('aria-hidden') === 'false' ? document.getElementById('text-input') : anchor).focus({ preventScroll: true });
    },
  };
  const first = pop.querySelector('input, button, select, [tabindex="0"]');
  first?.focus({ preventScroll: true });
  return pop;
}

/** closePopover closes the open popover, if any. */
export function closePopover() {
  const p = openPop;
  openPop = null;
  p?.close();
}

/** isPopoverOpen reports whether a popover is open. */
export const isPopoverOpen = () => openPop != null;

/**
 * showDialog fills the shared <dialog> with a title, body and footer buttons and opens it
 * modally. buttons: [{label, primary, run(dialog) → false keeps it open}]. Returns the dialog.
 */
export function showDialog(title, body, buttons = [], { onClose } = {}) {
  const dlg = $('dialog');
  dlg.replaceChildren(
    h('header', {}, h('h2', {}, title),
      h('button', { class: 'btn icon-only ghost', 'aria-label': t('common.close'), onclick: () => dlg.close() }, icon('x'))),
    h('div', { class: 'body' }, body),
    h('footer', {}, buttons.map((b) => h('button', {
      class: 'btn' + (b.primary ? ' primary' : ''), type: 'button', dataset: b.id ? { id: b.id } : undefined,
      onclick: async () => { if ((await b.run?.(dlg)) !== false) dlg.close(); },
    }, b.label))));
  const closed = () => { dlg.removeEventListener('close', closed); onClose?.(); };
  dlg.addEventListener('close', closed);
  dlg.showModal();
  return dlg;
}

/** confirmDialog asks a yes/no question; resolves true when confirmed. */
export function confirmDialog(title, text, okLabel) {
  return new Promise((resolve) => {
    let ok = false;
    showDialog(title, h('p', {}, text), [
      { label: t('common.cancel') },
      { label: okLabel, primary: true, run: () => { ok = true; } },
    ], { onClose: () => resolve(ok) });
  });
}

/** debounce returns fn delayed until `ms` after the last call; .flush() runs it now. */
export function debounce(fn, ms) {
  let timer = 0;
  const d = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = 0; fn(...args); }, ms);
  };
  d.flush = () => { if (timer) { clearTimeout(timer); timer = 0; fn(); } };
  d.pending = () => timer !== 0;
  return d;
}

/** isTextField reports whether a keyboard event target is a field that owns its keys. */
export function isTextField(el) {
  if (!el) return false;
  if (el.id === 'text-input') return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag === 'INPUT') return !['button', 'checkbox', 'radio', 'range', 'color', 'file'].includes(el.type);
  return false;
}
