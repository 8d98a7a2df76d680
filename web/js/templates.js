// The Templates panel: the server's template gallery with previews, filtered by kind and by
// words. Choosing one asks first when the design is not empty, then replaces the design through
// the editor's document.replace — one undo step, so Ctrl+Z brings the previous design back.

import * as bridge from './bridge.js';
import { t, label, lang } from './i18n.js';
import { h, toast, confirmDialog } from './ui.js';
import { templates, templateText, rel } from './libapi.js';
import { SearchBox, chips } from './libgrid.js';

const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** TemplatesPanel fills #panel-templates. */
export class TemplatesPanel {
  constructor(root, shell) {
    this.root = root;
    this.shell = shell;
    this.list = null;
    this.category = '';
    this.box = new SearchBox({
      placeholderKey: 'tpl.search',
      onSearch: () => this.renderGrid(),
      onDown: () => this.grid.querySelector('button')?.focus(),
    });
    this.filters = h('div', { class: 'tpl-filters' });
    this.grid = h('div', { class: 'tpl-grid', role: 'list' });
    this.state = h('div', { class: 'lib-state', hidden: true });
    root.replaceChildren(h('h2', { dataset: { i18n: 'tpl.title' } }, t('tpl.title')),
      h('p', { class: 'hint', dataset: { i18n: 'tpl.hint' } }, t('tpl.hint')),
      this.box.el, this.filters, this.grid, this.state);
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.loaded = false;
  }

  show() {
    if (this.loaded) return;
    this.loaded = true;
    this.load();
  }

  async load() {
    this.grid.replaceChildren(...Array.from({ length: 4 }, () => h('div', { class: 'tpl-card skeleton', 'aria-hidden': 'true' }, h('div', { class: 'tpl-thumb' }))));
    this.state.hidden = true;
    try {
      this.list = (await templates()).templates || [];
    } catch (e) {
      this.grid.replaceChildren();
      this.state.hidden = false;
      this.state.className = 'lib-state lib-error';
      this.state.replaceChildren(h('p', { role: 'alert' }, t('tpl.loadError', { error: e.text ? e.text() : e.message })),
        h('button', { type: 'button', class: 'btn sm', onclick: () => this.load() }, t('lib.retry')));
      this.loaded = false;
      return;
    }
    this.renderFilters();
    this.renderGrid();
  }

  renderFilters() {
    const order = ['poster', 'flyer', 'social'];
    const rank = (c) => (order.includes(c) ? order.indexOf(c) : order.length);
    const cats = [...new Set((this.list || []).map((x) => x.category).filter(Boolean))].sort((a, b) => rank(a) - rank(b));
    if (cats.length < 2) { this.filters.replaceChildren(); return; }
    this.filters.replaceChildren(chips(['', ...cats].map((c) => ({
      text: c ? (t('tpl.cat.' + c) !== 'tpl.cat.' + c ? t('tpl.cat.' + c) : c) : t('tpl.all'),
      pressed: c === this.category,
      run: () => { this.category = c; this.renderFilters(); this.renderGrid(); },
    }))));
  }

  matches(tp) {
    if (this.category && tp.category !== this.category) return false;
    const q = fold(this.box.value);
    if (!q) return true;
    const hay = fold([label(tp.title), tp.title?.fr, tp.title?.en, label(tp.description), ...(tp.tags || [])].join(' '));
    return q.split(/\s+/).every((w) => hay.includes(w));
  }

  renderGrid() {
    if (!this.list) return;
    const shown = this.list.filter((x) => this.matches(x));
    this.grid.replaceChildren(...shown.map((tp, i) => this.card(tp, i)));
    this.state.hidden = shown.length > 0;
    if (!shown.length) {
      this.state.className = 'lib-state lib-empty';
      this.state.replaceChildren(h('p', {}, this.list.length ? t('tpl.empty', { q: this.box.value }) : t('tpl.none')));
    }
  }

  card(tp, i) {
    const name = label(tp.title);
    const pages = tp.pages > 1 ? ' · ' + t('tpl.pages', { n: tp.pages }) : '';
    const size = this.shell.pageSizeText ? this.shell.pageSizeText({ width: tp.width, height: tp.height }) : '';
    const thumb = h('span', { class: 'tpl-thumb' }, h('img', { src: rel(tp.previewUrl), alt: '', loading: 'lazy', decoding: 'async' }));
    thumb.style.setProperty('--ratio', String(tp.width > 0 && tp.height > 0 ? tp.width / tp.height : 0.707));
    const b = h('button', {
      type: 'button', class: 'tpl-card', tabindex: i === 0 ? '0' : '-1', dataset: { id: tp.id },
      title: label(tp.description) || name, 'aria-label': name + ' — ' + size + pages,
    }, thumb, h('span', { class: 'tpl-name' }, name), h('span', { class: 'tpl-meta' }, size + pages));
    b.addEventListener('click', () => this.apply(tp, b));
    return h('div', { role: 'listitem', class: 'tpl-item' }, b);
  }

  onKey(e) {
    const cards = [...this.grid.querySelectorAll('.tpl-card')];
    const i = cards.indexOf(document.activeElement);
    if (i < 0) return;
    let j = i;
    if (e.key === 'ArrowRight') j = Math.min(cards.length - 1, i + 1);
    else if (e.key === 'ArrowLeft') j = Math.max(0, i - 1);
    else if (e.key === 'ArrowDown') j = Math.min(cards.length - 1, i + 2);
    else if (e.key === 'ArrowUp') { if (i < 2) { e.preventDefault(); this.box.input.focus(); return; } j = i - 2; }
    else return;
    e.preventDefault();
    for (const c of cards) c.tabIndex = -1;
    cards[j].tabIndex = 0;
    cards[j].focus();
  }

  /** isEmpty reports whether the design has nothing worth keeping (no element, no image). */
  isEmpty() {
    const pages = this.shell.doc?.pages || [];
    return pages.every((p) => !p.elements && !p.hasBackgroundImage);
  }

  async apply(tp, button) {
    const name = label(tp.title);
    if (!this.isEmpty() && !(await confirmDialog(t('tpl.replaceTitle'), t('tpl.replaceText', { name }), t('tpl.replaceOk')))) {
      button.focus();
      return;
    }
    button.classList.add('busy');
    button.setAttribute('aria-busy', 'true');
    try {
      const json = await templateText(tp);
      bridge.dispatch('document.replace', { json });
      // A template is a new design: never write it over the file opened before.
      if (this.shell.files) {
        this.shell.files.handle = null;
        this.shell.files.fileName = '';
      }
      toast(t('tpl.applied', { name }));
      this.shell.refocus();
    } catch (e) {
      toast(t('tpl.error', { error: e.text ? e.text(lang) : e.message }), { error: true });
    } finally {
      button.classList.remove('busy');
      button.removeAttribute('aria-busy');
    }
  }

  onLang() {
    if (!this.list) return;
    this.renderFilters();
    this.renderGrid();
  }
}
