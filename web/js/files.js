// Files: autosave to IndexedDB, open and save .json projects (File System Access API where the
// browser has it, else upload/download), "save self-contained" (every image and uploaded font
// embedded as data: URLs), uploads to the server's blob store, and drag-and-drop onto the page.

import * as bridge from './bridge.js';
import { t, lang } from './i18n.js';
import { $, h, toast, debounce, confirmDialog, showDialog } from './ui.js';
import * as store from './store.js';
import { fetchBytes } from './net.js';

const AUTOSAVE_MS = 800;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** apiError turns a server error answer into an Error with both languages. */
async function apiError(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const e = new Error(body?.message || `HTTP ${res.status}`);
  e.messageFr = body?.messageFr;
  e.code = body?.code;
  e.path = body?.path;
  e.text = (l) => (l === 'fr' && e.messageFr) || e.message;
  return e;
}

function toDataURL(bytes, type) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(new Blob([bytes], { type: type || 'application/octet-stream' }));
  });
}

function sniffType(bytes, fallback) {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b[0] === 0x47 && b[1] === 0x49) return 'image/gif';
  if (b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57) return 'image/webp';
  const head = new TextDecoder().decode(b.subarray(0, 256)).toLowerCase();
  if (head.includes('<svg') || head.startsWith('<?xml')) return 'image/svg+xml';
  if ((b[0] === 0 && b[1] === 1 && b[2] === 0 && b[3] === 0) || head.startsWith('true')) return 'font/ttf';
  if (head.startsWith('otto')) return 'font/otf';
  return fallback;
}

/** Files handles projects and uploads. */
export class Files {
  constructor() {
    this.handle = null; // FileSystemFileHandle of the open project, when the API gave one
    this.fileName = '';
    this.revision = -1;
    this.savedRevision = -1;
    this.autosave = debounce(() => this.writeAutosave(), AUTOSAVE_MS);
    this.saveState = $('save-state');
  }

  attach({ shell, resources, compositor }) {
    this.shell = shell;
    this.resources = resources;
    this.compositor = compositor;
    shell.files = this;
    this.setupDrop();
    const input = $('open-input');
    input.addEventListener('change', async () => {
      const f = input.files[0];
      input.value = '';
      if (f) this.load(await f.text(), f.name);
    });
    window.addEventListener('pagehide', () => this.autosave.flush());
    document.addEventListener('visibilitychange', () => { if (document.hidden) this.autosave.flush(); });
  }

  readAutosave() { return store.loadCurrent().catch(() => null); }
  listUploads() { return store.listUploads(); }

  /** restore loads the autosaved project; false when it cannot be read. */
  restore(record) {
    try {
      bridge.dispatch('document.load', { json: record.json });
      this.fileName = record.fileName || '';
      return true;
    } catch (e) {
      console.warn('autosave not restored', e);
      return false;
    }
  }

  onDocument(d) {
    if (d.revision === this.revision) return;
    const first = this.revision < 0;
    this.revision = d.revision;
    if (first) return;
    this.setState('saving');
    this.autosave();
  }

  setState(s) {
    this.state = s;
    const el = this.saveState;
    el.classList.toggle('error', s === 'error');
    el.textContent = s === 'saving' ? t('save.saving') : s === 'saved' ? t('save.saved') : s === 'error' ? t('save.error') : '';
  }

  /** documentJSON returns the project as the text of a saved file. */
  documentJSON(opts = {}) {
    const r = bridge.dispatch('document.save', opts);
    return typeof r === 'string' ? r : r?.json ?? JSON.stringify(r);
  }

  async writeAutosave() {
    try {
      const json = this.documentJSON({ autosave: true });
      await store.saveCurrent({ json, fileName: this.fileName });
      this.setState('saved');
    } catch (e) {
      console.warn('autosave', e);
      this.setState('error');
    }
  }

