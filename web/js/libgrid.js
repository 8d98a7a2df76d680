// The pieces the library panels are made of: a search box, suggestion chips, and a grid of
// result tiles with infinite paging, keyboard navigation (one tab stop, arrows move, Enter
// inserts), drag onto the page, and loading / empty / error states that keep their size (no
// layout jumps: tiles have a fixed aspect ratio, placeholders stand in while a page loads).

import { t, label } from './i18n.js';
import { h, icon } from './ui.js';
import { rel } from './libapi.js';

/** DRAG_TYPE marks a library item dragged from a panel (its id; the item stays in memory). */
export const DRAG_TYPE = 'application/x-affiche-library';

/** dragged is the item being dragged from a panel, read by the drop handler. */
export const drag = { item: null, action: 'insert' };

/** searchIcon draws a magnifier (the interface sprite has none). */
function searchIcon() {
  const svg = h('svg', { class: 'lib-search-icon', viewBox: '0 0 24 24', 'aria-hidden': 'true' });
  svg.append(h('circle', { cx: '10', cy: '10', r: '7' }), h('line', { x1: '15', y1: '15', x2: '21', y2: '21' }));
  return svg;
}

/**
 * SearchBox is a search field with a clear button. onSearch(q) runs 300 ms after typing
 * stops, at once on Enter; ArrowDown moves into the results (onDown).
 */
export class SearchBox {
  constructor({ placeholderKey, onSearch, onDown }) {
    this.input = h('input', { type: 'search', enterkeyhint: 'search', autocomplete: 'off', spellcheck: 'false', dataset: { i18nPlaceholder: placeholderKey, i18nAriaLabel: placeholderKey }, placeholder: t(placeholderKey), 'aria-label': t(placeholderKey) });
    this.clear = h('button', { type: 'button', class: 'lib-clear', hidden: true, dataset: { i18nTitle: 'lib.search.clear', i18nAriaLabel: 'lib.search.clear' }, title: t('lib.search.clear'), 'aria-label': t('lib.search.clear') }, icon('x', 'icon sm'));
    this.el = h('form', { class: 'lib-search', role: 'search' }, searchIcon(), this.input, this.clear);
    let timer = 0;
    const fire = () => { clearTimeout(timer); timer = 0; onSearch(this.value); };
    this.input.addEventListener('input', () => {
      this.clear.hidden = !this.input.value;
      clearTimeout(timer);
      timer = setTimeout(fire, 300);
    });
    this.el.addEventListener('submit', (e) => { e.preventDefault(); fire(); });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && onDown) { e.preventDefault(); onDown(); }
      if (e.key === 'Escape' && this.input.value) { e.preventDefault(); e.stopPropagation(); this.set(''); fire(); }
    });
    this.clear.addEventListener('click', () => { this.set(''); fire(); this.input.focus(); });
  }

  get value() { return this.input.value.trim(); }

  /** set writes the field without searching. */
  set(q) {
    this.input.value = q;
    this.clear.hidden = !q;
  }
}

/** chips builds a row of suggestion buttons: [{key | text, pressed, run}]. */
export function chips(list, cls = '') {
  return h('div', { class: 'lib-chips ' + cls }, list.map((c) => h('button', {
    type: 'button', class: 'lib-chip', 'aria-pressed': c.pressed == null ? null : String(!!c.pressed),
    onclick: c.run,
  }, c.text ?? t(c.key))));
}

/** creditText is the short credit shown on a tile ("Photo : Jeanne Martin / Unsplash"). */
export function creditText(item) {
  const c = item.credit;
  if (!c || (!c.author && !c.text)) return '';
  if (item.kind === 'photo' && c.author) {
    const prov = c.provider && c.provider !== 'Affiche' ? ' / ' + c.provider : '';
    return t('lib.photoBy', { author: c.author + prov });
  }
  return c.text || [c.author, c.provider].filter(Boolean).join(' / ');
}

/**
 * ResultGrid shows items as tiles. opts:
 *   variant: 'icon' (square, padded, contain) | 'photo' (cover) | 'background' (portrait cover)
 *   columns, ratio: the grid's columns and the tiles' width/height ratio
 *   onActivate(item, tile, {keyboard}): insert (click, Enter)
 *   secondary: {key, run(item, tile)} — a second action on each tile ("Set as background")
 *   scrollRoot: the scrolling element, for infinite paging
 */
