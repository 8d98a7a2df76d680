// The context toolbar above the canvas: the main properties of the selection (Go's
// UpdateProperties), or of the page when nothing is selected. Controls are built when the kind
// of selection changes and updated in place otherwise, so typing a size never loses focus.

import * as bridge from './bridge.js';
import { t, label, formatNumber } from './i18n.js';
import { h, icon } from './ui.js';
import { colorPicker, fontPicker, sliderPop, menuPop, loadPreviewFont } from './pickers.js';
import { formatShortcut } from './shortcuts.js';

const SIZES = [8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72, 96, 120, 144, 200];
const HEADS = ['', 'arrow', 'triangle', 'circle', 'square', 'bar'];

/** Toolbar renders the context toolbar into its element. */
export class Toolbar {
  constructor(el, shell) {
    this.el = el;
    this.shell = shell;
    // Buttons do not take the focus from the text being edited (its selection stays visible
    // and typing continues after a click); the keyboard can still reach them with Tab.
    el.addEventListener('mousedown', (e) => {
      if (e.target.closest('button') && this.shell.editingText) e.preventDefault();
    });
    this.kind = '';
    this.props = { count: 0, types: [], values: {}, mixed: [] };
    this.controls = [];
    this.families = [];
  }

  /** v returns the shared value of a field (undefined when mixed or absent). */
  v(field) { return this.props.values?.[field]; }
  mixed(field) { return (this.props.mixed || []).includes(field); }

  /** set changes fields of the selection (of the text range while editing text styles). */
  set(fields, textStyle = false) {
    const editing = this.shell.editingText;
    if (textStyle && editing) bridge.tryDispatch('text.style', fields);
    else bridge.tryDispatch('selection.set', fields);
  }

  cmd(name, args) { bridge.tryDispatch(name, args); }

  update(props) {
    this.props = props || { count: 0, types: [], values: {}, mixed: [] };
    const s = this.shell.selection || {};
    const types = [...(this.props.types || [])].sort().join(',');
    const kind = [this.props.count > 1 ? 'multi' : this.props.count, types, s.editing ? 'edit' : '', s.cropping ? 'crop' : '',
      s.locked ? 'locked' : ''].join('|');
    if (kind !== this.kind) {
      this.kind = kind;
      this.build();
    }
    for (const c of this.controls) c();
  }

  /** rebuild forces the controls to be made again (language switch). */
  rebuild() { this.kind = ''; this.update(this.props); }

  btn(iconName, key, onclick, opts = {}) {
    const b = h('button', { type: 'button', class: 'btn ghost icon-only' + (opts.cls ? ' ' + opts.cls : ''), title: t(key) + (opts.shortcut ? ` (${opts.shortcut})` : ''),
      'aria-label': t(key), onclick, dataset: opts.data });
    b.append(icon(iconName));
    if (opts.pressed) {
      this.controls.push(() => b.setAttribute('aria-pressed', String(!!opts.pressed())));
    }
    return b;
  }

  sep() { return h('div', { class: 'sep', role: 'separator' }); }

