// Affiche's editor page: loads the Go editor (WebAssembly), wires its messages to the
// compositor, the overlay and the shell, and restores the autosaved work.

import { applyI18n, t, lang, onLangChange } from './i18n.js';
import * as bridge from './bridge.js';
import { Compositor } from './compositor.js';
import { Overlay } from './overlay.js';
import { Resources } from './resources.js';
import { Input } from './input.js';
import { TextInput } from './textinput.js';
import { Shell } from './shell.js';
import { Files } from './files.js';
import { $, toast } from './ui.js';

performance.mark('affiche-start');

/** startGo downloads, compiles and starts the wasm editor; resolves when its API is installed. */
async function startGo() {
  if (typeof Go !== 'function') throw new Error(t('err.wasm'));
  const go = new Go();
  const ready = new Promise((resolve) => { globalThis.afficheReady = resolve; });
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch('affiche.wasm'), go.importObject));
  } catch (e) {
    // A server that sends the wasm without its MIME type: compile from bytes.
    const res = await fetch('affiche.wasm');
    if (!res.ok) throw new Error(t('err.wasm') + ` (HTTP ${res.status})`);
    ({ instance } = await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject));
  }
  performance.mark('affiche-compiled');
  globalThis.afficheWasmMemory = instance.exports.mem;
  go.run(instance).then(() => {
    showFatal(new Error(t('err.wasm')));
  });
  await ready;
  return globalThis.affiche;
}

function showFatal(err) {
  const splash = $('splash');
  $('app').classList.add('is-loading');
  splash.classList.add('error');
  $('splash-text').textContent = t('splash.error', { error: err.message || String(err) });
  console.error(err);
}

async function boot() {
  applyI18n();
  globalThis.afficheLang = lang;
  const resources = new Resources();
  // Everything that does not need Go starts at once, in parallel with the wasm download.
  const catalogueText = fetch('api/fonts').then((r) => (r.ok ? r.text() : Promise.reject(new Error('HTTP ' + r.status))));
  const files = new Files();
  const saved = files.readAutosave();

  const api = await startGo();
  bridge.attach(api);
  performance.mark('affiche-go');

  const stage = $('stage');
  const compositor = new Compositor($('view'), stage, resources);
  const overlay = new Overlay($('overlay'), stage);
  overlay.cropImage = (id) => {
    const src = api.elementSrc(id);
    return src ? resources.cropBitmap(src, () => overlay.invalidate()) : null;
  };
  const shell = new Shell({ compositor, overlay, resources, files });
  const textInput = new TextInput($('text-input'), overlay, shell);
  const input = new Input(stage, compositor, overlay, shell, textInput);
  files.attach({ shell, resources, compositor });
  bridge.setErrorHandler((e) => shell.showError(e));
  resources.onError = (kind, url, e) => shell.resourceError(kind, url, e);

  // Messages from Go.
  bridge.on('UpdateDocument', (d) => { compositor.setDocument(d); shell.onDocument(d); files.onDocument(d); });
  bridge.on('InvalidateElements', (inv) => { compositor.invalidate(inv); shell.onInvalidate(inv); });
  bridge.on('UpdateCamera', (c) => { compositor.setCamera(c); overlay.setCamera(c); shell.onCamera(c); textInput.place(); });
  bridge.on('UpdateOverlay', (o) => overlay.setOverlay(o));
  bridge.on('UpdateTransient', (tu) => { compositor.setTransient(tu); overlay.setGesture(tu.gesture); });
  bridge.on('UpdateSelection', (s) => {
    shell.onSelection(s);
    compositor.selection = s;
    if (!s.editing && overlay.text) overlay.setTextEdit(null);
  });
  bridge.on('UpdateProperties', (p) => shell.onProperties(p));
  bridge.on('UpdateHistory', (h) => shell.onHistory(h));
  bridge.on('UpdateCommands', (c) => shell.onCommands(c));
  bridge.on('UpdateTool', (tl) => shell.onTool(tl));
  bridge.on('UpdateTextEdit', (te) => { overlay.setTextEdit(te); textInput.onUpdate(te); shell.onTextEdit(te); });
  bridge.on('TriggerTextEdit', (tr) => {
    textInput.trigger(tr);
    if (!tr.active) overlay.setTextEdit(null); // no caret left behind once editing ends
  });
  bridge.on('DisplayError', (e) => shell.showError(new bridge.BridgeError(e)));

  // Fonts: the catalogue (the font list and what Go fetches), then the autosaved work.
  try {
    const text = await catalogueText;
    bridge.setFontCatalogue(text);
    const data = JSON.parse(text);
    resources.catalogue = data.families || data;
  } catch (e) {
    toast(t('err.fonts'), { error: true });
  }
  shell.setFontCatalogue(resources.catalogue);
  performance.mark('affiche-fonts');

  const resize = () => {
    const { width, height } = compositor.resize();
    overlay.resize(compositor.dpr);
    bridge.tryDispatch('view.resize', { width, height });
  };
  resize();
  new ResizeObserver(resize).observe(stage);
  // Moving the window to a screen of another pixel density redraws everything sharp there.
  const watchDensity = () => matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`)
    .addEventListener('change', () => { resize(); watchDensity(); }, { once: true });
  watchDensity();

  // The autosave is restored as soon as IndexedDB answers — without holding up the canvas
  // (opening the database the first time can take a few hundred milliseconds) — unless the
  // user has started working meanwhile, in which case it is offered instead.
  const startRevision = shell.doc?.revision ?? 0;
  saved.then((record) => {
    performance.mark('affiche-autosave-read');
    if (!record?.json) return;
    const restore = () => {
      if (files.restore(record)) {
        toast(t('save.restored'), { action: { label: t('save.startOver'), run: () => files.newDocument(true) }, timeout: 8000 });
      }
    };
    if ((shell.doc?.revision ?? 0) === startRevision) restore();
    else toast(t('save.offer'), { action: { label: t('save.offerAction'), run: restore }, timeout: 0 });
  });
  api.dispatch('view.fit', '');
  shell.ready();
  performance.mark('affiche-shell');
  onLangChange((l) => { globalThis.afficheLang = l; bridge.tryDispatch('editor.setLang', { lang: l }, () => {}); });
  // Ready when the first frame after the restore is on screen.
  compositor.firstFrameDone = false;
  compositor.onFirstFrame = () => {
    performance.mark('affiche-ready');
    $('app').classList.remove('is-loading');
    document.documentElement.dataset.ready = 'true';
  };
  compositor.invalidateView();
  stage.focus({ preventScroll: true });
  globalThis.afficheDebug = { compositor, overlay, resources, shell, files, bridge, input };
}

boot().catch(showFatal);