export class ResultGrid {
  constructor(opts) {
    this.opts = opts;
    this.items = [];
    this.tiles = [];
    this.current = 0; // index of the tile that has the tab stop
    this.el = h('div', { class: 'lib-results' + (opts.cls ? ' ' + opts.cls : '') });
    this.notices = h('div', { class: 'lib-notices' });
    this.grid = h('div', { class: 'lib-grid lib-' + opts.variant, role: 'list' });
    this.grid.style.setProperty('--cols', String(opts.columns || 4));
    this.grid.style.setProperty('--ratio', String(opts.ratio || 1));
    this.state = h('div', { class: 'lib-state', hidden: true });
    this.sentinel = h('div', { class: 'lib-sentinel', 'aria-hidden': 'true' });
    this.el.append(this.notices, this.grid, this.state, this.sentinel);
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.grid.addEventListener('focusin', (e) => {
      const i = this.tiles.findIndex((x) => x.contains(e.target));
      if (i >= 0) this.setCurrent(i);
    });
    this.gen = 0;
    this.next = 0;
    this.loading = false;
    if (opts.paging !== false) {
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((en) => en.isIntersecting)) this.more();
      }, { root: opts.scrollRoot || null, rootMargin: '0px 0px 400px 0px' });
      this.observer.observe(this.sentinel);
    }
  }

  /**
   * load replaces the content with the pages fetch(page, signal) answers ({items, nextPage,
   * notices}). placeholders: how many loading tiles to show meanwhile.
   */
  load(fetchPage, { placeholders = 12, limit = 0 } = {}) {
    this.abort?.abort();
    this.fetchPage = fetchPage;
    this.limit = limit;
    this.gen++;
    this.items = [];
    this.tiles = [];
    this.current = 0;
    this.next = 1;
    this.grid.replaceChildren();
    this.notices.replaceChildren();
    this.state.hidden = true;
    this.placeholders = placeholders;
    return this.more();
  }

  async more() {
    if (this.loading || !this.next || !this.fetchPage || !this.el.isConnected) return;
    if (this.limit && this.items.length >= this.limit) return;
    const gen = this.gen;
    const page = this.next;
    this.loading = true;
    this.abort = new AbortController();
    const ghosts = Array.from({ length: page === 1 ? this.placeholders : Math.min(this.placeholders, 8) },
      () => h('div', { class: 'lib-tile skeleton', 'aria-hidden': 'true' }));
    this.grid.append(...ghosts);
    this.el.setAttribute('aria-busy', 'true');
    let res = null, err = null;
    try {
      res = await this.fetchPage(page, this.abort.signal);
    } catch (e) {
      err = e;
    }
    if (gen !== this.gen) return; // a newer search replaced this one
    for (const g of ghosts) g.remove();
    this.loading = false;
    this.el.removeAttribute('aria-busy');
    if (err) {
      if (err.name === 'AbortError') return;
      this.next = 0;
      this.showError(err, page);
      return;
    }
    for (const n of res.notices || []) {
      this.notices.append(h('p', { class: 'lib-notice', role: 'status' }, label(n.message) || n.code));
    }
    const seen = new Set(this.items.map((x) => x.id));
    let fresh = (res.items || []).filter((x) => !seen.has(x.id) && (!this.opts.filter || this.opts.filter(x)));
    if (this.limit) fresh = fresh.slice(0, Math.max(0, this.limit - this.items.length));
    for (const item of fresh) this.addTile(item);
    this.next = res.nextPage || 0;
    if (!this.items.length) this.showEmpty();
    else this.state.hidden = true;
    this.opts.onLoaded?.(res, page);
    // The sentinel may still be in view (a short first page): ask for the next one.
    if (this.next && this.observer) requestAnimationFrame(() => { if (this.visibleSentinel()) this.more(); });
  }

  visibleSentinel() {
    const root = this.opts.scrollRoot;
    if (!root || !this.el.isConnected || this.el.closest('[hidden]')) return false;
    const r = this.sentinel.getBoundingClientRect(), rr = root.getBoundingClientRect();
    return r.top < rr.bottom + 400;
  }

  showEmpty() {
    this.state.hidden = false;
    this.state.className = 'lib-state lib-empty';
    this.state.replaceChildren(...(this.opts.empty?.() || [h('p', {}, t('lib.noResults'))]));
  }

  showError(err, page) {
    this.state.hidden = false;
    const quota = err.quota;
    this.state.className = 'lib-state ' + (quota ? 'lib-quota' : 'lib-error');
    const msg = err.text ? err.text() : err.message;
    const parts = [h('p', { role: quota ? 'status' : 'alert' }, quota ? msg : t('lib.error', { error: msg }))];
    if (!quota) parts.push(h('button', { type: 'button', class: 'btn sm', onclick: () => { this.next = page; this.state.hidden = true; this.more(); } }, t('lib.retry')));
    else if (this.opts.quotaAction) parts.push(h('button', { type: 'button', class: 'btn sm', onclick: this.opts.quotaAction.run }, t(this.opts.quotaAction.key)));
    this.state.replaceChildren(...parts);
  }

  addTile(item) {
    const i = this.items.length;
    this.items.push(item);
    const credit = creditText(item);
    const name = item.title || item.id;
    const main = h('button', {
      type: 'button', class: 'lib-main', tabindex: i === this.current ? '0' : '-1', draggable: 'true',
      'aria-label': name + (credit && item.kind === 'photo' ? ' — ' + credit : ''),
      title: name + (credit ? '\n' + credit : ''),
    }, h('img', { src: rel(item.thumbUrl), alt: '', loading: 'lazy', decoding: 'async', draggable: 'false' }));
    // Lines are long and thin: a double-width tile keeps their stroke visible.
    const wide = item.id.startsWith('shape:line');
    // Drawings and logos are shown whole, on a light ground, even in a grid of photos.
    const contain = item.kind !== 'photo' || item.mime === 'image/svg+xml';
    const tile = h('div', { class: 'lib-tile' + (wide ? ' lib-wide' : '') + (contain ? ' lib-contain' : ''), role: 'listitem', dataset: { id: item.id, kind: item.kind } }, main);
    const img = main.firstChild;
    // A soft shimmer until the thumbnail arrives (lazy images load as they scroll in).
    tile.classList.add('pending');
    img.addEventListener('load', () => tile.classList.remove('pending'), { once: true });
    img.addEventListener('error', () => { tile.classList.remove('pending'); tile.classList.add('broken'); }, { once: true });
    if (item.kind === 'photo' && item.credit?.author) tile.append(h('span', { class: 'lib-credit', 'aria-hidden': 'true' }, credit));
    const sec = this.opts.secondary?.(item);
    if (sec) {
      const b = h('button', { type: 'button', class: 'lib-action', tabindex: i === this.current ? '0' : '-1', title: t(sec.key), 'aria-label': t(sec.key) + ' : ' + name },
        icon(sec.icon || 'photo', 'icon sm'), h('span', {}, t(sec.short || sec.key)));
      b.addEventListener('click', (e) => { e.stopPropagation(); sec.run(item, tile); });
      tile.append(b);
    }
    main.addEventListener('click', (e) => this.opts.onActivate(item, tile, { keyboard: e.detail === 0 }));
    main.addEventListener('dragstart', (e) => {
      drag.item = item;
      drag.action = this.opts.dropAction?.(item) || 'insert';
      e.dataTransfer.setData(DRAG_TYPE, item.id);
      e.dataTransfer.effectAllowed = 'copy';
      if (img.complete && img.naturalWidth) e.dataTransfer.setDragImage(img, img.offsetWidth / 2, img.offsetHeight / 2);
    });
    main.addEventListener('dragend', () => { setTimeout(() => { drag.item = null; }, 0); });
    this.tiles.push(tile);
    this.grid.append(tile);
    return tile;
  }

  setCurrent(i) {
    if (i === this.current && this.tiles[i]?.querySelector('.lib-main')?.tabIndex === 0) return;
    for (const b of this.tiles[this.current]?.querySelectorAll('button') || []) b.tabIndex = -1;
    this.current = i;
    for (const b of this.tiles[i]?.querySelectorAll('button') || []) b.tabIndex = 0;
  }

  /** focusFirst moves the focus to the first tile (from the search box). */
  focusFirst() {
    if (!this.tiles.length) return false;
    this.setCurrent(0);
    this.tiles[0].querySelector('.lib-main').focus();
    return true;
  }

  onKey(e) {
    if (!e.target.classList.contains('lib-main')) return;
    const n = this.tiles.length;
    const cols = this.opts.columns || 4;
    let i = this.current;
    switch (e.key) {
      case 'ArrowRight': i = Math.min(n - 1, i + 1); break;
      case 'ArrowLeft': i = Math.max(0, i - 1); break;
      case 'ArrowDown': i = Math.min(n - 1, i + cols); break;
      case 'ArrowUp':
        if (i < cols && this.opts.onExitUp) { e.preventDefault(); this.opts.onExitUp(); return; }
        i = Math.max(0, i - cols); break;
      case 'Home': i = 0; break;
      case 'End': i = n - 1; break;
      default: return;
    }
    // Arrow keys must not reach the editor (they would nudge the selection).
    e.preventDefault();
    e.stopPropagation();
    this.setCurrent(i);
    const b = this.tiles[i].querySelector('.lib-main');
    b.focus();
    b.scrollIntoView({ block: 'nearest' });
    if (i >= n - cols) this.more();
  }

  /** busy marks a tile while its insertion is under way (a second click waits). */
  static busy(tile, on) {
    tile.classList.toggle('busy', on);
    tile.setAttribute('aria-busy', String(on));
  }
}