  build() {
    this.controls = [];
    const p = this.props;
    const s = this.shell.selection || {};
    const types = new Set(p.types || []);
    const parts = [];
    if (!p.count) {
      parts.push(...this.pageControls());
    } else if (s.cropping) {
      parts.push(h('span', { class: 'label' }, t('tb.crop')), this.sep(),
        h('button', { type: 'button', class: 'btn primary', onclick: () => this.cmd('image.cropDone') }, icon('check'), t('tb.cropDone')),
        h('button', { type: 'button', class: 'btn ghost', onclick: () => this.cmd('image.cropReset') }, t('tb.cropReset')));
    } else if (s.locked) {
      parts.push(h('span', { class: 'label' }, icon('lock', 'icon sm'), ' ', t('tb.locked')), this.sep(),
        h('button', { type: 'button', class: 'btn ghost', onclick: () => this.cmd('selection.lock', { locked: false }) }, icon('lock-open'), t('tb.unlock')));
    } else {
      if (types.has('text') && types.size === 1) parts.push(...this.textControls());
      else if (types.has('text')) parts.push(...this.textControls(true));
      if (types.has('shape') || (types.has('svg') && types.size === 1)) parts.push(...this.fillControls(types));
      if (types.has('line') && types.size === 1) parts.push(...this.lineControls());
      if (types.has('image') && types.size === 1) parts.push(...this.imageControls());
      if (types.has('group') && p.count === 1) {
        parts.push(h('button', { type: 'button', class: 'btn ghost', onclick: () => this.cmd('selection.ungroup') }, icon('box-off'), t('tb.ungroup')));
      }
      if (p.count > 1) {
        parts.push(h('span', { class: 'label' }, t('tb.multi', { n: p.count })),
          h('button', { type: 'button', class: 'btn ghost', onclick: () => this.cmd('selection.group') }, icon('box-multiple'), t('tb.group')));
      }
      parts.push(h('div', { class: 'spacer' }));
      parts.push(...this.commonControls());
    }
    this.el.replaceChildren(...parts.filter(Boolean));
  }

  // ---------- Page (nothing selected) ----------
  pageControls() {
    const sizeBtn = h('button', { type: 'button', class: 'btn ghost', onclick: () => this.shell.openTab('page') });
    const bgBtn = h('button', { type: 'button', class: 'btn ghost color-button', title: t('tb.pageBg'), 'aria-label': t('tb.pageBg') },
      h('span', { class: 'chip' }));
    bgBtn.addEventListener('click', () => {
      const page = this.shell.currentPage();
      colorPicker(bgBtn, {
        value: typeof page?.background === 'string' ? page.background : '#ffffff', title: t('tb.pageBg'),
        onPick: (c, final) => this.cmd('page.setBackground', { background: c || '#ffffff' }),
      });
    });
    this.controls.push(() => {
      const page = this.shell.currentPage();
      if (!page) return;
      sizeBtn.replaceChildren(icon('file-description'), h('span', {}, this.shell.pageSizeText(page)));
      const chip = bgBtn.querySelector('.chip');
      chip.style.background = typeof page.background === 'string' ? page.background : page.background ? '' : '#ffffff';
    });
    return [h('span', { class: 'label' }, t('tb.pageSize')), sizeBtn, this.sep(), h('span', { class: 'label' }, t('tb.pageBg')), bgBtn,
      this.sep(), h('span', { class: 'label hint-text' }, t('tb.noSelection'))];
  }

