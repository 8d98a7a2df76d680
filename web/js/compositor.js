// The compositor: keeps one bitmap per element (drawn by Go at the current zoom), composites
// them on a 2-D canvas when something changed, and during a gesture merges what lies below and
// above the moving elements into two layers so a frame costs a few drawImage calls.

import * as bridge from './bridge.js';

const MAX_CACHE_BYTES = 256 << 20; // all element bitmaps together
const MAX_ELEMENT_PIXELS = 24e6; // one element's bitmap; beyond, it is drawn at a lower scale and stretched
const FRAME_RENDER_BUDGET = 24; // ms of Go rendering per frame for visible elements
const IDLE_RENDER_BUDGET = 8; // ms per frame for elements off screen
const ZOOM_SETTLE_MS = 140; // wait for a zoom gesture to settle before rendering at the new scale
const WORKSPACE = '#eef0f4';

/** Entry is one element's cached bitmap. */
class Entry {
  constructor(id) {
    this.id = id;
    this.bitmap = null; // canvas holding the pixels
    this.scale = 0; // device pixels per point it was drawn at
    this.x = 0; this.y = 0; this.w = 0; this.h = 0; // device px at `scale`, relative to the page origin
    this.empty = false; // draws nothing (e.g. empty text)
    this.stale = true; // must be drawn again (content changed, or never drawn)
    this.pending = null; // matrix to apply to the old bitmap until it is drawn again (after a move)
    this.base = null; // the gesture's matrix when the bitmap was drawn during a gesture (null: none)
    this.waiting = false; // waiting for fonts or images
    this.used = 0; // frame number of the last use, for eviction
    this.bytes = 0;
  }
}

/** Compositor draws the current page into `view` and keeps the element bitmaps. */
export class Compositor {
  constructor(view, stage, resources) {
    this.view = view;
    this.ctx = view.getContext('2d', { alpha: false });
    this.stage = stage;
    this.resources = resources; // {request(need) → Promise}: fonts and images for Go
    this.dpr = window.devicePixelRatio || 1;
    this.camera = { zoom: 1, panX: 0, panY: 0, viewportWidth: 0, viewportHeight: 0 };
    this.page = null; // PageInfo of the current page
    this.pageId = '';
    this.list = []; // ids of the leaves to draw, back to front
    this.info = new Map(); // id → ElementInfo
    this.entries = new Map(); // id → Entry
    this.bytes = 0;
    this.transient = new Map(); // id → matrix during a gesture
    this.gesture = '';
    this.layers = null; // {below, above, first, last, key}
    this.bg = null; // background bitmap {bitmap, scale, stale}
    this.frameNo = 0;
    this.scheduled = false;
    this.dirty = true;
    this.zoomChangedAt = 0;
    this.onFrame = null; // callback(frameStats) for benchmarks
    this.onRendered = null; // callback() when bitmaps changed (thumbnails)
    this.stats = { frames: 0, renders: 0, renderMs: 0 };
    this.resize();
  }

