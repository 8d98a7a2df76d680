// Fonts and images for Go's renderer. Go says what it lacks when asked for an element's
// pixels ({need: {fonts, images, sources}}); this module fetches each once, decodes photos with
// the browser (createImageBitmap: ~30 ms where Go in wasm needs ~0.8 s), hands Go the pixels at
// the size it asked for, and keeps the decoded bitmaps (bounded) to serve larger sizes later.

import * as bridge from './bridge.js';
import { fetchBytes } from './net.js';

// Decoded full-size photos kept for sharper copies after a zoom and for the crop view; beyond,
// the least recently used are decoded again when needed (~30 ms a photo).
const MAX_IMAGE_CACHE = 64 << 20;
const MAX_HANDED_PIXELS = 16e6; // never hand Go more than this per image

/** Resources loads what Go's renderer needs. */
export class Resources {
  constructor() {
    this.inflight = new Map(); // key → Promise
    this.bitmaps = new Map(); // url → {bitmap, width, height, used, bytes}
    this.bitmapBytes = 0;
    this.catalogue = [];
    this.failed = new Set();
    this.onError = null; // fn(kind, url, error)
  }

  /** request fetches everything in a `need` answer; resolves when Go has it (or gave up). */
  request(need) {
    const jobs = [];
    for (const f of need.fonts || []) jobs.push(this.once('font:' + f.url + '|' + f.family + '|' + f.weight + '|' + f.italic, () => this.font(f)));
    for (const im of need.images || []) jobs.push(this.once(`img:${im.url}@${im.width}x${im.height}`, () => this.image(im)));
    for (const s of need.sources || []) jobs.push(this.once('src:' + s.url, () => this.source(s)));
    return Promise.all(jobs);
  }

  once(key, fn) {
    let p = this.inflight.get(key);
    if (!p) {
      p = fn().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  async font(f) {
    try {
      const { bytes } = await fetchBytes(f.url);
      bridge.addFont(f.family, f.weight || 400, !!f.italic, bytes);
    } catch (e) {
      bridge.markMissing('font', f.url);
      this.onError?.('font', f.url, e);
    }
  }

  /** decoded returns the full-size decoded bitmap of an image URL (fetching it if needed). */
  async decoded(url) {
    const have = this.bitmaps.get(url);
    if (have) {
      have.used = performance.now();
      return have;
    }
    return this.once('bmp:' + url, async () => {
      const { bytes, type } = await fetchBytes(url);
      const blob = new Blob([bytes], { type });
      const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' });
      const entry = { bitmap, width: bitmap.width, height: bitmap.height, used: performance.now(), bytes: bitmap.width * bitmap.height * 4 };
      this.bitmaps.set(url, entry);
      this.bitmapBytes += entry.bytes;
      this.evictBitmaps(url);
      return entry;
    });
  }

  evictBitmaps(keep) {
    if (this.bitmapBytes <= MAX_IMAGE_CACHE) return;
    const list = [...this.bitmaps.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [url, e] of list) {
      if (this.bitmapBytes <= MAX_IMAGE_CACHE * 0.8) break;
      if (url === keep) continue;
      e.bitmap.close();
      this.bitmaps.delete(url);
      this.bitmapBytes -= e.bytes;
    }
  }

  /** image hands Go the pixels of an image at (about) the size it asked for. */
  async image(im) {
    try {
      const d = await this.decoded(im.url);
      // Hand at least the asked size in both directions (Go asks for what covers the element
      // on screen), never more than the source, within the pixel cap; keep the aspect ratio
      // (Go maps crop fractions onto it).
      let k = Math.min(1, Math.max((im.width || d.width) / d.width, (im.height || d.height) / d.height));
      k = Math.min(k, Math.sqrt(MAX_HANDED_PIXELS / (d.width * d.height)));
      const w = Math.max(1, Math.round(d.width * k));
      const h = Math.max(1, Math.round(d.height * k));
      const c = new OffscreenCanvas(w, h);
      const cx = c.getContext('2d', { willReadFrequently: true });
      cx.imageSmoothingQuality = 'high';
      cx.drawImage(d.bitmap, 0, 0, w, h);
      const data = cx.getImageData(0, 0, w, h).data;
      bridge.setImage(im.url, w, h, data, d.width, d.height);
    } catch (e) {
      if (await this.trySVG(im.url)) return;
      bridge.markMissing('image', im.url);
      this.onError?.('image', im.url, e);
    }
  }

  /** trySVG hands an SVG to Go as bytes when an "image" turns out to be one. */
  async trySVG(url) {
    try {
      const { bytes: buf } = await fetchBytes(url);
      const head = new TextDecoder().decode(buf.subarray(0, 512)).toLowerCase();
      if (!head.includes('<svg')) return false;
      bridge.setSource(url, buf);
      return true;
    } catch {
      return false;
    }
  }

  /** source hands Go the raw bytes of an SVG. */
  async source(s) {
    try {
      const { bytes } = await fetchBytes(s.url);
      bridge.setSource(s.url, bytes);
    } catch (e) {
      bridge.markMissing('image', s.url);
      this.onError?.('image', s.url, e);
    }
  }

  /**
   * cropBitmap returns the decoded bitmap of an image URL for the crop view, or null while it
   * is decoded again (onReady is called when it is there).
   */
  cropBitmap(url, onReady) {
    const e = this.bitmaps.get(url);
    if (e) {
      e.used = performance.now();
      return e.bitmap;
    }
    this.decoded(url).then(() => onReady?.(), () => {});
    return null;
  }
}
