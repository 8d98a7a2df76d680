// The editor shell around the canvas: top bar (file menu, undo/redo, title, language, export),
// the left bar and its panels (text, shapes, uploads, page size), the context toolbar, the
// page strip and the status bar with the zoom. It shows what Go's messages say and turns clicks
// into Go commands; it keeps no copy of the document.

import * as bridge from './bridge.js';
import { t, lang, setLang, label, formatNumber, onLangChange, applyI18n } from './i18n.js';
import { $, h, icon, toast, closePopover, isPopoverOpen, showDialog } from './ui.js';
import { Toolbar } from './toolbar.js';
import { PageStrip } from './pages.js';
import { menuPop, colorPicker, PALETTE } from './pickers.js';
import { openExportDialog } from './exportdlg.js';
import { formatShortcut } from './shortcuts.js';

const ZOOM_MIN = 0.1, ZOOM_MAX = 8;
// PAGE_CONTENT_KEY remembers whether a new page size scales the design or keeps it in place.
const PAGE_CONTENT_KEY = 'affiche.pageContent';

/** Shell is the page around the canvas. */
export class Shell {
  constructor({ compositor, overlay, resources, files }) {
    this.compositor = compositor;
    this.overlay = overlay;
    this.resources = resources;
    this.files = files;
    this.doc = null; // last DocumentUpdate (a view of Go's document, for display only)
    this.selection = null;
    this.camera = null;
    this.enabled = {};
    this.history = {};
    this.editingText = false;
    this.toolbar = new Toolbar($('ctx-bar'), this);
    this.pages = new PageStrip($('page-strip'), this);
    this.setupTopbar();
    this.setupRail();
    this.setupPanels();
    // The library panels (templates, elements, photos) load beside the editor, not before it:
    // their modules stay off the path to the first editable frame.
    this.libraryReady = import('./library.js').then((m) => { this.library = m.mountLibrary(this); return this.library; })
      .catch((e) => console.warn('library panels', e));
    this.setupStatus();
    onLangChange(() => this.onLang());
  }

  label(key) { return t(key); }

  /** cmdLabel is the label of a command of Go's registry, in the interface language. */
  cmdLabel(name, fallbackKey) {
    const c = this.cmds?.get(name);
    return c ? label(c.label) : t(fallbackKey || name);
  }

  /** cmdShortcut is the first shortcut of a command, written for this keyboard and language. */
  cmdShortcut(name) {
    const sc = this.cmds?.get(name)?.shortcuts?.[0];
    return sc ? formatShortcut(sc) : '';
  }

  ready() {
    try {
      this.cmds = new Map(JSON.parse(globalThis.affiche.commands()).map((c) => [c.name, c]));
    } catch { this.cmds = new Map(); }
    this.renderSizes();
    this.renderUploads();
    this.toolbar.update(null);
  }

  // ---------- Go messages ----------
  onDocument(d) {
    this.doc = d;
    const title = $('doc-title');
    if (document.activeElement !== title) title.value = d.title || '';
    document.title = (d.title ? d.title + ' – ' : '') + 'Affiche';
    this.pages.update(d);
    this.updateStatus();
    if (!this.props?.count) this.toolbar.update(this.props);
    this.markSizeSelected();
  }

  onInvalidate(inv) { this.pages.invalidate(inv); }

  onCamera(c) {
    this.camera = c;
    const z = $('zoom-range');
    z.value = String(Math.round((Math.log(c.zoom / ZOOM_MIN) / Math.log(ZOOM_MAX / ZOOM_MIN)) * 100));
    $('zoom-value').textContent = `${Math.round(c.zoom * 100)} %`;
  }

  onSelection(s) {
    this.selection = s;
    this.editingText = !!s.editing;
    this.updateStatus();
    if (this.props) this.toolbar.update(this.props); // crop and lock modes change the toolbar
  }

  onProperties(p) {
    this.props = p;
    this.toolbar.update(p);
  }

  onHistory(hs) {
    this.history = hs;
    const u = $('undo'), r = $('redo');
    u.disabled = !hs.canUndo;
    r.disabled = !hs.canRedo;
    const sep = lang === 'fr' ? ' : ' : ': ';
    u.title = this.cmdLabel('history.undo', 'cmd.undo') + (hs.undoLabel ? sep + label(hs.undoLabel) : '') + ` (${this.cmdShortcut('history.undo')})`;
    r.title = this.cmdLabel('history.redo', 'cmd.redo') + (hs.redoLabel ? sep + label(hs.redoLabel) : '') + ` (${this.cmdShortcut('history.redo')})`;
  }