  /** resize matches the canvas to the stage (CSS pixels × devicePixelRatio). */
  resize() {
    const r = this.stage.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(r.width * this.dpr));
    const h = Math.max(1, Math.round(r.height * this.dpr));
    if (this.view.width !== w || this.view.height !== h) {
      this.view.width = w;
      this.view.height = h;
      this.view.style.width = r.width + 'px';
      this.view.style.height = r.height + 'px';
    }
    this.layers = null;
    this.invalidateView();
    return { width: r.width, height: r.height };
  }

  /** targetScale is the device pixels per point of the current zoom. */
  targetScale() { return this.camera.zoom * this.dpr; }

  setCamera(cam) {
    const zoomChanged = cam.zoom !== this.camera.zoom;
    this.camera = cam;
    if (zoomChanged) this.zoomChangedAt = performance.now();
    this.layers = null;
    this.invalidateView();
  }

  setDocument(doc) {
    const page = doc.pages[doc.currentIndex] || doc.pages.find((p) => p.id === doc.currentPage);
    if (doc.currentPage !== this.pageId) {
      this.pageId = doc.currentPage;
      this.bg = null;
    } else if (page && this.page && (page.width !== this.page.width || page.height !== this.page.height ||
      JSON.stringify(page.background) !== JSON.stringify(this.page.background) || page.hasBackgroundImage !== this.page.hasBackgroundImage)) {
      if (this.bg) this.bg.stale = true;
    }
    this.page = page;
    this.info = new Map();
    const hidden = new Set();
    this.list = [];
    for (const e of doc.elements) {
      this.info.set(e.id, e);
      if (e.hidden || (e.parent && hidden.has(e.parent))) { hidden.add(e.id); continue; }
      if (e.type === 'group') continue;
      this.list.push(e.id);
    }
    this.layers = null;
    this.invalidateView();
  }

  /** invalidate applies an InvalidateElements message. */
  invalidate(inv) {
    if (inv.all) {
      this.entries.clear();
      this.bytes = 0;
      if (this.bg) this.bg.stale = true;
    }
    for (const id of inv.removed || []) this.drop(id);
    for (const id of inv.ids || []) {
      const e = this.entries.get(id);
      if (e) e.stale = true;
    }
    for (const id of inv.moved || []) {
      const e = this.entries.get(id);
      if (!e) continue;
      e.stale = true;
      const m = this.transient.get(id) || this.lastTransient?.get(id);
      if (m && !e.pending) e.pending = m;
    }
    this.layers = null;
    this.invalidateView();
  }

  /** setTransient applies an UpdateTransient message. */
  setTransient(tu) {
    if (!tu.gesture) {
      this.lastTransient = this.transient;
      this.transient = new Map();
      this.gesture = '';
      this.layers = null;
      this.invalidateView();
      return;
    }
    if (tu.gesture !== this.gesture) this.layers = null;
    this.gesture = tu.gesture;
    const ids = new Set(tu.elements.map((e) => e.id));
    if (this.layers && !sameKeys(this.layers.ids, ids)) this.layers = null;
    this.transient = new Map(tu.elements.map((e) => [e.id, e.matrix]));
    for (const e of tu.elements) {
      if (e.rerender) this.wantRerender = true;
    }
    this.invalidateView();
  }

  drop(id) {
    const e = this.entries.get(id);
    if (e) {
      this.bytes -= e.bytes;
      this.entries.delete(id);
    }
  }

  /** invalidateView asks for a new frame. */
  invalidateView() {
    this.dirty = true;
    this.schedule();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame((t) => {
      this.scheduled = false;
      this.frame(t);
    });
  }

  /** pageOrigin is the page's top-left corner in device pixels (rounded: crisp bitmaps). */
  pageOrigin() {
    return [Math.round(this.camera.panX * this.dpr), Math.round(this.camera.panY * this.dpr)];
  }

  // ---------- Rendering element bitmaps ----------

  /** renderEntry asks Go for an element's pixels at the target scale; false when waiting. */
  renderEntry(id, scale) {
    let e = this.entries.get(id);
    if (!e) {
      e = new Entry(id);
      this.entries.set(id, e);
    }
    if (e.waiting) return false;
    let s = scale;
    if (e.w && e.scale) {
      const px = (e.w / e.scale) * (e.h / e.scale) * s * s;
      if (px > MAX_ELEMENT_PIXELS) s = Math.sqrt(MAX_ELEMENT_PIXELS / ((e.w / e.scale) * (e.h / e.scale)));
    }
    const t0 = performance.now();
    const r = bridge.renderElement(id, s);
    this.stats.renders++;
    this.stats.renderMs += performance.now() - t0;
    if (!r) { // unknown element (removed meanwhile)
      this.drop(id);
      return true;
    }
    if (r.need) {
      e.waiting = true;
      this.resources.request(r.need).finally(() => {
        e.waiting = false;
        e.stale = true;
        this.invalidateView();
      });
      return false;
    }
    if (r.tooLarge && s === scale) {
      // Go measured the element: retry at a scale that fits the pixel budget.
      const ratio = Math.sqrt(MAX_ELEMENT_PIXELS / r.tooLarge);
      return this.renderEntryAt(e, scale * ratio);
    }
    this.store(e, r, s);
    return true;
  }

  renderEntryAt(e, s) {
    const r = bridge.renderElement(e.id, s);
    if (r && !r.need && !r.tooLarge) this.store(e, r, s);
    return true;
  }

  store(e, r, s) {
    this.bytes -= e.bytes;
    e.scale = s;
    e.stale = false;
    e.pending = null;
    // Drawn in the middle of a gesture: Go drew the element where it is now, so the gesture's
    // matrix applies only from here on.
    e.base = this.transient.get(e.id) || null;
    if (r.empty) {
      e.empty = true;
      e.bitmap = null;
      e.bytes = 0;
      e.w = e.h = 0;
      return;
    }
    e.empty = false;
    e.x = r.x; e.y = r.y; e.w = r.width; e.h = r.height;
    let c = e.bitmap;
    if (!c || c.width !== r.width || c.height !== r.height) c = new OffscreenCanvas(r.width, r.height);
    const cx = c.getContext('2d');
    cx.putImageData(new ImageData(r.pixels, r.width, r.height), 0, 0);
    e.bitmap = c;
    e.bytes = r.width * r.height * 4;
    this.bytes += e.bytes;
    this.onRendered?.();
  }

  /** visible reports whether an entry's last known bounds meet the viewport. */
  visible(e, ox, oy) {
    if (!e.w) return true; // unknown: render it to find out
    const k = this.targetScale() / e.scale;
    const x0 = ox + e.x * k, y0 = oy + e.y * k;
    return x0 < this.view.width && y0 < this.view.height && x0 + e.w * k > 0 && y0 + e.h * k > 0;
  }

  /** renderPending draws stale bitmaps: visible ones within the frame budget, then a few others. */
  renderPending(now) {
    const scale = this.targetScale();
    const settling = now - this.zoomChangedAt < ZOOM_SETTLE_MS;
    const [ox, oy] = this.pageOrigin();
    const t0 = performance.now();
    let more = false;
    const later = [];
    for (const id of this.list) {
      if (this.transient.has(id) && !this.wantRerender) continue;
      const e = this.entries.get(id);
      const needs = !e || e.stale || (!settling && Math.abs(e.scale - scale) > 1e-6 && !e.capped(scale));
      if (!needs || e?.waiting) continue;
      if (e && e.bitmap && !this.visible(e, ox, oy)) { later.push(id); continue; }
      if (settling && e && e.bitmap && !e.stale) { more = true; continue; }
      if (performance.now() - t0 > FRAME_RENDER_BUDGET) { more = true; break; }
      this.renderEntry(id, scale);
    }
    for (const id of later) {
      if (performance.now() - t0 > FRAME_RENDER_BUDGET + IDLE_RENDER_BUDGET) { more = true; break; }
      this.renderEntry(id, scale);
    }
    this.wantRerender = false;
    this.evict();
    return more || settling;
  }

  evict() {
    if (this.bytes <= MAX_CACHE_BYTES) return;
    const onPage = new Set(this.list);
    const all = [...this.entries.values()].sort((a, b) => (onPage.has(a.id) - onPage.has(b.id)) || (a.used - b.used));
    for (const e of all) {
      if (this.bytes <= MAX_CACHE_BYTES * 0.8) break;
      if (e.used === this.frameNo) continue;
      this.drop(e.id);
    }
  }

  // ---------- Compositing ----------

  frame(now) {
    const t0 = performance.now();
    this.frameNo++;
    this.beforeFrame?.(); // pending pointer input goes to Go first (it may move things)
    let again = false;
    if (this.page) again = this.renderPending(now);
    const tr = performance.now();
    this.drew = false;
    if (this.dirty || again) {
      this.dirty = false;
      this.drew = true;
      this.composite();
      if (this.page && !this.firstFrameDone) {
        this.firstFrameDone = true;
        this.onFirstFrame?.();
      }
    }
    const t1 = performance.now();
    this.stats.frames++;
    this.onFrame?.({ total: t1 - t0, render: tr - t0, composite: t1 - tr, layers: !!this.layers, drew: this.drew });
    if (again) {
      this.dirty = true;
      this.schedule();
    }
  }

  composite() {
    const ctx = this.ctx;
    const W = this.view.width, H = this.view.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (!this.page) {
      ctx.fillStyle = WORKSPACE;
      ctx.fillRect(0, 0, W, H);
      return;
    }
    if (this.transient.size) {
      if (!this.layers) this.buildLayers();
      if (this.layers) {
        ctx.drawImage(this.layers.below, 0, 0);
        this.withPageClip(() => {
          for (const id of this.layers.middle) this.drawElement(id);
        });
        ctx.drawImage(this.layers.above, 0, 0);
        return;
      }
    }
    this.drawRange(ctx, 0, this.list.length, true);
  }

  /** drawRange draws the workspace, the page and the elements list[from:to] into ctx. */
  drawRange(ctx, from, to, withPage) {
    const W = this.view.width, H = this.view.height;
    const [ox, oy] = this.pageOrigin();
    const s = this.targetScale();
    const pw = Math.round(this.page.width * s), ph = Math.round(this.page.height * s);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (withPage) {
      ctx.fillStyle = WORKSPACE;
      ctx.fillRect(0, 0, W, H);
      ctx.save();
      ctx.shadowColor = 'rgba(16, 24, 40, 0.16)';
      ctx.shadowBlur = 14 * this.dpr;
      ctx.shadowOffsetY = 2 * this.dpr;
      ctx.fillStyle = '#fff';
      ctx.fillRect(ox, oy, pw, ph);
      ctx.restore();
      this.drawBackground(ctx, ox, oy, pw, ph);
    }
    const saved = this.ctx;
    this.ctx = ctx;
    this.withPageClip(() => {
      for (let i = from; i < to; i++) this.drawElement(this.list[i]);
    });
    this.ctx = saved;
  }

  withPageClip(fn) {
    const ctx = this.ctx;
    const [ox, oy] = this.pageOrigin();
    const s = this.targetScale();
    ctx.save();
    ctx.beginPath();
    ctx.rect(ox, oy, Math.round(this.page.width * s), Math.round(this.page.height * s));
    ctx.clip();
    fn();
    ctx.restore();
  }

  drawBackground(ctx, ox, oy, pw, ph) {
    const bg = this.page.background;
    if (typeof bg === 'string' && !this.page.hasBackgroundImage) {
      ctx.fillStyle = bg;
      ctx.fillRect(ox, oy, pw, ph);
      return;
    }
    if (!bg && !this.page.hasBackgroundImage) return;
    const s = this.targetScale();
    const settling = performance.now() - this.zoomChangedAt < ZOOM_SETTLE_MS;
    if (!this.bg || this.bg.stale || (!settling && this.bg.scale !== s)) {
      const bs = Math.min(s, Math.sqrt(MAX_ELEMENT_PIXELS / (this.page.width * this.page.height)));
      const r = bridge.renderBackground(this.pageId, bs);
      if (r && r.need) {
        if (!this.bgWaiting) {
          this.bgWaiting = true;
          this.resources.request(r.need).finally(() => { this.bgWaiting = false; if (this.bg) this.bg.stale = true; else this.bg = null; this.invalidateView(); });
        }
      } else if (r && !r.empty) {
        const c = new OffscreenCanvas(r.width, r.height);
        c.getContext('2d').putImageData(new ImageData(r.pixels, r.width, r.height), 0, 0);
        this.bg = { bitmap: c, scale: bs, x: r.x, y: r.y, stale: false };
      } else {
        this.bg = { bitmap: null, scale: bs, stale: false };
      }
    }
    if (this.bg?.bitmap) {
      const k = s / this.bg.scale;
      ctx.save();
      ctx.beginPath();
      ctx.rect(ox, oy, pw, ph);
      ctx.clip();
      ctx.drawImage(this.bg.bitmap, ox + this.bg.x * k, oy + this.bg.y * k, this.bg.bitmap.width * k, this.bg.bitmap.height * k);
      ctx.restore();
    }
  }

  /** drawElement draws one element's bitmap, transformed if it is moving or was just moved. */
  drawElement(id) {
    const e = this.entries.get(id);
    if (!e || e.empty || !e.bitmap) return;
    e.used = this.frameNo;
    const ctx = this.ctx;
    const [ox, oy] = this.pageOrigin();
    const s = this.targetScale();
    let m = this.transient.get(id) || e.pending;
    if (m && e.base) m = mul(m, invert(e.base));
    if (!m && Math.abs(e.scale - s) < 1e-9) {
      ctx.drawImage(e.bitmap, ox + e.x, oy + e.y);
      return;
    }
    // Page space: points → device pixels, then the gesture's matrix, then the bitmap's scale.
    ctx.save();
    ctx.setTransform(s, 0, 0, s, ox, oy);
    if (m) ctx.transform(m[0], m[1], m[2], m[3], m[4], m[5]);
    ctx.imageSmoothingQuality = 'high';
    const k = 1 / e.scale;
    ctx.drawImage(e.bitmap, e.x * k, e.y * k, e.w * k, e.h * k);
    ctx.restore();
  }

  /** buildLayers merges the elements below and above the moving ones into two canvases. */
  buildLayers() {
    let first = -1, last = -1;
    this.list.forEach((id, i) => {
      if (this.transient.has(id)) {
        if (first < 0) first = i;
        last = i;
      }
    });
    if (first < 0) return;
    const make = () => {
      const c = new OffscreenCanvas(this.view.width, this.view.height);
      return c;
    };
    const below = make(), above = make();
    this.drawRange(below.getContext('2d', { alpha: false }), 0, first, true);
    this.drawRange(above.getContext('2d'), last + 1, this.list.length, false);
    const middle = this.list.slice(first, last + 1);
    this.layers = { below, above, middle, ids: new Set(this.transient.keys()) };
  }

  /** cacheInfo reports the cache's size (for the status and the benchmarks). */
  cacheInfo() {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

Entry.prototype.capped = function (scale) {
  // An element drawn at a reduced scale because of MAX_ELEMENT_PIXELS counts as up to date.
  if (!this.w || this.scale >= scale) return false;
  const pts = (this.w / this.scale) * (this.h / this.scale);
  return pts * scale * scale > MAX_ELEMENT_PIXELS && Math.abs(this.scale - Math.sqrt(MAX_ELEMENT_PIXELS / pts)) < 1e-3;
};

/** mul returns the affine transform applying n, then m ([a b c d e f] as canvas). */
function mul(m, n) {
  return [
    m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function invert(m) {
  const det = m[0] * m[3] - m[1] * m[2];
  if (!det) return [1, 0, 0, 1, 0, 0];
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}

function sameKeys(set, ids) {
  if (set.size !== ids.size) return false;
  for (const id of ids) if (!set.has(id)) return false;
  return true;
}
