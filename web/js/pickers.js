// Popovers of the context toolbar: colour picker, font picker (with previews in each font),
// sliders (opacity, spacing, stroke width, corner radius) and small menus.

import { t, label, formatNumber } from './i18n.js';
import { h, icon, popover, closePopover } from './ui.js';

/** PALETTE is the default colour set: neutrals, then calm and bright tones for posters. */
export const PALETTE = [
  '#000000', '#3f4654', '#8a94a6', '#d0d5dd', '#f2f4f7', '#ffffff', '#7a1f1f', '#c92a2a',
  '#e8590c', '#f59f00', '#fcc419', '#2b8a3e', '#37b24d', '#0c8599', '#1c7ed6', '#3b5bdb',
  '#000091', '#5f3dc4', '#ae3ec9', '#e64980', '#fab005', '#ffe8cc', '#d3f9d8', '#d0ebff',
];

const RECENT_KEY = 'affiche.recentColors';

function recentColors() {
  try { return JSON.parse(localStorage.getItem(RECENT_KEY)) || []; } catch { return []; }
}

function rememberColor(c) {
  if (!c || c === 'transparent') return;
  const list = [c, ...recentColors().filter((x) => x.toLowerCase() !== c.toLowerCase())].slice(0, 8);
  try { localStorage.setItem(RECENT_KEY, JSON.stringify(list)); } catch { /* ignore */ }
}

/** toHex turns a CSS colour into #rrggbb for <input type=color> (black when unknown). */
export function toHex(c) {
  if (typeof c !== 'string') return '#000000';
  if (/^#[0-9a-f]{6}$/i.test(c)) return c.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(c)) return '#' + [...c.slice(1)].map((x) => x + x).join('').toLowerCase();
  if (/^#[0-9a-f]{8}$/i.test(c)) return c.slice(0, 7).toLowerCase();
  const cx = document.createElement('canvas').getContext('2d');
  cx.fillStyle = '#000';
  cx.fillStyle = c;
  const v = cx.fillStyle;
  return /^#[0-9a-f]{6}$/i.test(v) ? v : '#000000';
}

/**
 * colorPicker opens a colour popover under anchor. opts: {value, allowNone, title,
 * onPick(colour|null, final)}. Live changes (dragging in the native picker) call onPick with
 * final=false.
 */
export function colorPicker(anchor, { value, allowNone = false, title, onPick }) {
  const cur = typeof value === 'string' ? value.toLowerCase() : '';
  const swatch = (c) => h('button', {
    type: 'button', 'aria-label': c, title: c, 'aria-pressed': String(cur === c.toLowerCase()),
    style: { background: c }, onclick: () => { rememberColor(c); onPick(c, true); closePopover(); },
  });
  const hex = h('input', { type: 'text', value: toHex(value), 'aria-label': t('color.custom'), maxlength: 9, spellcheck: 'false' });
  const native = h('input', { type: 'color', value: toHex(value), 'aria-label': t('color.custom') });
  native.addEventListener('input', () => { hex.value = native.value; onPick(native.value, false); });
  native.addEventListener('change', () => { rememberColor(native.value); onPick(native.value, true); });
  hex.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      const v = hex.value.trim();
      if (/^#?[0-9a-f]{3}([0-9a-f]{3})?([0-9a-f]{2})?$/i.test(v)) {
        const c = v.startsWith('#') ? v : '#' + v;
        rememberColor(c);
        onPick(c, true);
        closePopover();
      }
    }
  });
  const recent = recentColors();
  const content = h('div', { class: 'color-pop' },
    title && h('h4', {}, title),
    recent.length > 0 && [h('h4', {}, t('color.recent')), h('div', { class: 'swatches' }, recent.map(swatch))],
    h('h4', {}, t('color.default')),
    h('div', { class: 'swatches' },
      allowNone && h('button', { type: 'button', class: 'none', 'aria-label': t('color.none'), title: t('color.none'),
        'aria-pressed': String(!value || value === 'transparent'), onclick: () => { onPick(null, true); closePopover(); } }),
      PALETTE.map(swatch)),
    h('h4', {}, t('color.custom')),
    h('div', { class: 'custom' }, native, hex));
  return popover(anchor, content, { className: 'color-popover' });
}

const previewFaces = new Map(); // family → Promise<FontFace|null>

/** loadPreviewFont makes a family usable in CSS (for the font list), from its regular face. */
export function loadPreviewFont(fam) {
  if (previewFaces.has(fam.family)) return previewFaces.get(fam.family);
  const face = fam.faces.find((f) => f.style !== 'italic' && f.weight === 400) || fam.faces[0];
  const p = fetch(face.url)
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error('HTTP ' + r.status))))
    .then((buf) => new FontFace('Affiche preview ' + fam.family, buf).load())
    .then((ff) => { document.fonts.add(ff); return ff; })
    .catch(() => null);
  previewFaces.set(fam.family, p);
  return p;
}

const CATEGORIES = ['sans', 'serif', 'display', 'handwriting', 'mono'];