  onCommands(c) { this.enabled = { ...this.enabled, ...c.enabled }; }

  onTool(tl) {
    this.tool = tl;
    $('stage').dataset.tool = tl.tool;
  }

  onTextEdit(te) {
    const editing = !!(te && te.id);
    if (editing !== this.editingText) {
      this.editingText = editing;
    }
  }

  setFontCatalogue(families) { this.toolbar.families = families || []; }

  /** documentFonts lists the families the document brings (uploaded fonts). */
  documentFonts() {
    let fonts = [];
    try { fonts = JSON.parse(globalThis.affiche.documentFonts()) || []; } catch { /* none */ }
    return fonts.map((f) => f.family).filter((v, i, a) => a.indexOf(v) === i);
  }

  currentPage() { return this.doc?.pages?.[this.doc.currentIndex] || null; }

  refocus() {
    if (this.editingText) $('text-input').focus({ preventScroll: true });
    else $('stage').focus({ preventScroll: true });
  }

  closeMenus() {
    const m = $('file-menu');
    if (!m.hidden) this.toggleFileMenu(false);
    if (isPopoverOpen()) closePopover();
  }

  showError(e) {
    const msg = e?.text ? e.text(lang) : (lang === 'fr' && e?.messageFr) || e?.message || String(e);
    toast(msg, { error: true });
  }

  resourceError(kind, url, e) {
    if (kind === 'image') toast(t('err.image', { name: shortName(url) }), { error: true });
    else if (kind === 'font') console.warn('font', url, e);
  }

