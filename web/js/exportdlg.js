// The export dialog: PDF for the print shop, PNG or JPEG for screens, through the server's
// /api/export with a progress bar fed by its websocket; when the server cannot be reached, a
// PNG computed in the browser by the same renderer (Go in wasm).

import * as bridge from './bridge.js';
import { t, lang, formatNumber } from './i18n.js';
import { h, icon, showDialog, toast } from './ui.js';

const BLEED_3MM = (3 * 72) / 25.4;
const PREFS_KEY = 'affiche.export';

const PRESETS = {
  print: { format: 'pdf', dpi: 300, bleed: true, cropMarks: true },
  web: { format: 'png', dpi: 72, bleed: false, cropMarks: false },
};

function loadPrefs() {
  try { return { ...PRESETS.print, preset: 'print', quality: 90, ...JSON.parse(localStorage.getItem(PREFS_KEY) || '{}') }; } catch { return { ...PRESETS.print, preset: 'print', quality: 90 }; }
}

function savePrefs(p) {
  try { localStorage.setItem(PREFS_KEY, JSON.stringify(p)); } catch { /* ignore */ }
}

/** serverReachable asks the export endpoint for its formats (quickly). */
async function serverInfo() {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 2500);
  try {
    const res = await fetch('api/export', { signal: ctl.signal, headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** parsePages reads "1-3, 5" into 0-based indices (null when invalid). */
export function parsePages(text, count) {
  const out = [];
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = part.match(/^(\d+)(?:-(\d+))?$/);
    if (!m) return null;
    const a = +m[1], b = m[2] ? +m[2] : a;
    if (a < 1 || b < a || b > count) return null;
    for (let i = a; i <= b; i++) if (!out.includes(i - 1)) out.push(i - 1);
  }
  return out.length ? out : null;
}

/** openExportDialog shows the export dialog for the current document. */
export async function openExportDialog(shell) {
  const doc = shell.doc;
  if (!doc) return;
  const prefs = loadPrefs();
  const info = await serverInfo();
  const offline = !info;
  if (offline) prefs.format = 'png';

  const radio = (name, value, checked, ...content) => h('label', {}, h('input', { type: 'radio', name, value, checked: checked || null }), ...content);
  const formatCards = h('div', { class: 'choice-cards', role: 'radiogroup', 'aria-label': t('export.format') },
    radio('format', 'pdf', prefs.format === 'pdf', h('strong', {}, icon('file-type-pdf', 'icon sm'), ' ', t('export.pdf')), h('small', {}, t('export.pdfHint'))),
    radio('format', 'png', prefs.format === 'png', h('strong', {}, icon('file-type-png', 'icon sm'), ' ', t('export.png')), h('small', {}, t('export.pngHint'))),
    radio('format', 'jpeg', prefs.format === 'jpeg', h('strong', {}, icon('file-type-jpg', 'icon sm'), ' ', t('export.jpeg')), h('small', {}, t('export.jpegHint'))));
  const presetSeg = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('export.preset') },
    radio('preset', 'print', prefs.preset === 'print', t('export.presetPrint')),
    radio('preset', 'web', prefs.preset === 'web', t('export.presetWeb')),
    radio('preset', 'custom', prefs.preset === 'custom', t('export.presetCustom')));
  const dpi = h('select', { 'aria-label': t('export.dpi') },
    [72, 96, 150, 200, 300, 600].map((d) => h('option', { value: d, selected: +prefs.dpi === d || null }, `${d} dpi`)));
  const quality = h('input', { type: 'range', min: 40, max: 100, step: 1, value: prefs.quality || 90, 'aria-label': t('export.quality') });
  const qualityOut = h('output', {}, String(prefs.quality || 90));
  quality.addEventListener('input', () => { qualityOut.textContent = quality.value; });
  const bleedMM = doc.bleed > 0 ? (doc.bleed * 25.4) / 72 : 3;
  const bleed = h('input', { type: 'checkbox', checked: prefs.bleed || null });
  const crop = h('input', { type: 'checkbox', checked: prefs.cropMarks || null });
  const pageMode = h('select', { 'aria-label': t('export.pages') },
    h('option', { value: 'all' }, t('export.allPages') + ` (${doc.pages.length})`),
    h('option', { value: 'current' }, t('export.currentPage') + ` (${doc.currentIndex + 1})`),
    h('option', { value: 'range' }, t('export.range')));
  const range = h('input', { type: 'text', placeholder: '1-3, 5', 'aria-label': t('export.range'), size: 10, hidden: true });
  pageMode.addEventListener('change', () => { range.hidden = pageMode.value !== 'range'; if (!range.hidden) range.focus(); });
  if (doc.pages.length === 1) pageMode.value = 'all';
  const note = h('p', { class: 'note' });
  const errorText = h('p', { class: 'error-text', role: 'alert' });
  const bar = h('i');
  const progress = h('div', { class: 'progress', hidden: true, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, bar);
  const statusText = h('p', { class: 'note', 'aria-live': 'polite' });

  const body = h('div', { class: 'export-body' },
    offline && h('p', { class: 'error-text' }, icon('cloud-off', 'icon sm'), ' ', t('export.offlineNote')),
    h('div', { class: 'field' }, h('span', {}, t('export.format')), formatCards),
    h('div', { class: 'row preset-row' }, h('span', { class: 'field-label' }, t('export.preset')), presetSeg),
    h('div', { class: 'row' },
      h('label', { class: 'field' }, h('span', {}, t('export.dpi')), dpi),
      h('label', { class: 'field jpeg-only' }, h('span', {}, t('export.quality')), h('div', { class: 'row' }, quality, qualityOut)),
      h('div', { class: 'field' }, h('span', {}, t('export.pages')), h('div', { class: 'row' }, pageMode, range))),
    h('div', { class: 'row print-only' },
      h('label', { class: 'check' }, bleed, t('export.bleed', { mm: formatNumber(bleedMM, 1) })),
      h('label', { class: 'check pdf-only' }, crop, t('export.cropMarks'))),
    note, progress, statusText, errorText);

  const get = (name) => body.querySelector(`input[name="${name}"]:checked`)?.value;
  const sync = () => {
    const f = get('format');
    body.querySelector('.jpeg-only').hidden = f !== 'jpeg';
    body.querySelector('.pdf-only').hidden = f !== 'pdf';
    if (offline) {
      // The browser draws PNGs of the trimmed page only.
      for (const i of formatCards.querySelectorAll('input')) i.disabled = i.value !== 'png';
      body.querySelector('.preset-row').hidden = true;
      body.querySelector('.print-only').hidden = true;
      bleed.checked = false;
    }
    const pages = pagesOf();
    const page = doc.pages[pages?.[0] ?? doc.currentIndex];
    const withBleed = bleed.checked ? (doc.bleed > 0 ? doc.bleed : BLEED_3MM) * 2 : 0;
    const notes = [];
    if (f !== 'pdf' && page) {
      const k = +dpi.value / 72;
      notes.push(t('export.pixels', { w: Math.round((page.width + withBleed) * k), h: Math.round((page.height + withBleed) * k) }));
    }
    if (get('preset') === 'print') notes.push(t('export.printNote'));
    if (get('preset') === 'web') notes.push(t('export.webNote'));
    if (f !== 'pdf' && pages && pages.length > 1) notes.push(t('export.zip'));
    note.textContent = notes.join(' ');
  };
  const pagesOf = () => {
    if (pageMode.value === 'current') return [doc.currentIndex];
    if (pageMode.value === 'range') return parsePages(range.value, doc.pages.length);
    return doc.pages.map((_, i) => i);
  };
  const applyPreset = (name) => {
    const p = PRESETS[name];
    if (!p) return;
    body.querySelector(`input[name="format"][value="${p.format}"]`).checked = true;
    dpi.value = String(p.dpi);
    bleed.checked = p.bleed;
    crop.checked = p.cropMarks;
  };
  presetSeg.addEventListener('change', () => { applyPreset(get('preset')); sync(); });
  for (const el of [formatCards, dpi, bleed, crop]) {
    el.addEventListener('change', () => {
      const match = Object.entries(PRESETS).find(([, p]) => p.format === get('format') && p.dpi === +dpi.value && p.bleed === bleed.checked && (p.format !== 'pdf' || p.cropMarks === crop.checked));
      body.querySelector(`input[name="preset"][value="${match ? match[0] : 'custom'}"]`).checked = true;
      sync();
    });
  }
  for (const el of [pageMode, range]) el.addEventListener('input', sync);
  sync();

  let running = null;
  const dlg = showDialog(t('export.title'), body, [
    { label: t('common.cancel'), run: () => { running?.abort(); } },
    {
      label: t('export.start'), primary: true, id: 'export-start',
      run: async () => {
        errorText.textContent = '';
        const pages = pagesOf();
        if (!pages) {
          errorText.textContent = t('export.badRange');
          return false;
        }
        const opts = {
          format: get('format'), dpi: +dpi.value, pages: pages.map((i) => i + 1), quality: +quality.value,
          // The document's bleed when it has one, else the French norm of 3 mm.
          bleed: bleed.checked ? (doc.bleed > 0 ? true : '3mm') : false, cropMarks: crop.checked && get('format') === 'pdf',
        };
        savePrefs({ format: opts.format, dpi: opts.dpi, bleed: bleed.checked, cropMarks: crop.checked, quality: opts.quality, preset: get('preset') });
        const startBtn = dlg.querySelector('[data-id="export-start"]');
        startBtn.disabled = true;
        progress.hidden = false;
        try {
          running = new AbortController();
          if (offline) await exportInBrowser(shell, doc, pages, +dpi.value, bleed.checked, setProgress, running.signal);
          else await exportOnServer(shell, opts, setProgress, running.signal);
          return true;
        } catch (e) {
          if (e.name === 'AbortError') return true;
          if (!offline && e.network) {
            // The server went away between opening the dialog and exporting.
            toast(t('export.offline'));
            await exportInBrowser(shell, doc, pages, +dpi.value, bleed.checked, setProgress, running.signal);
            return true;
          }
          errorText.textContent = t('export.error', { error: e.text ? e.text(lang) : e.message });
          startBtn.disabled = false;
          return false;
        } finally {
          running = null;
        }
      },
    },
  ], { onClose: () => running?.abort() });

  function setProgress(fraction, text) {
    bar.style.width = Math.round(Math.max(0.03, fraction) * 100) + '%';
    progress.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    statusText.textContent = text || '';
  }
}

/** exportOnServer posts the document to /api/export and follows its progress. */
async function exportOnServer(shell, opts, setProgress, signal) {
  const json = shell.files.documentJSON({});
  const id = 'x' + crypto.getRandomValues(new Uint32Array(3)).join('').slice(0, 24);
  let ws = null;
  try {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}${location.pathname.replace(/[^/]*$/, '')}api/export/progress?id=${id}`);
    ws.onmessage = (m) => {
      let ev;
      try { ev = JSON.parse(m.data); } catch { return; }
      if (ev.state === 'queued') setProgress(0.02, t('export.queued') + (ev.position ? ` (${ev.position})` : ''));
      else if (ev.state === 'rendering') setProgress(ev.progress || 0, t('export.rendering', { page: ev.done + 1, pages: ev.pages }));
      else if (ev.state === 'done') setProgress(1, t('export.sending'));
    };
  } catch { /* progress is a nicety */ }
  setProgress(0.02, t('export.running'));
  let res;
  try {
    res = await fetch('api/export', {
      method: 'POST', signal,
      headers: { 'Content-Type': 'application/json' },
      body: `{"id":${JSON.stringify(id)},"options":${JSON.stringify(opts)},"scene":${json}}`,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    const err = new Error(t('err.server'));
    err.network = true;
    throw err;
  } finally {
    setTimeout(() => ws?.close(), 500);
  }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    const e = new Error(body?.message || `HTTP ${res.status}`);
    e.text = (l) => ((l === 'fr' && body?.messageFr) || body?.message || `HTTP ${res.status}`) + (body?.path ? ` (${body.path})` : '');
    throw e;
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') || '';
  const m = cd.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  const name = m ? decodeURIComponent(m[1]) : 'affiche.' + (opts.format === 'jpeg' ? 'jpg' : opts.format);
  setProgress(1, '');
  saveBlob(blob, name);
  toast(t('export.done', { name }));
}

/** exportInBrowser draws pages with the wasm renderer and downloads PNGs (no server needed). */
async function exportInBrowser(shell, doc, pages, dpi, withBleed, setProgress, signal) {
  const scale = dpi / 72;
  for (let n = 0; n < pages.length; n++) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    const page = doc.pages[pages[n]];
    setProgress(n / pages.length, t('export.rendering', { page: n + 1, pages: pages.length }));
    let r;
    for (let tries = 0; tries < 4; tries++) {
      r = bridge.renderPage(page.id, scale, withBleed);
      if (!r || !r.need) break;
      await shell.resources.request(r.need);
    }
    if (!r || !r.pixels) throw new Error(t('export.error', { error: 'render' }));
    const c = new OffscreenCanvas(r.width, r.height);
    c.getContext('2d').putImageData(new ImageData(r.pixels, r.width, r.height), 0, 0);
    const blob = await c.convertToBlob({ type: 'image/png' });
    const base = (doc.title || t('file.defaultName')).replace(/[\\/:*?"<>|]+/g, '-');
    const name = pages.length > 1 ? `${base}-${pages[n] + 1}.png` : `${base}.png`;
    saveBlob(blob, name);
    await new Promise((res) => setTimeout(res, 50));
  }
  setProgress(1, '');
  toast(t('export.done', { name: doc.title || t('file.defaultName') }));
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}