  suggestedName(suffix = '') {
    const title = (this.shell.doc?.title || '').trim() || t('file.defaultName');
    const base = this.fileName ? this.fileName.replace(/\.json$/i, '') : title.replace(/[\\/:*?"<>|]+/g, '-').slice(0, 80);
    return base + suffix + '.json';
  }

  /** save writes the project file (in place when the browser gave us the file). */
  async save() {
    let json;
    try {
      json = this.documentJSON({ indent: true });
    } catch (e) {
      this.shell.showError(e);
      return;
    }
    await this.writeFile(json, this.suggestedName(), true);
  }

  async writeFile(text, name, reuseHandle) {
    const blob = new Blob([text], { type: 'application/json' });
    if (window.showSaveFilePicker) {
      try {
        let handle = reuseHandle ? this.handle : null;
        if (!handle) {
          handle = await window.showSaveFilePicker({
            suggestedName: name,
            types: [{ description: 'Affiche (.json)', accept: { 'application/json': ['.json'] } }],
          });
        }
        const w = await handle.createWritable();
        await w.write(blob);
        await w.close();
        if (reuseHandle) this.handle = handle;
        this.fileName = handle.name;
        toast(t('file.saved', { name: handle.name }));
        this.afterSave();
        return;
      } catch (e) {
        if (e.name === 'AbortError') return;
        console.warn('save picker', e); // fall back to a download
      }
    }
    download(blob, name);
    this.fileName = name;
    toast(t('file.saved', { name }));
    this.afterSave();
  }

  afterSave() {
    this.autosave.flush();
  }

  /** saveSelfContained saves a copy with every image and uploaded font embedded. */
  async saveSelfContained() {
    let json;
    try {
      json = this.documentJSON({ indent: false });
    } catch (e) {
      this.shell.showError(e);
      return;
    }
    const close = toast(t('file.embedding'), { timeout: 0 });
    try {
      const doc = JSON.parse(json);
      const urls = new Set();
      const visit = (el) => {
        if (el.src && !el.src.startsWith('data:')) urls.add(el.src);
        (el.children || []).forEach(visit);
      };
      for (const p of doc.pages || []) {
        if (p.backgroundImage?.src && !p.backgroundImage.src.startsWith('data:')) urls.add(p.backgroundImage.src);
        (p.elements || []).forEach(visit);
      }
      for (const f of doc.fonts || []) if (f.url && !f.url.startsWith('data:')) urls.add(f.url);
      const map = new Map();
      for (const u of urls) {
        try {
          const { bytes, type } = await fetchBytes(u);
          map.set(u, await toDataURL(bytes, sniffType(bytes, type.split(';')[0])));
        } catch (e) {
          toast(t('file.embedError', { url: u, error: e.message }), { error: true });
        }
      }
      const sub = (u) => map.get(u) || u;
      const rewrite = (el) => {
        if (el.src) el.src = sub(el.src);
        (el.children || []).forEach(rewrite);
      };
      for (const p of doc.pages || []) {
        if (p.backgroundImage?.src) p.backgroundImage.src = sub(p.backgroundImage.src);
        (p.elements || []).forEach(rewrite);
      }
      for (const f of doc.fonts || []) if (f.url) f.url = sub(f.url);
      await this.writeFile(JSON.stringify(doc), this.suggestedName(lang === 'fr' ? ' (complet)' : ' (self-contained)'), false);
    } catch (e) {
      this.shell.showError(e);
    } finally {
      close();
    }
  }

  /** open asks for a project file (or, with {polotno: true}, a Polotno design) and loads it. */
  async open({ polotno = false } = {}) {
    if (window.showOpenFilePicker) {
      try {
        const [handle] = await window.showOpenFilePicker({
          types: [{ description: polotno ? 'Polotno (.json)' : 'Affiche (.json)', accept: { 'application/json': ['.json'] } }],
        });
        const file = await handle.getFile();
        if (await this.load(await file.text(), file.name) && !this.imported) this.handle = handle; // never write over a Polotno file
        return;
      } catch (e) {
        if (e.name === 'AbortError') return;
      }
    }
    $('open-input').click();
  }

  /**
   * load opens project text; resolves true on success. A Polotno design is converted by the
   * server (POST /api/import/polotno), then loaded; its warnings are offered in a toast.
   */
  async load(text, name) {
    let warnings = null;
    try {
      try {
        bridge.dispatch('document.load', { json: text });
      } catch (e) {
        if (e.code !== 'polotno') throw e;
        const close = toast(t('file.importing'), { timeout: 0 });
        let res;
        try {
          res = await fetch('/api/import/polotno', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
        } finally {
          close();
        }
        if (!res.ok) throw await apiError(res);
        const out = await res.json();
        bridge.dispatch('document.load', out.document);
        warnings = out.warnings || [];
      }
    } catch (e) {
      const msg = e.text ? e.text(lang) : e.message;
      toast(t('file.openError', { error: msg + (e.path ? ` (${e.path})` : '') }), { error: true, timeout: 12000 });
      return false;
    }
    this.handle = null;
    this.imported = warnings != null;
    this.fileName = this.imported && name ? name.replace(/(\.json)?$/i, ' (Affiche).json') : name || '';
    if (warnings) showImportToast(warnings);
    else toast(t('file.opened', { name: name || '' }));
    this.autosave();
    return true;
  }

  /** newDocument starts an empty project (after asking, unless told not to). */
  async newDocument(skipConfirm) {
    if (!skipConfirm && !(await confirmDialog(t('file.newConfirm'), t('file.newText'), t('file.newOk')))) return;
    const page = this.shell.currentPage();
    bridge.tryDispatch('document.new', page ? { width: page.width, height: page.height } : {});
    this.handle = null;
    this.fileName = '';
    this.autosave();
  }

  // ---------- Uploads ----------

  /** upload sends a file to the blob store; returns {url, kind, width, height, family, style}. */
  async upload(file) {
    const res = await fetch('api/blobs', { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
    if (!res.ok) throw await apiError(res);
    return res.json();
  }

  /** importFiles handles dropped, pasted or chosen files; `at` is a page point to drop at. */
  async importFiles(files, at) {
    for (const file of files) {
      const name = file.name || 'image';
      const lower = name.toLowerCase();
      if (lower.endsWith('.json') || file.type === 'application/json') {
        this.load(await file.text(), name);
        continue;
      }
      const bytes = new Uint8Array(await file.slice(0, 512).arrayBuffer());
      const type = sniffType(bytes, file.type);
      const isFont = type.startsWith('font/') || /\.(ttf|otf)$/i.test(lower);
      if (!isFont && !IMAGE_TYPES.includes(type) && type !== 'image/svg+xml') {
        toast(t('upload.unsupported', { name }), { error: true });
        continue;
      }
      const close = toast(t('upload.uploading', { name }), { timeout: 0 });
      try {
        let info;
        try {
          info = await this.upload(file);
        } catch (e) {
          if (e.code) throw e; // the server refused the file: say why
          // No server: embed the file in the document instead.
          const data = await toDataURL(new Uint8Array(await file.arrayBuffer()), type);
          info = { url: data, kind: isFont ? 'font' : type === 'image/svg+xml' ? 'svg' : 'image' };
          if (!isFont) {
            const dims = await imageSize(file).catch(() => ({}));
            Object.assign(info, dims);
          }
          toast(t('upload.offline'));
        }
        if (info.kind === 'font') {
          await this.addFont(info, name);
        } else {
          const item = { url: info.url, kind: info.kind, name, width: info.width, height: info.height };
          if (!info.url.startsWith('data:')) {
            item.thumb = await thumbnail(file).catch(() => '');
            store.addUpload(item).then(() => this.shell.renderUploads()).catch(() => {});
          }
          this.shell.addImage(item, at);
        }
      } catch (e) {
        const msg = e.text ? e.text(lang) : e.message;
        toast(t('upload.error', { name, error: msg }), { error: true });
      } finally {
        close();
      }
    }
  }

  async addFont(info, name) {
    const family = info.family || name.replace(/\.(ttf|otf)$/i, '');
    const style = (info.style || '').toLowerCase();
    const weight = /black|heavy/.test(style) ? 900 : /extra ?bold/.test(style) ? 800 : /semi ?bold|demi/.test(style) ? 600 :
      /bold/.test(style) ? 700 : /medium/.test(style) ? 500 : /extra ?light/.test(style) ? 200 : /light/.test(style) ? 300 : /thin/.test(style) ? 100 : 400;
    const italic = /italic|oblique/.test(style);
    bridge.dispatch('document.addFont', { family, weight, italic, url: info.url }); // throws a BridgeError
    toast(t('upload.fontAdded', { family }));
  }

  // ---------- Drag and drop ----------
  setupDrop() {
    const stage = $('stage');
    const hint = $('drop-hint');
    let depth = 0;
    const isFiles = (e) => [...(e.dataTransfer?.types || [])].some((x) => x === 'Files' || x === 'application/x-affiche-upload');
    document.addEventListener('dragenter', (e) => {
      if (!isFiles(e)) return;
      depth++;
      hint.hidden = false;
    });
    document.addEventListener('dragleave', (e) => {
      if (!isFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) hint.hidden = true;
    });
    document.addEventListener('dragover', (e) => {
      if (!isFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('drop', (e) => {
      if (!isFiles(e)) return;
      e.preventDefault();
      depth = 0;
      hint.hidden = true;
      const r = stage.getBoundingClientRect();
      const cam = this.compositor.camera;
      const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
      const at = inside ? { x: (e.clientX - r.left - cam.panX) / cam.zoom, y: (e.clientY - r.top - cam.panY) / cam.zoom } : undefined;
      const up = e.dataTransfer.getData('application/x-affiche-upload');
      if (up) {
        this.shell.addImage(JSON.parse(up), at);
        return;
      }
      this.importFiles([...e.dataTransfer.files], at);
    });
  }
}

/** showImportToast says a Polotno design was imported, with a button listing its warnings. */
function showImportToast(warnings) {
  const n = warnings.length;
  if (n === 0) {
    toast(t('file.polotnoImportedNone'));
    return;
  }
  const list = () => h('ul', { class: 'import-warnings' }, warnings.map((w) => {
    const where = [w.pageId && t('file.polotnoPage', { id: w.pageId }), w.elementId && t('file.polotnoElement', { id: w.elementId })].filter(Boolean).join(', ');
    return h('li', { dataset: { code: w.code } }, ((lang === 'fr' && w.messageFr) || w.message) + (where ? ` (${where})` : ''));
  }));
  toast(n === 1 ? t('file.polotnoImportedOne') : t('file.polotnoImported', { n }), {
    timeout: 12000,
    action: { label: t('file.showWarnings'), run: () => showDialog(t('file.polotnoWarnings'), h('div', {}, h('p', {}, t('file.polotnoIntro')), list()), [{ label: t('common.close'), primary: true }]) },
  });
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function imageSize(file) {
  const bmp = await createImageBitmap(file);
  const r = { width: bmp.width, height: bmp.height };
  bmp.close();
  return r;
}

/** thumbnail makes a small JPEG data: URL of an image for the Uploads panel. */
async function thumbnail(file) {
  if (file.type === 'image/svg+xml') return '';
  const bmp = await createImageBitmap(file, { resizeWidth: 240, resizeQuality: 'medium' });
  const c = document.createElement('canvas');
  c.width = bmp.width;
  c.height = bmp.height;
  c.getContext('2d').drawImage(bmp, 0, 0);
  bmp.close();
  return c.toDataURL('image/png');
}