  // ---------- Top bar ----------
  setupTopbar() {
    const btn = $('file-menu-button');
    btn.addEventListener('click', () => this.toggleFileMenu());
    btn.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') { e.preventDefault(); this.toggleFileMenu(true); }
    });
    const menu = $('file-menu');
    menu.addEventListener('keydown', (e) => {
      const items = [...menu.querySelectorAll('[role="menuitem"]:not(:disabled)')];
      const i = items.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
      if (e.key === 'Escape') { e.preventDefault(); this.toggleFileMenu(false); btn.focus(); }
      if (e.key === 'Tab') this.toggleFileMenu(false);
    });
    document.addEventListener('pointerdown', (e) => {
      if (!menu.hidden && !menu.contains(e.target) && !btn.contains(e.target)) this.toggleFileMenu(false);
    });
    for (const el of document.querySelectorAll('[data-action]')) {
      el.addEventListener('click', () => {
        this.toggleFileMenu(false);
        this.action(el.dataset.action);
      });
    }
    for (const el of document.querySelectorAll('[data-command]')) {
      el.addEventListener('click', () => this.command(el.dataset.command));
    }
    const title = $('doc-title');
    title.addEventListener('change', () => bridge.tryDispatch('document.set', { title: title.value.trim() }));
    title.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); title.blur(); this.refocus(); }
      if (e.key === 'Escape') { title.value = this.doc?.title || ''; title.blur(); this.refocus(); }
    });
    for (const b of document.querySelectorAll('.lang-switch button')) {
      b.addEventListener('click', () => setLang(b.dataset.lang));
    }
    this.syncLangButtons();
    this.syncShortcuts();
  }

  /** syncShortcuts writes the menu's shortcuts for this keyboard and language. */
  syncShortcuts() {
    for (const k of document.querySelectorAll('kbd[data-shortcut]')) k.textContent = formatShortcut(k.dataset.shortcut);
  }

  syncLangButtons() {
    for (const b of document.querySelectorAll('.lang-switch button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  }

  toggleFileMenu(open) {
    const menu = $('file-menu'), btn = $('file-menu-button');
    const show = open ?? menu.hidden;
    menu.hidden = !show;
    btn.setAttribute('aria-expanded', String(show));
    if (show) menu.querySelector('[role="menuitem"]')?.focus();
  }

  /** command maps the shell's buttons to Go commands. */
  command(name) {
    const map = { undo: 'history.undo', redo: 'history.redo', 'zoom.in': 'view.zoomIn', 'zoom.out': 'view.zoomOut', 'zoom.fit': 'view.fit' };
    if (name === 'page.add') {
      this.addPage();
      return;
    }
    bridge.tryDispatch(map[name] || name);
    this.refocus();
  }

  action(name) {
    switch (name) {
      case 'file.new': this.files.newDocument(); break;
      case 'file.open': this.files.open(); break;
      case 'file.importPolotno': this.files.open({ polotno: true }); break;
      case 'file.save': this.files.save(); break;
      case 'file.saveSelfContained': this.files.saveSelfContained(); break;
      case 'file.export': openExportDialog(this); break;
    }
  }

  /** shortcut handles the page's own shortcuts (files, export); true when used. */
  shortcut(e) {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || e.altKey) return false;
    const k = e.key.toLowerCase();
    if (k === 's' && e.shiftKey) { this.files.saveSelfContained(); return true; }
    if (k === 's') { this.files.save(); return true; }
    if (k === 'o') { this.files.open(); return true; }
    if (k === 'e') { openExportDialog(this); return true; }
    return false;
  }

  /** beforeKey opens the shortcuts list with "?" (when no field has the focus). */
  beforeKey(e, up) {
    if (!up && e.key === '?' && !e.ctrlKey && !e.metaKey && !this.editingText) {
      e.preventDefault();
      this.shortcutsDialog();
      return true;
    }
    return false;
  }

  // ---------- Rail and panels ----------
  setupRail() {
    const rail = document.querySelector('.rail-tabs');
    const tabs = () => [...rail.querySelectorAll('[role="tab"]')];
    const select = (tab, focus) => {
      for (const x of tabs()) {
        const on = x === tab;
        x.setAttribute('aria-selected', String(on));
        x.tabIndex = on ? 0 : -1;
        $(x.getAttribute('aria-controls')).hidden = !on;
      }
      $('app').classList.remove('panel-closed');
      if (focus) tab.focus();
      tab.dispatchEvent(new CustomEvent('affiche:open-panel', { bubbles: true }));
    };
    rail.addEventListener('click', (e) => {
      const tab = e.target.closest('[role="tab"]');
      if (!tab) return;
      if (tab.getAttribute('aria-selected') === 'true' && !$('app').classList.contains('panel-closed')) {
        $('app').classList.add('panel-closed'); // a second click folds the panel away
        return;
      }
      select(tab);
    });
    rail.addEventListener('keydown', (e) => {
      const list = tabs();
      const i = list.indexOf(e.target.closest('[role="tab"]'));
      if (i < 0) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); select(list[(i + 1) % list.length], true); }
      if (e.key === 'ArrowUp') { e.preventDefault(); select(list[(i - 1 + list.length) % list.length], true); }
    });
    this.selectTab = (name) => select($('tab-' + name));
  }

  /**
   * addPanel adds a tab to the left bar, before "Page", with its panel — the slot the photo
   * and icon libraries plug into. spec: {id, icon (sprite name), labelKey (i18n key), render
   * (section element; called once, the first time the panel opens)}. Returns the section.
   */
  addPanel({ id, icon: iconName, labelKey, render }) {
    const tab = h('button', { role: 'tab', id: 'tab-' + id, 'aria-controls': 'panel-' + id, 'aria-selected': 'false', tabindex: '-1' },
      icon(iconName), h('span', { dataset: { i18n: labelKey } }, t(labelKey)));
    const section = h('section', { role: 'tabpanel', id: 'panel-' + id, 'aria-labelledby': 'tab-' + id, class: 'panel-body', hidden: true });
    $('tab-page').before(tab);
    $('panel-page').before(section);
    let rendered = false;
    tab.addEventListener('affiche:open-panel', () => {
      if (!rendered) { rendered = true; render(section); }
    });
    return section;
  }


  openTab(name) { this.selectTab(name); }

  setupPanels() {
    for (const b of document.querySelectorAll('[data-add]')) {
      b.addEventListener('click', () => this.addPreset(b.dataset.add));
    }
    const shapes = [
      ['rect', 'shape.rect', '<rect class="f" x="2" y="8" width="36" height="24"/>', { shape: 'rect' }],
      ['rounded', 'shape.rounded', '<rect class="f" x="2" y="8" width="36" height="24" rx="7"/>', { shape: 'rect', rounded: true }],
      ['ellipse', 'shape.ellipse', '<circle class="f" cx="20" cy="20" r="16"/>', { shape: 'ellipse' }],
      ['triangle', 'shape.triangle', '<polygon class="f" points="20,4 37,35 3,35"/>', { shape: 'triangle' }],
      ['polygon', 'shape.polygon', '<polygon class="f" points="20,3 35,11.5 35,28.5 20,37 5,28.5 5,11.5"/>', { shape: 'polygon', sides: 6 }],
      ['star', 'shape.star', '<polygon class="f" points="20,3 24.9,14.2 37,15.3 27.8,23.3 30.6,35.2 20,28.9 9.4,35.2 12.2,23.3 3,15.3 15.1,14.2"/>', { shape: 'star', sides: 5 }],
      ['arrow', 'shape.arrow', '<polygon class="f" points="2,14 24,14 24,6 38,20 24,34 24,26 2,26"/>', { shape: 'arrow' }],
    ];
    const grid = $('shape-grid');
    for (const [id, key, svg, props] of shapes) {
      const b = h('button', { type: 'button', title: t(key), 'aria-label': t(key), dataset: { i18nTitle: key, i18nAriaLabel: key } });
      b.append(svgFrom(svg));
      b.addEventListener('click', () => this.addShape(props));
      grid.append(b);
      void id;
    }
    const lines = [
      ['shape.line', '<line class="s" x1="3" y1="20" x2="37" y2="20"/>', {}],
      ['shape.lineArrow', '<line class="s" x1="3" y1="20" x2="35" y2="20"/><polyline class="s" points="27,12 35,20 27,28"/>', { endHead: 'arrow' }],
      ['shape.lineDouble', '<line class="s" x1="5" y1="20" x2="35" y2="20"/><polyline class="s" points="27,12 35,20 27,28"/><polyline class="s" points="13,12 5,20 13,28"/>', { startHead: 'arrow', endHead: 'arrow' }],
      ['shape.lineDashed', '<line class="s" x1="3" y1="20" x2="37" y2="20" stroke-dasharray="6 5"/>', { dash: [3, 2] }],
    ];
    const lgrid = $('line-grid');
    for (const [key, svg, props] of lines) {
      const b = h('button', { type: 'button', title: t(key), 'aria-label': t(key), dataset: { i18nTitle: key, i18nAriaLabel: key } });
      b.append(svgFrom(svg));
      b.addEventListener('click', () => this.addLine(props));
      lgrid.append(b);
    }
    $('upload-button').addEventListener('click', () => $('upload-input').click());
    $('upload-input').addEventListener('change', (e) => {
      const files = [...e.target.files];
      e.target.value = '';
      this.files.importFiles(files);
    });
    $('custom-size').addEventListener('submit', (e) => {
      e.preventDefault();
      const unit = $('page-unit').value;
      const k = { mm: 72 / 25.4, cm: 72 / 2.54, in: 72, px: 1, pt: 1 }[unit];
      const w = +$('page-w').value * k, hh = +$('page-h').value * k;
      if (w > 0 && hh > 0) bridge.tryDispatch('page.setSize', { width: w, height: hh, content: this.pageContentMode() });
    });
    this.setupPageContentChoice();
    const bg = $('page-bg');
    for (const c of ['#ffffff', ...PALETTE.filter((x) => x !== '#ffffff').slice(0, 14)]) {
      bg.append(h('button', { type: 'button', title: c, 'aria-label': c, style: { background: c },
        onclick: () => bridge.tryDispatch('page.setBackground', { background: c }) }));
    }
    const more = h('button', { type: 'button', class: 'more-colors', title: t('color.custom'), 'aria-label': t('color.custom'), dataset: { i18nTitle: 'color.custom' } });
    more.addEventListener('click', () => colorPicker(more, {
      value: typeof this.currentPage()?.background === 'string' ? this.currentPage().background : '#ffffff',
      onPick: (c) => bridge.tryDispatch('page.setBackground', { background: c || '#ffffff' }),
    }));
    bg.append(more);
  }

  /**
   * setupPageContentChoice puts, above the page sizes, the choice of what a new size does to
   * the design: scale it to the new page (the default, as users of other design tools expect)
   * or keep the elements where they are. The choice is remembered in this browser.
   */
  setupPageContentChoice() {
    const mode = this.pageContentMode();
    const page = '<rect class="pg" x="6.5" y="3.5" width="27" height="33" rx="1.5"/>';
    const pictos = {
      scale: page + '<rect class="f" x="10" y="8" width="20" height="4" rx="1"/><rect class="f soft" x="10" y="15" width="20" height="14" rx="1"/>',
      keep: page + '<rect class="old" x="8.5" y="5.5" width="15" height="18.5"/><rect class="f" x="10.5" y="7.5" width="11" height="2.5" rx=".8"/><rect class="f soft" x="10.5" y="12" width="11" height="8.5" rx=".8"/>',
    };
    const option = (value) => {
      const key = value === 'scale' ? 'panel.page.contentScale' : 'panel.page.contentKeep';
      const input = h('input', { type: 'radio', name: 'page-content', value, checked: mode === value || null });
      input.addEventListener('change', () => {
        if (!input.checked) return;
        try { localStorage.setItem(PAGE_CONTENT_KEY, value); } catch { /* private mode: this session only */ }
        this.pageContent = value;
      });
      return h('label', { dataset: { content: value } }, input, svgFrom(pictos[value]),
        h('strong', { dataset: { i18n: key } }, t(key)),
        h('small', { dataset: { i18n: key + 'Hint' } }, t(key + 'Hint')));
    };
    const title = h('h3', { id: 'page-content-title', dataset: { i18n: 'panel.page.content' } }, t('panel.page.content'));
    const choice = h('div', { class: 'choice-cards page-content-choice', id: 'page-content', role: 'radiogroup', 'aria-labelledby': 'page-content-title' },
      option('scale'), option('keep'));
    $('panel-page').querySelector('h2').after(title, choice);
  }

  /** pageContentMode is what a new page size does to the design: "scale" or "keep". */
  pageContentMode() {
    if (!this.pageContent) {
      let saved = null;
      try { saved = localStorage.getItem(PAGE_CONTENT_KEY); } catch { /* no storage */ }
      this.pageContent = saved === 'keep' ? 'keep' : 'scale';
    }
    return this.pageContent;
  }

  /** viewCenter returns the centre of the visible part of the page, in points. */
  viewCenter() {
    const page = this.currentPage();
    const c = this.camera;
    if (!page || !c) return { x: 300, y: 420 };
    let x = (c.viewportWidth / 2 - c.panX) / c.zoom, y = (c.viewportHeight / 2 - c.panY) / c.zoom;
    x = Math.min(Math.max(x, page.width * 0.1), page.width * 0.9);
    y = Math.min(Math.max(y, page.height * 0.1), page.height * 0.9);
    return { x, y };
  }

  /** add creates an element centred in view (or at a page point) and selects it. */
  add(el, at) {
    const c = at || this.viewCenter();
    const { type, shape, width, height, text, src, naturalWidth, naturalHeight, ...props } = el;
    const args = { type, x: c.x - width / 2, y: c.y - height / 2, width, height };
    if (shape) args.shape = shape;
    if (text != null) args.text = text;
    if (src) Object.assign(args, { src, naturalWidth, naturalHeight });
    if (Object.keys(props).length) args.props = props;
    const res = bridge.tryDispatch('element.add', args);
    this.refocus();
    return res;
  }

  addPreset(kind) {
    const page = this.currentPage();
    const scale = page ? Math.max(0.5, Math.min(3, Math.min(page.width, page.height) / 595)) : 1;
    const presets = {
      'text-title': { size: 48, weight: 700, text: t('text.title') },
      'text-subtitle': { size: 28, weight: 600, text: t('text.subtitle') },
      'text-body': { size: 16, weight: 400, text: t('text.body') },
    };
    const p = presets[kind];
    if (!p) return;
    const size = Math.round(p.size * scale);
    const width = Math.round(Math.min((page?.width || 595) * 0.8, p.text.length * size * 0.62 + size));
    this.add({ type: 'text', width, height: Math.round(size * 1.25), fontSize: size, fontWeight: p.weight, text: p.text, align: 'center' });
  }

  addShape(props) {
    const page = this.currentPage();
    const s = Math.round(Math.min(page?.width || 595, page?.height || 842) * 0.3);
    const wide = props.shape === 'rect' || props.shape === 'arrow';
    const { rounded, ...rest } = props;
    this.add({ type: 'shape', width: wide ? Math.round(s * 1.4) : s, height: s, fill: '#3b5bdb', ...rest,
      ...(rounded ? { cornerRadius: Math.round(s * 0.18) } : {}) });
  }

  addLine(props) {
    const page = this.currentPage();
    const w = Math.round((page?.width || 595) * 0.4);
    const { dash, ...rest } = props;
    const width = Math.max(2, Math.round((page?.width || 595) / 200));
    this.add({ type: 'line', width: w, height: width * 6, stroke: { color: '#1c2230', width, ...(dash ? { dash } : {}) }, ...rest });
  }

  addImage(item, at) {
    const page = this.currentPage();
    const max = Math.min(page?.width || 595, page?.height || 842) * 0.6;
    let w = item.width || 400, hh = item.height || 300;
    const k = Math.min(1, max / Math.max(w, hh));
    w *= k; hh *= k;
    return this.add({ type: item.kind === 'svg' ? 'svg' : 'image', src: item.url, naturalWidth: item.width, naturalHeight: item.height,
      width: Math.round(w), height: Math.round(hh) }, at);
  }

  addPage() {
    bridge.tryDispatch('page.add', {});
  }

  /** renderSizes fills the page-size list from scene.PaperSizes (through Go). */
  renderSizes() {
    let sizes = [];
    try { sizes = JSON.parse(globalThis.affiche.paperSizes()); } catch { /* older wasm */ }
    this.sizes = sizes;
    const list = $('size-list');
    list.replaceChildren();
    for (const cat of ['print', 'screen']) {
      list.append(h('h3', {}, t(cat === 'print' ? 'panel.page.print' : 'panel.page.screen')));
      for (const s of sizes.filter((x) => x.category === cat)) {
        const r = Math.max(s.width, s.height);
        const box = h('i', { style: { width: Math.round((s.width / r) * 16) + 'px', height: Math.round((s.height / r) * 16) + 'px' } });
        const opt = h('button', { type: 'button', role: 'option', 'aria-selected': 'false', dataset: { size: s.id } },
          h('span', { class: 'ratio' }, box), h('span', {}, label(s.label)),
          // Presets named with their size ("Story (1080 × 1920)") need no second mention of it.
          !label(s.label).includes('×') && h('span', { class: 'dims' }, sizeText(s.width, s.height, s.unit)));
        opt.addEventListener('click', () => {
          const page = this.currentPage();
          const landscape = page && page.width > page.height && s.width !== s.height;
          bridge.tryDispatch('page.setSize', { preset: s.id, landscape, content: this.pageContentMode() });
        });
        list.append(opt);
      }
    }
    this.markSizeSelected();
  }

  markSizeSelected() {
    const page = this.currentPage();
    if (!page || !this.sizes) return;
    let found = null;
    for (const s of this.sizes) {
      const same = (Math.abs(s.width - page.width) < 0.5 && Math.abs(s.height - page.height) < 0.5) ||
        (Math.abs(s.width - page.height) < 0.5 && Math.abs(s.height - page.width) < 0.5);
      if (same && !found) found = s.id;
    }
    for (const o of $('size-list').querySelectorAll('[role="option"]')) o.setAttribute('aria-selected', String(o.dataset.size === found));
    const unit = this.doc?.unit && this.doc.unit !== 'pt' ? this.doc.unit : 'mm';
    const k = { mm: 72 / 25.4, cm: 72 / 2.54, in: 72, px: 1 }[unit] || 72 / 25.4;
    if (document.activeElement?.closest?.('#custom-size')) return;
    $('page-unit').value = unit;
    $('page-w').value = +(page.width / k).toFixed(unit === 'px' ? 0 : 1);
    $('page-h').value = +(page.height / k).toFixed(unit === 'px' ? 0 : 1);
  }

  /** pageSizeText names a page's size: its preset's name or its dimensions. */
  pageSizeText(page) {
    const s = (this.sizes || []).find((x) => (Math.abs(x.width - page.width) < 0.5 && Math.abs(x.height - page.height) < 0.5) ||
      (Math.abs(x.width - page.height) < 0.5 && Math.abs(x.height - page.width) < 0.5));
    if (s) {
      // A preset named with its size ("Affiche 40 × 60 cm") needs no dimensions after it.
      const name = label(s.label);
      return name.includes('×') ? name : `${name} · ${sizeText(page.width, page.height, s.unit)}`;
    }
    const unit = this.doc?.unit && this.doc.unit !== 'pt' ? this.doc.unit : 'mm';
    return sizeText(page.width, page.height, unit);
  }

  async renderUploads() {
    const grid = $('upload-grid');
    let items = [];
    try { items = await this.files.listUploads(); } catch { /* private browsing */ }
    grid.replaceChildren();
    if (!items.length) {
      grid.append(h('p', { class: 'hint' }, t('panel.uploads.empty')));
      return;
    }
    for (const it of items.filter((x) => x.kind !== 'font')) {
      const b = h('button', { type: 'button', title: it.name, 'aria-label': it.name }, h('img', { src: it.thumb || it.url, alt: '', loading: 'lazy' }));
      b.addEventListener('click', () => this.addImage(it));
      b.draggable = true;
      b.addEventListener('dragstart', (e) => {
        e.dataTransfer.setData('application/x-affiche-upload', JSON.stringify(it));
        e.dataTransfer.effectAllowed = 'copy';
      });
      grid.append(b);
    }
  }

  // ---------- Arrange menu ----------
  arrangeMenu(anchor) {
    const en = (n) => this.enabled[n] !== false;
    const items = [
      ...['front', 'forward', 'backward', 'back'].map((z) => ({
        icon: 'stack-' + z, label: this.cmdLabel('selection.' + z, 'tb.' + z), shortcut: this.cmdShortcut('selection.' + z),
        run: () => bridge.tryDispatch('selection.' + z), disabled: !en('selection.' + z),
      })),
      'sep', { heading: t((this.selection?.ids?.length || 0) > 1 ? 'tb.alignSel' : 'tb.alignToPage') },
      { icon: 'layout-align-left', label: t('tb.alignLeftEdges'), run: () => bridge.tryDispatch('selection.align', { edge: 'left' }) },
      { icon: 'layout-align-center', label: t('tb.alignHCenter'), run: () => bridge.tryDispatch('selection.align', { edge: 'center' }) },
      { icon: 'layout-align-right', label: t('tb.alignRightEdges'), run: () => bridge.tryDispatch('selection.align', { edge: 'right' }) },
      { icon: 'layout-align-top', label: t('tb.alignTop'), run: () => bridge.tryDispatch('selection.align', { edge: 'top' }) },
      { icon: 'layout-align-middle', label: t('tb.alignVMiddle'), run: () => bridge.tryDispatch('selection.align', { edge: 'middle' }) },
      { icon: 'layout-align-bottom', label: t('tb.alignBottom'), run: () => bridge.tryDispatch('selection.align', { edge: 'bottom' }) },
    ];
    if ((this.selection?.ids?.length || 0) >= 3) {
      items.push('sep',
        { icon: 'layout-distribute-horizontal', label: t('tb.distributeH'), run: () => bridge.tryDispatch('selection.distribute', { axis: 'horizontal' }) },
        { icon: 'layout-distribute-vertical', label: t('tb.distributeV'), run: () => bridge.tryDispatch('selection.distribute', { axis: 'vertical' }) });
    }
    menuPop(anchor, items, 'arrange-pop');
  }

  /** contextMenu opens the right-click menu of the canvas. */
  contextMenu(e) {
    const en = (n) => this.enabled[n] !== false;
    const anchor = h('span', { class: 'ctx-anchor', style: { position: 'fixed', left: e.clientX + 'px', top: e.clientY + 'px', width: '1px', height: '1px' } });
    document.body.append(anchor);
    const has = (this.selection?.ids?.length || 0) > 0;
    const items = has ? [
      this.cmdItem('copy', 'selection.duplicate'),
      { icon: 'clipboard', label: this.cmdLabel('clipboard.copy', 'ctx.copy'), shortcut: this.cmdShortcut('clipboard.copy'), run: () => document.execCommand('copy') },
      'sep',
      this.cmdItem('stack-front', 'selection.front'),
      this.cmdItem('stack-back', 'selection.back'),
      'sep',
      this.cmdItem('box-multiple', 'selection.group'),
      this.cmdItem('box-off', 'selection.ungroup'),
      { icon: this.selection?.locked ? 'lock-open' : 'lock', label: t(this.selection?.locked ? 'tb.unlock' : 'tb.lock'), shortcut: this.cmdShortcut('selection.lock'),
        run: () => bridge.tryDispatch('selection.lock', { locked: !this.selection?.locked }) },
      'sep',
      this.cmdItem('trash', 'selection.delete'),
    ] : [
      this.cmdItem('plus', 'page.add'),
      this.cmdItem('arrows-maximize', 'view.fit'),
      this.cmdItem('layout-grid', 'selection.all'),
    ];
    menuPop(anchor, items, 'context-pop');
    setTimeout(() => anchor.remove(), 0);
  }

  /** shortcutsDialog lists the keyboard shortcuts of Go's command registry. */
  shortcutsDialog() {
    const groups = [['canvas', t('help.onCanvas')], ['text', t('help.inText')], ['any', t('help.anywhere')], ['crop', t('help.inCrop')]];
    const cmds = [...(this.cmds?.values() || [])].filter((c) => c.shortcuts?.length);
    const page = [['Mod+S', t('menu.save')], ['Mod+Shift+S', t('menu.saveSelfContained')], ['Mod+O', t('menu.open')], ['Mod+E', t('menu.export')]];
    const body = h('div', { class: 'shortcuts' },
      groups.map(([ctx, title]) => {
        const rows = cmds.filter((c) => c.context === ctx);
        if (ctx === 'any') rows.push(...page.map(([sc, lbl]) => ({ label: lbl, shortcuts: [sc], page: true })));
        if (!rows.length) return null;
        return h('section', {}, h('h3', {}, title), h('table', {}, h('tbody', {}, rows.map((c) =>
          h('tr', {}, h('td', {}, c.page ? c.label : label(c.label)), h('td', {}, c.shortcuts.slice(0, 2).map((sc) => h('kbd', {}, formatShortcut(sc)))))))));
      }));
    showDialog(t('help.shortcuts'), body, [{ label: t('common.close'), primary: true }]);
  }

  /** cmdItem is a menu item running a command of the registry, with its label and shortcut. */
  cmdItem(iconName, name, args) {
    return { icon: iconName, label: this.cmdLabel(name), shortcut: this.cmdShortcut(name), disabled: this.enabled[name] === false,
      run: () => bridge.tryDispatch(name, args) };
  }

  // ---------- Status bar and zoom ----------
  setupStatus() {
    $('shortcuts-button').addEventListener('click', () => this.shortcutsDialog());
    const z = $('zoom-range');
    z.addEventListener('input', () => {
      const zoom = ZOOM_MIN * Math.pow(ZOOM_MAX / ZOOM_MIN, +z.value / 100);
      bridge.tryDispatch('view.zoom', { zoom });
    });
  }

  updateStatus() {
    const d = this.doc;
    if (!d) return;
    const page = d.pages[d.currentIndex];
    const parts = [t('status.page', { n: d.currentIndex + 1, total: d.pages.length })];
    if (page) parts.push(this.pageSizeText(page));
    const n = this.selection?.ids?.length || 0;
    if (n > 1) parts.push(t('status.selection', { n }));
    $('status-info').textContent = parts.join(' · ');
  }

  onLang() {
    this.syncLangButtons();
    this.syncShortcuts();
    if (this.files.state) this.files.setState(this.files.state);
    applyI18n();
    this.renderSizes();
    this.toolbar.rebuild();
    this.pages.rebuild();
    this.updateStatus();
    this.renderUploads();
    if (this.history) this.onHistory(this.history);
  }
}

function svgFrom(markup) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 40 40');
  svg.setAttribute('aria-hidden', 'true');
  // The markup is our own constant (no user input): parse it as SVG, not as HTML.
  const doc = new DOMParser().parseFromString(`<svg xmlns="http://www.w3.org/2000/svg">${markup}</svg>`, 'image/svg+xml');
  for (const n of [...doc.documentElement.childNodes]) svg.append(document.importNode(n, true));
  return svg;
}

/** sizeText writes a size in points in a unit: "210 × 297 mm". */
export function sizeText(w, hh, unit) {
  const u = unit === 'pt' || !unit ? 'mm' : unit;
  const k = { mm: 72 / 25.4, cm: 72 / 2.54, in: 72, px: 1 }[u] || 72 / 25.4;
  const d = u === 'px' || u === 'mm' ? 0 : 1;
  const f = (v) => formatNumber(+(v / k).toFixed(d), d);
  return `${f(w)} × ${f(hh)} ${u}`;
}

function shortName(url) {
  if (!url) return '';
  if (url.startsWith('data:')) return url.slice(0, 30) + '…';
  return url.split('/').pop().slice(0, 40);
}