  // ---------- Text ----------
  textControls(partial = false) {
    const out = [];
    const fontBtn = h('button', { type: 'button', class: 'btn font-button', 'aria-haspopup': 'listbox', title: t('tb.font') },
      h('span', {}), icon('chevron-down', 'icon sm'));
    fontBtn.addEventListener('click', () => fontPicker(fontBtn, {
      value: this.v('fontFamily'), families: this.families, extra: this.shell.documentFonts(),
      onPick: (f) => this.set({ fontFamily: f }, true),
    }));
    this.controls.push(() => {
      const f = this.mixed('fontFamily') ? '—' : this.v('fontFamily') || 'Roboto';
      const span = fontBtn.querySelector('span');
      span.textContent = f;
      const fam = this.families.find((x) => x.family === f);
      if (fam) loadPreviewFont(fam).then((ff) => { if (ff && span.textContent === f) span.style.fontFamily = `"Affiche preview ${f}", system-ui`; });
      else span.style.fontFamily = '';
    });
    out.push(fontBtn);

    const size = h('input', { type: 'number', min: 1, max: 1000, step: 1, 'aria-label': t('tb.fontSize'), title: t('tb.fontSize'), list: 'font-sizes' });
    const dl = h('datalist', { id: 'font-sizes' }, SIZES.map((n) => h('option', { value: n })));
    const setSize = (n) => { if (n > 0 && n <= 1000) this.set({ fontSize: Math.round(n * 10) / 10 }, true); };
    size.addEventListener('change', () => setSize(+size.value));
    size.addEventListener('keydown', (e) => { if (e.key === 'Enter') { setSize(+size.value); this.shell.refocus(); } });
    const step = (dir) => {
      const cur = +this.v('fontSize') || 24;
      const next = dir > 0 ? SIZES.find((n) => n > cur + 0.01) || Math.round(cur * 1.2) : [...SIZES].reverse().find((n) => n < cur - 0.01) || Math.max(1, Math.round(cur / 1.2));
      setSize(next);
    };
    const box = h('div', { class: 'size-box' },
      h('button', { type: 'button', title: t('tb.smaller'), 'aria-label': t('tb.smaller'), onclick: () => step(-1) }, icon('minus', 'icon sm')),
      size, dl,
      h('button', { type: 'button', title: t('tb.bigger'), 'aria-label': t('tb.bigger'), onclick: () => step(1) }, icon('plus', 'icon sm')));
    this.controls.push(() => {
      if (document.activeElement === size) return;
      size.value = this.mixed('fontSize') ? '' : formatNum(this.v('fontSize'));
      size.placeholder = this.mixed('fontSize') ? '—' : '';
    });
    out.push(box);

    const colorBtn = h('button', { type: 'button', class: 'btn ghost color-button', title: t('tb.textColor'), 'aria-label': t('tb.textColor') },
      h('span', { class: 'text-chip' }, 'A', h('i')));
    colorBtn.addEventListener('click', () => colorPicker(colorBtn, {
      value: this.v('color'), title: t('tb.textColor'), onPick: (c) => this.set({ color: c || '#000000' }, true),
    }));
    this.controls.push(() => { colorBtn.querySelector('i').style.background = this.mixed('color') ? 'linear-gradient(90deg,#e03131,#1c7ed6)' : this.v('color') || '#000'; });
    out.push(colorBtn);

    const toggle = (iconName, key, field, on, off, shortcut) => this.btn(iconName, key, () => {
      const cur = this.v(field);
      const active = field === 'fontWeight' ? (+cur || 400) >= 600 : !!cur;
      this.set({ [field]: active ? off : on }, true);
    }, { shortcut, pressed: () => (field === 'fontWeight' ? (+this.v(field) || 400) >= 600 : !!this.v(field)) });
    const mod = (k) => formatShortcut('Mod+' + k);
    out.push(toggle('bold', 'tb.bold', 'fontWeight', 700, 400, mod('B')), toggle('italic', 'tb.italic', 'italic', true, false, mod('I')),
      toggle('underline', 'tb.underline', 'underline', true, false, mod('U')), toggle('strikethrough', 'tb.strike', 'strikethrough', true, false));
    if (partial) return out;

    out.push(this.sep());
    const alignIcons = { left: 'align-left', center: 'align-center', right: 'align-right', justify: 'align-justified' };
    const alignBtn = h('button', { type: 'button', class: 'btn ghost icon-only', title: t('tb.align'), 'aria-label': t('tb.align') });
    alignBtn.addEventListener('click', () => {
      const order = ['left', 'center', 'right', 'justify'];
      const cur = this.v('align') || 'left';
      this.set({ align: order[(order.indexOf(cur) + 1) % order.length] });
    });
    this.controls.push(() => {
      const a = this.v('align') || 'left';
      alignBtn.replaceChildren(icon(alignIcons[a] || 'align-left'));
      alignBtn.title = t('tb.align') + ' : ' + t('tb.align' + a[0].toUpperCase() + a.slice(1));
    });
    out.push(alignBtn);
    const listBtn = (kind, iconName, key) => this.btn(iconName, key, () => this.cmd('text.list', { kind: this.v('list') === kind ? '' : kind }),
      { pressed: () => this.v('list') === kind });
    out.push(listBtn('bullet', 'list', 'tb.bullets'), listBtn('number', 'list-numbers', 'tb.numbers'));
    const spacing = this.btn('line-height', 'tb.spacing', () => sliderPop(spacing, [
      { label: t('tb.letterSpacing'), min: -0.2, max: 1, step: 0.01, value: +this.v('letterSpacing') || 0, onInput: (v) => this.set({ letterSpacing: v }, true) },
      { label: t('tb.lineHeight'), min: 0.5, max: 3, step: 0.05, value: +this.v('lineHeight') || 1.2, onInput: (v) => this.set({ lineHeight: v }) },
    ]));
    out.push(spacing);
    return out;
  }

