// The Photos panel: the offline photos and generated backgrounds (gradients, textures), the
// organisation's own pictures when the server has some, and each online provider the
// administrator enabled, as a source with its required attribution line. Backgrounds cover
// the page; photos are inserted (or set as the page background from their tile).

import { t, label, formatNumber } from './i18n.js';
import { h, icon } from './ui.js';
import { search, libraries } from './libapi.js';
import { SearchBox, ResultGrid, chips } from './libgrid.js';

const SUGGESTIONS = ['nature', 'party', 'school', 'sport', 'market', 'town'];

const isBackground = (item) => item.id.startsWith('background:');

/** PhotosPanel fills #panel-photos. */
export class PhotosPanel {
  constructor(root, lib) {
    this.root = root;
    this.lib = lib;
    this.source = 'offline';
    this.browse = null; // 'background' while every background is shown
    this.info = null;
    this.box = new SearchBox({
      placeholderKey: 'lib.photos.search',
      onSearch: () => this.render(),
      onDown: () => this.root.querySelector('.lib-main')?.focus(),
    });
    this.sources = h('div', { class: 'lib-sources', role: 'group', dataset: { i18nAriaLabel: 'lib.source.label' }, 'aria-label': t('lib.source.label') });
    this.attribution = h('p', { class: 'lib-attrib' });
    this.body = h('div', { class: 'lib-body' });
    this.note = h('p', { class: 'hint lib-licence' });
    root.replaceChildren(h('h2', { dataset: { i18n: 'lib.photos.title' } }, t('lib.photos.title')),
      this.sources, this.box.el, this.attribution, this.body, this.note);
    this.loaded = false;
  }

  show() {
    if (this.loaded) return;
    this.loaded = true;
    libraries().then((info) => { this.info = info; this.renderSources(); this.renderNote(); }).catch(() => {});
    this.render();
  }

  /** providers lists the enabled online providers of photos, and the organisation's folders. */
  providers() {
    const out = [];
    if (this.info?.offline?.folders?.length) out.push({ name: 'org', title: t('lib.source.org') });
    for (const p of this.info?.providers || []) {
      if (p.enabled !== false && (p.kinds || []).includes('photo')) out.push(p);
    }
    return out;
  }

  renderSources() {
    const provs = this.providers();
    this.sources.hidden = provs.length === 0;
    if (!provs.length) { this.sources.replaceChildren(); return; }
    this.sources.replaceChildren(chips([{ name: 'offline', title: t('lib.source.offline') }, ...provs].map((p) => ({
      text: p.title || p.name, pressed: p.name === this.source,
      run: () => { this.source = p.name; this.renderSources(); this.render(); },
    })), 'lib-source-chips'));
    this.renderAttribution();
  }

  renderAttribution() {
    const p = (this.info?.providers || []).find((x) => x.name === this.source);
    this.attribution.hidden = !p;
    if (!p) return;
    // The line the provider's terms ask for ("Photos Unsplash", linked); the licence in a tooltip.
    const link = p.link ? h('a', { href: p.link, target: '_blank', rel: 'noopener noreferrer' }, p.title) : p.title;
    this.attribution.replaceChildren(t('lib.provider.attributionPrefix'), link);
    this.attribution.title = label(p.licence) || '';
  }

  renderNote() {
    const off = this.info?.offline;
    this.note.textContent = off?.attribution ? label(off.attribution) : '';
  }

  grid(extra) {
    return new ResultGrid({
      variant: 'photo', columns: 2, ratio: 4 / 3, scrollRoot: this.lib.scrollRoot,
      onActivate: (item, tile, how) => (isBackground(item) ? this.lib.background(item, tile) : this.lib.activate(item, tile, how)),
      dropAction: (item) => (isBackground(item) ? 'background' : 'insert'),
      secondary: (item) => {
        if (isBackground(item)) return { key: 'lib.insertImage', short: 'lib.insertShort', icon: 'plus', run: (it, tile) => this.lib.activate(it, tile, {}) };
        // Only photographs can cover a page (not the organisation's SVG logos).
        if (item.kind === 'photo' && item.mime !== 'image/svg+xml') return { key: 'lib.setBackground', short: 'lib.backgroundShort', icon: 'photo', run: (it, tile) => this.lib.background(it, tile) };
        return null;
      },
      ...extra,
    });
  }

