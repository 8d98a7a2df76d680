// The Elements panel: icons, illustrations (emoji), shapes and lines from the server's library.
// With an empty search box it shows suggested searches and a few rows by theme (each with
// "See all"); a search shows one grid, filtered by kind, that pages in as it scrolls.

import { t, formatNumber } from './i18n.js';
import { h, icon } from './ui.js';
import { search } from './libapi.js';
import { SearchBox, ResultGrid, chips } from './libgrid.js';

/** CATEGORIES are the suggested searches; the query is the label in the interface language. */
export const CATEGORIES = ['party', 'townhall', 'sport', 'school', 'nature', 'arrows', 'music', 'christmas', 'market', 'works', 'health', 'transport'];

const KINDS = ['', 'icon', 'illustration', 'shape'];

/** ElementsPanel fills #panel-elements. */
export class ElementsPanel {
  constructor(root, lib) {
    this.root = root;
    this.lib = lib;
    this.state = { q: '', kind: '' };
    this.box = new SearchBox({
      placeholderKey: 'lib.elements.search',
      onSearch: (q) => this.go({ q, kind: q ? this.state.kind : '' }),
      onDown: () => this.results?.focusFirst() || this.root.querySelector('.lib-main')?.focus(),
    });
    this.body = h('div', { class: 'lib-body' });
    this.live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    root.replaceChildren(h('h2', { dataset: { i18n: 'lib.elements.title' } }, t('lib.elements.title')), this.box.el, this.body, this.live);
    this.loaded = false;
  }

  /** show runs when the panel becomes visible: the first time, it fills the home view. */
  show() {
    if (this.loaded) return;
    this.loaded = true;
    this.render();
  }

  /** go switches to a search or a browse of one kind ({q:'', kind:''} is the home view). */
  go(state) {
    this.state = { ...state };
    this.box.set(state.q || '');
    this.render();
  }

  render() {
    const { q, kind } = this.state;
    if (!q && !kind) this.renderHome();
    else this.renderResults();
  }

  grid(extra) {
    return new ResultGrid({
      variant: 'icon', columns: 4, scrollRoot: this.lib.scrollRoot,
      onActivate: (item, tile, how) => this.lib.activate(item, tile, how),
      ...extra,
    });
  }

  section(titleKey, seeAll, grid) {
    return h('section', { class: 'lib-section' },
      h('div', { class: 'lib-section-head' }, h('h3', {}, t(titleKey)),
        seeAll && h('button', { type: 'button', class: 'lib-link', onclick: seeAll }, t('lib.seeAll'))),
      grid.el);
  }

  renderHome() {
    this.results = null;
    const parts = [chips(CATEGORIES.map((c) => ({ key: 'lib.cat.' + c, run: () => this.go({ q: t('lib.cat.' + c), kind: '' }) }))),
      h('p', { class: 'hint' }, t('lib.hint'))];
    const rows = [
      // [title, query, kind, count, see-all state, filter]
      ['lib.section.shapes', '', 'shape', 8, { q: '', kind: 'shape' }, (x) => !x.id.startsWith('shape:line')],
      ['lib.section.lines', '', 'shape', 4, { q: '', kind: 'shape' }, (x) => x.id.startsWith('shape:line')],
      // The server understands French words whatever the interface language.
      ['lib.section.stickers', 'fête festival soleil', 'illustration', 8, { q: '', kind: 'illustration' }],
      ...CATEGORIES.slice(0, 5).map((c) => ['lib.cat.' + c, t('lib.cat.' + c), 'icon', 8, { q: t('lib.cat.' + c), kind: 'icon' }]),
    ];
    const loads = [];
    for (const [key, q, kind, count, all, filter] of rows) {
      const g = this.grid({ paging: false, filter });
      parts.push(this.section(key, () => this.go(all), g));
      loads.push(() => g.load((page, signal) => search({ q, kind, perPage: filter ? 40 : count, page, signal }), { placeholders: count, limit: count }));
    }
    this.body.replaceChildren(...parts);
    for (const load of loads) load();
  }

  renderResults() {
    const { q, kind } = this.state;
    const count = h('span', { class: 'lib-count', 'aria-live': 'polite' });
    const back = h('button', { type: 'button', class: 'btn ghost sm lib-back', onclick: () => { this.go({ q: '', kind: '' }); this.box.input.focus(); } },
      icon('chevron-left', 'icon sm'), t('lib.back'));
    const filters = q ? chips(KINDS.map((k) => ({
      key: k ? 'lib.kind.' + k : 'lib.kind.all', pressed: k === kind, run: () => this.go({ q, kind: k }),
    })), 'lib-tabs') : h('h3', { class: 'lib-browse-title' }, t('lib.browse.' + kind));
    if (q) { filters.setAttribute('role', 'group'); filters.setAttribute('aria-label', t('lib.kinds')); }
    this.results = this.grid({
      cls: 'lib-found',
      onExitUp: () => this.box.input.focus(),
      empty: () => [h('p', {}, t('lib.empty', { q })), chips(CATEGORIES.slice(0, 6).map((c) => ({ key: 'lib.cat.' + c, run: () => this.go({ q: t('lib.cat.' + c), kind: '' }) })))],
      onLoaded: (res) => {
        const n = res.total >= 0 ? res.total : this.results.items.length;
        count.textContent = n === 0 ? '' : n === 1 ? t('lib.oneResult') : t('lib.results', { n: formatNumber(n, 0) });
      },
    });
    this.body.replaceChildren(h('div', { class: 'lib-results-head' }, back, count), filters, this.results.el);
    this.results.load((page, signal) => search({ q, kind: kind || undefined, page, perPage: 48, signal }), { placeholders: 16 });
  }

  /** onLang re-renders in the new language (titles and credits come from the server in it). */
  onLang() {
    if (!this.loaded) return;
    this.render();
  }

  announce(text) { this.live.textContent = text; }
}