/**
 * fontPicker opens the font list: a search field and the families by category, each written
 * in its own font. opts: {value, families (catalogue), extra (document fonts), onPick(family)}.
 */
export function fontPicker(anchor, { value, families, extra = [], onPick }) {
  const search = h('input', { type: 'search', placeholder: t('font.search'), 'aria-label': t('font.search') });
  const list = h('div', { class: 'list', role: 'listbox', 'aria-label': t('tb.font') });
  const fams = families.filter((f) => f.category !== 'fallback');
  const options = [];
  const observer = new IntersectionObserver((entries) => {
    for (const en of entries) {
      if (!en.isIntersecting) continue;
      const el = en.target;
      observer.unobserve(el);
      const fam = fams.find((f) => f.family === el.dataset.family);
      if (fam) loadPreviewFont(fam).then((ff) => { if (ff) el.style.fontFamily = `"Affiche preview ${fam.family}", system-ui`; });
    }
  }, { root: list });
  const option = (name, fam) => {
    const el = h('button', {
      type: 'button', role: 'option', 'aria-selected': String(name === value), dataset: { family: name },
      title: fam ? label(fam.labels) : name, onclick: () => { onPick(name); closePopover(); },
    }, name);
    if (fam) observer.observe(el);
    options.push(el);
    return el;
  };
  const render = () => {
    const q = search.value.trim().toLowerCase();
    options.length = 0;
    list.replaceChildren();
    const match = (n) => !q || n.toLowerCase().includes(q);
    const ex = extra.filter(match);
    if (ex.length) list.append(h('h5', {}, t('font.cat.uploaded')), ...ex.map((n) => option(n, null)));
    for (const cat of CATEGORIES) {
      const items = fams.filter((f) => f.category === cat && match(f.family));
      if (items.length) list.append(h('h5', {}, t('font.cat.' + cat)), ...items.map((f) => option(f.family, f)));
    }
    if (!options.length) list.append(h('p', { class: 'hint' }, t('font.none')));
  };
  search.addEventListener('input', render);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); options[0]?.focus(); }
    if (e.key === 'Enter' && options.length) { e.preventDefault(); options[0].click(); }
  });
  list.addEventListener('keydown', (e) => {
    const i = options.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); options[Math.min(options.length - 1, i + 1)]?.focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); if (i <= 0) search.focus(); else options[i - 1].focus(); }
  });
  render();
  const pop = popover(anchor, h('div', { class: 'font-pop' }, search, list), {
    onClose: () => observer.disconnect(),
  });
  list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'center' });
  return pop;
}

/**
 * sliderPop opens sliders. rows: [{label, min, max, step, value, unit, format, onInput(v, final)}].
 */
export function sliderPop(anchor, rows, extra) {
  const content = h('div', { class: 'slider-pop' }, rows.map((r) => {
    const range = h('input', { type: 'range', min: r.min, max: r.max, step: r.step, value: r.value ?? r.min, 'aria-label': r.label });
    const num = h('input', { type: 'number', min: r.min, max: r.max, step: r.step, value: fmt(r.value ?? r.min, r), 'aria-label': r.label });
    range.addEventListener('input', () => { num.value = fmt(+range.value, r); r.onInput(+range.value, false); });
    range.addEventListener('change', () => r.onInput(+range.value, true));
    num.addEventListener('change', () => {
      const v = Math.min(r.max, Math.max(r.min, +num.value));
      if (!Number.isFinite(v)) return;
      range.value = v;
      r.onInput(v, true);
    });
    return h('label', { class: 'slider-row' }, h('span', {}, r.label), range, num);
  }), extra);
  return popover(anchor, content);
}

function fmt(v, r) {
  const d = r.step < 1 ? (r.step < 0.1 ? 2 : 1) : 0;
  return Number(v).toFixed(d);
}

/** menuPop opens a small menu: items [{icon, label, run, disabled, pressed}] or 'sep'. */
export function menuPop(anchor, items, className = '') {
  const content = h('div', { class: 'menu-pop ' + className, role: 'menu' }, items.map((it) => {
    if (it === 'sep') return h('div', { class: 'menu-sep', role: 'separator' });
    if (it.heading) return h('h4', { class: 'menu-heading' }, it.heading);
    return h('button', {
      type: 'button', class: 'menu-item', role: 'menuitem', disabled: it.disabled,
      'aria-pressed': it.pressed == null ? null : String(!!it.pressed),
      onclick: () => { closePopover(); it.run(); },
    }, it.icon && icon(it.icon), h('span', {}, it.label), it.shortcut && h('kbd', {}, it.shortcut));
  }));
  const pop = popover(anchor, content, { className: 'is-menu' });
  pop.addEventListener('keydown', (e) => {
    const items2 = [...pop.querySelectorAll('.menu-item:not(:disabled)')];
    const i = items2.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); items2[(i + 1) % items2.length]?.focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); items2[(i - 1 + items2.length) % items2.length]?.focus(); }
  });
  return pop;
}

export { formatNumber };