  // ---------- Shapes and SVG ----------
  fillControls(types) {
    const out = [];
    const fillBtn = h('button', { type: 'button', class: 'btn ghost color-button', title: t('tb.fill'), 'aria-label': t('tb.fill') }, h('span', { class: 'chip' }));
    fillBtn.addEventListener('click', () => colorPicker(fillBtn, {
      value: typeof this.v('fill') === 'string' ? this.v('fill') : '', allowNone: true, title: t('tb.fill'),
      onPick: (c) => this.set({ fill: c || null }),
    }));
    this.controls.push(() => {
      const f = this.v('fill');
      fillBtn.querySelector('.chip').style.background = this.mixed('fill') ? '' : typeof f === 'string' ? f : f ? '' : '#fff';
    });
    if (!types.has('svg') || types.has('shape')) out.push(fillBtn);
    if (types.has('shape')) {
      const strokeBtn = this.btn('border-style-2', 'tb.stroke', () => this.strokePop(strokeBtn));
      out.push(strokeBtn);
      const radius = this.btn('border-radius', 'tb.radius', () => sliderPop(radius, [{
        label: t('tb.radius'), min: 0, max: 200, step: 1, value: +this.v('cornerRadius') || 0, onInput: (v) => this.set({ cornerRadius: v }),
      }]));
      if (this.v('shape') === 'rect' || this.v('shape') === undefined) out.push(radius);
    }
    if (types.size === 1 && types.has('svg')) out.push(...this.flipControls());
    return out;
  }

