// The page strip: a thumbnail per page (drawn by Go's renderer at a small scale), click to go
// to a page, drag to reorder, a menu per page (duplicate, delete, move).

import * as bridge from './bridge.js';
import { t } from './i18n.js';
import { h, icon } from './ui.js';
import { menuPop } from './pickers.js';

const THUMB_H = 64; // CSS px
const REFRESH_MS = 400; // thumbnails follow changes after this quiet time

/** PageStrip shows the pages of the document. */
export class PageStrip {
  constructor(el, shell) {
    this.el = el;
    this.shell = shell;
    this.doc = null;
    this.thumbs = new Map(); // page id → {btn, canvas, stale, w, h}
    this.timer = 0;
    this.dragId = '';
  }

  update(doc) {
    const prev = this.doc;
    this.doc = doc;
    const ids = doc.pages.map((p) => p.id).join(',');
    const prevIds = prev ? prev.pages.map((p) => p.id).join(',') : '';
    if (ids !== prevIds) this.build();
    doc.pages.forEach((p, i) => {
      const th = this.thumbs.get(p.id);
      if (!th) return;
      th.btn.setAttribute('aria-selected', String(i === doc.currentIndex));
      th.btn.tabIndex = i === doc.currentIndex ? 0 : -1;
      th.btn.querySelector('.num').textContent = String(i + 1);
      th.btn.setAttribute('aria-label', t('pages.page', { n: i + 1 }));
      const pp = prev?.pages.find((x) => x.id === p.id);
      if (!pp || pp.width !== p.width || pp.height !== p.height || JSON.stringify(pp.background) !== JSON.stringify(p.background)) {
        this.size(th, p);
        th.stale = true;
      }
    });
    this.schedule();
  }

  rebuild() { if (this.doc) this.build(); }

  build() {
    const doc = this.doc;
    const old = this.thumbs;
    this.thumbs = new Map();
    this.el.replaceChildren();
    doc.pages.forEach((p, i) => {
      let th = old.get(p.id);
      if (!th) {
        const canvas = h('canvas', { 'aria-hidden': 'true' });
        const more = h('button', { type: 'button', class: 'more', title: t('pages.more'), 'aria-label': t('pages.more'), tabindex: '-1' }, icon('dots', 'icon sm'));
        const btn = h('div', { class: 'page-thumb', role: 'option', draggable: 'true', dataset: { id: p.id } },
          canvas, h('span', { class: 'num' }, String(i + 1)), more);
        th = { btn, canvas, stale: true };
        btn.addEventListener('click', (e) => {
          if (more.contains(e.target)) return;
          bridge.tryDispatch('page.select', { id: p.id });
        });
        btn.addEventListener('keydown', (e) => this.onKey(e, p.id));
        more.addEventListener('click', (e) => { e.stopPropagation(); this.menu(more, p.id); });
        btn.addEventListener('dragstart', (e) => {
          this.dragId = p.id;
          btn.classList.add('dragging');
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('application/x-affiche-page', p.id);
        });
        btn.addEventListener('dragend', () => { btn.classList.remove('dragging'); this.clearDrop(); this.dragId = ''; });
        btn.addEventListener('dragover', (e) => {
          if (!this.dragId || this.dragId === p.id) return;
          e.preventDefault();
          const r = btn.getBoundingClientRect();
          const after = e.clientX > r.left + r.width / 2;
          this.clearDrop();
          btn.classList.add(after ? 'drop-after' : 'drop-before');
        });
        btn.addEventListener('dragleave', () => btn.classList.remove('drop-before', 'drop-after'));
        btn.addEventListener('drop', (e) => {
          if (!this.dragId) return;
          e.preventDefault();
          const after = btn.classList.contains('drop-after');
          this.clearDrop();
          const ids = this.doc.pages.map((x) => x.id);
          const from = ids.indexOf(this.dragId);
          let to = ids.indexOf(p.id) + (after ? 1 : 0);
          if (from < to) to--;
          if (from !== to) bridge.tryDispatch('page.move', { id: this.dragId, to });
        });
      }
      this.size(th, p);
      this.thumbs.set(p.id, th);
      this.el.append(th.btn);
    });
  }

  clearDrop() {
    for (const b of this.el.querySelectorAll('.drop-before, .drop-after')) b.classList.remove('drop-before', 'drop-after');
  }

  size(th, p) {
    const w = Math.max(24, Math.round((THUMB_H * p.width) / p.height));
    th.btn.style.width = w + 4 + 'px';
    th.w = w;
    th.h = THUMB_H;
  }

  onKey(e, id) {
    const ids = this.doc.pages.map((x) => x.id);
    const i = ids.indexOf(id);
    const go = (j) => {
      if (j < 0 || j >= ids.length) return;
      bridge.tryDispatch('page.select', { id: ids[j] });
      requestAnimationFrame(() => this.thumbs.get(ids[j])?.btn.focus());
    };
    if (e.key === 'ArrowRight') { e.preventDefault(); if (e.altKey) bridge.tryDispatch('page.move', { id, to: i + 1 }); else go(i + 1); }
    if (e.key === 'ArrowLeft') { e.preventDefault(); if (e.altKey) bridge.tryDispatch('page.move', { id, to: i - 1 }); else go(i - 1); }
    if (e.key === 'Delete') { e.preventDefault(); bridge.tryDispatch('page.delete', { id }); }
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); bridge.tryDispatch('page.select', { id }); }
  }

  menu(anchor, id) {
    const ids = this.doc.pages.map((x) => x.id);
    const i = ids.indexOf(id);
    menuPop(anchor, [
      { icon: 'copy', label: t('pages.duplicate'), run: () => bridge.tryDispatch('page.duplicate', { id }) },
      { icon: 'chevron-left', label: t('pages.moveLeft'), disabled: i === 0, run: () => bridge.tryDispatch('page.move', { id, to: i - 1 }) },
      { icon: 'chevron-right', label: t('pages.moveRight'), disabled: i === ids.length - 1, run: () => bridge.tryDispatch('page.move', { id, to: i + 1 }) },
      'sep',
      { icon: 'trash', label: t('pages.delete'), disabled: ids.length < 2, run: () => bridge.tryDispatch('page.delete', { id }) },
    ]);
  }

  invalidate(inv) {
    if (inv.all) for (const th of this.thumbs.values()) th.stale = true;
    for (const id of inv.pages || []) {
      const th = this.thumbs.get(id);
      if (th) th.stale = true;
    }
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
  }

  /** refresh redraws stale thumbnails, one per idle slice so the editor stays responsive. */
  refresh() {
    const th = [...this.thumbs.entries()].find(([, x]) => x.stale);
    if (!th) return;
    const [id, x] = th;
    const page = this.doc.pages.find((p) => p.id === id);
    if (!page) return;
    const dpr = window.devicePixelRatio || 1;
    const scale = (x.h * dpr) / page.height;
    const r = bridge.renderPage(id, scale);
    if (r && r.need) {
      this.shell.resources.request(r.need).finally(() => this.schedule());
      return;
    }
    x.stale = false;
    if (r && r.pixels) {
      x.canvas.width = r.width;
      x.canvas.height = r.height;
      x.canvas.getContext('2d').putImageData(new ImageData(r.pixels, r.width, r.height), 0, 0);
    }
    if ([...this.thumbs.values()].some((y) => y.stale)) {
      (window.requestIdleCallback || setTimeout)(() => this.refresh());
    }
  }
}