  render() {
    const q = this.box.value;
    const src = this.source;
    this.renderAttribution();
    this.note.hidden = src !== 'offline';
    if (src === 'offline' && !q) return this.browse === 'background' ? this.renderBackgrounds() : this.renderHome();
    this.browse = null;
    if (src !== 'offline' && src !== 'org' && !q) {
      const p = this.providers().find((x) => x.name === src);
      this.body.replaceChildren(h('div', { class: 'lib-state lib-empty' },
        h('p', {}, t('lib.provider.prompt', { provider: p?.title || src })),
        chips(SUGGESTIONS.map((s) => ({ key: 'lib.cat.' + s, run: () => { this.box.set(t('lib.cat.' + s)); this.render(); } })))));
      return;
    }
    const count = h('span', { class: 'lib-count', 'aria-live': 'polite' });
    const g = this.grid({
      cls: 'lib-found',
      empty: () => [h('p', {}, q ? t('lib.empty', { q }) : t('lib.noResults')),
        chips(SUGGESTIONS.map((s) => ({ key: 'lib.cat.' + s, run: () => { this.box.set(t('lib.cat.' + s)); this.render(); } })))],
      onExitUp: () => this.box.input.focus(),
      // A provider out of quota: the built-in library still answers.
      quotaAction: src !== 'offline' ? { key: 'lib.useLibrary', run: () => { this.source = 'offline'; this.renderSources(); this.render(); } } : null,
      onLoaded: (res) => {
        const n = res.total >= 0 ? res.total : g.items.length;
        count.textContent = n === 0 ? '' : n === 1 ? t('lib.oneResult') : t('lib.results', { n: formatNumber(n, 0) });
      },
    });
    const back = q ? h('button', { type: 'button', class: 'btn ghost sm lib-back', onclick: () => { this.box.set(''); this.render(); this.box.input.focus(); } },
      icon('chevron-left', 'icon sm'), t('lib.back')) : null;
    this.body.replaceChildren(h('div', { class: 'lib-results-head' }, back, count), g.el);
    g.load((page, signal) => search({ q, kind: src === 'org' ? undefined : 'photo', provider: src, page, perPage: src === 'offline' || src === 'org' ? 24 : undefined, signal }), { placeholders: 8 });
  }

  renderHome() {
    // Backgrounds first (one row, the rest behind "See all"): the quickest way to a poster
    // that does not look empty. Then the photos.
    const backs = this.backgroundGrid({ paging: false });
    const photos = this.grid({ paging: false, filter: (x) => !isBackground(x) });
    const seeAll = h('button', { type: 'button', class: 'lib-link', onclick: () => { this.browse = 'background'; this.render(); } }, t('lib.seeAll'));
    this.body.replaceChildren(
      h('section', { class: 'lib-section' }, h('div', { class: 'lib-section-head' }, h('h3', {}, t('lib.section.backgrounds')), seeAll),
        h('p', { class: 'hint' }, t('lib.backgrounds.hint')), backs.el),
      h('section', { class: 'lib-section' }, h('div', { class: 'lib-section-head' }, h('h3', {}, t('lib.section.photos'))), photos.el));
    backs.load((page, signal) => search({ q: '', kind: 'background', perPage: 3, page, signal }), { placeholders: 3, limit: 3 });
    photos.load((page, signal) => search({ q: '', kind: 'photo', provider: 'offline', perPage: 60, page, signal }), { placeholders: 6 });
  }

  backgroundGrid(extra) {
    return this.grid({ variant: 'background', columns: 3, ratio: 1 / Math.SQRT2, ...extra });
  }

  /** renderBackgrounds shows every generated background. */
  renderBackgrounds() {
    const g = this.backgroundGrid({ cls: 'lib-found', onExitUp: () => this.box.input.focus() });
    const back = h('button', { type: 'button', class: 'btn ghost sm lib-back', onclick: () => { this.browse = null; this.render(); } },
      icon('chevron-left', 'icon sm'), t('lib.back'));
    this.body.replaceChildren(h('div', { class: 'lib-results-head' }, back), h('h3', { class: 'lib-browse-title' }, t('lib.section.backgrounds')),
      h('p', { class: 'hint' }, t('lib.backgrounds.hint')), g.el);
    g.load((page, signal) => search({ q: '', kind: 'background', perPage: 60, page, signal }), { placeholders: 9 });
  }

  onLang() {
    if (!this.loaded) return;
    this.renderSources();
    this.renderNote();
    this.render();
  }
}