  strokePop(anchor) {
    const st = this.v('stroke') || null;
    const colorBtn = h('button', { type: 'button', class: 'btn', style: {} }, h('span', { class: 'chip-inline' }), t('tb.strokeColor'));
    sliderPop(anchor, [{
      label: t('tb.strokeWidth'), min: 0, max: 40, step: 0.5, value: st?.width || 0,
      onInput: (v) => this.set({ stroke: v > 0 ? { ...(this.v('stroke') || { color: '#000000' }), width: v } : null }),
    }], h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn', onclick: (e) => colorPicker(e.currentTarget, {
        value: st?.color || '#000000', title: t('tb.strokeColor'),
        onPick: (c) => this.set({ stroke: { ...(this.v('stroke') || { width: 2 }), color: c || '#000000' } }),
      }) }, icon('palette'), t('tb.strokeColor')),
      h('button', { type: 'button', class: 'btn ghost', onclick: () => this.set({ stroke: null }) }, t('tb.noStroke'))));
    void colorBtn;
  }

  // ---------- Lines ----------
  lineControls() {
    const out = [];
    const colorBtn = h('button', { type: 'button', class: 'btn ghost color-button', title: t('tb.strokeColor'), 'aria-label': t('tb.strokeColor') }, h('span', { class: 'chip' }));
    colorBtn.addEventListener('click', () => colorPicker(colorBtn, {
      value: this.v('stroke')?.color || '#000000', title: t('tb.strokeColor'),
      onPick: (c) => this.set({ stroke: { ...(this.v('stroke') || { width: 2 }), color: c || '#000000' } }),
    }));
    this.controls.push(() => { colorBtn.querySelector('.chip').style.background = this.v('stroke')?.color || '#000'; });
    const width = this.btn('line', 'tb.strokeWidth', () => sliderPop(width, [{
      label: t('tb.strokeWidth'), min: 0.5, max: 40, step: 0.5, value: this.v('stroke')?.width || 2,
      onInput: (v) => this.set({ stroke: { ...(this.v('stroke') || { color: '#000000' }), width: v } }),
    }]));
    const dash = this.btn('separator-horizontal', 'tb.dash', () => {
      const st = this.v('stroke') || { color: '#000000', width: 2 };
      this.set({ stroke: { ...st, dash: st.dash?.length ? undefined : [3, 2] } });
    }, { pressed: () => !!this.v('stroke')?.dash?.length });
    const ends = this.btn('arrow-narrow-right', 'tb.lineEnds', () => menuPop(ends, [
      { heading: t('head.start') },
      ...HEADS.map((hd) => ({ label: t('head.' + (hd || 'none')), pressed: (this.v('startHead') || '') === hd, run: () => this.set({ startHead: hd }) })),
      'sep', { heading: t('head.end') },
      ...HEADS.map((hd) => ({ label: t('head.' + (hd || 'none')), pressed: (this.v('endHead') || '') === hd, run: () => this.set({ endHead: hd }) })),
    ], 'heads-pop'));
    out.push(colorBtn, width, dash, ends);
    return out;
  }

  // ---------- Images ----------
  imageControls() {
    const crop = h('button', { type: 'button', class: 'btn ghost', onclick: () => this.startCrop() }, icon('crop'), t('tb.crop'));
    const radius = this.btn('border-radius', 'tb.radius', () => sliderPop(radius, [{
      label: t('tb.radius'), min: 0, max: 200, step: 1, value: +this.v('cornerRadius') || 0, onInput: (v) => this.set({ cornerRadius: v }),
    }]));
    return [crop, radius, ...this.flipControls()];
  }

  /** startCrop enters crop mode, telling Go the photo's natural size (the page decoded it). */
  startCrop() {
    const id = this.shell.selection?.ids?.[0];
    const src = id ? globalThis.affiche.elementSrc(id) : '';
    const [w, hh] = src ? globalThis.affiche.naturalSize(src) : [0, 0];
    this.cmd('image.crop', w > 0 ? { id, naturalWidth: w, naturalHeight: hh } : { id });
  }

  flipControls() {
    return [
      this.btn('flip-vertical', 'tb.flipH', () => this.set({ flipX: !this.v('flipX') }), { pressed: () => !!this.v('flipX') }),
      this.btn('flip-horizontal', 'tb.flipV', () => this.set({ flipY: !this.v('flipY') }), { pressed: () => !!this.v('flipY') }),
    ];
  }

  // ---------- Common: transparency, position, lock, duplicate, delete ----------
  commonControls() {
    const opacity = this.btn('droplet-half-2', 'tb.opacity', () => sliderPop(opacity, [{
      label: t('tb.opacity'), min: 0, max: 100, step: 1, value: Math.round((this.v('opacity') ?? 1) * 100),
      onInput: (v) => this.set({ opacity: v / 100 }),
    }]));
    const arrange = h('button', { type: 'button', class: 'btn ghost', 'aria-haspopup': 'menu' }, icon('stack-front'), t('tb.arrange'));
    arrange.addEventListener('click', () => this.shell.arrangeMenu(arrange));
    return [
      arrange, opacity,
      this.btn('lock', 'tb.lock', () => this.cmd('selection.lock', { locked: true })),
      this.btn('copy', 'tb.duplicate', () => this.cmd('selection.duplicate'), { shortcut: this.shell.cmdShortcut('selection.duplicate') }),
      this.btn('trash', 'tb.delete', () => this.cmd('selection.delete'), { shortcut: this.shell.cmdShortcut('selection.delete') }),
    ];
  }
}

function formatNum(v) {
  if (v == null || Number.isNaN(+v)) return '';
  return String(Math.round(+v * 10) / 10);
}

export { label, formatNumber };
