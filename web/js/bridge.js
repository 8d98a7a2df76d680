// The boundary with Go. Go (wasm/main.go) installs globalThis.affiche with a few functions and
// calls globalThis.afficheMessage(json) for every message the editor sends. Commands go in
// through dispatch (JSON arguments); pixels come out through renderElement straight into a
// Uint8ClampedArray, never through JSON.

/** BridgeError is a command failure reported by Go: a code, messages and a JSON path. */
export class BridgeError extends Error {
  constructor(e) {
    super(e.message || e.code || 'error');
    this.code = e.code;
    this.messageFr = e.messageFr;
    this.path = e.path;
  }
  /** text returns the message in the interface language. */
  text(lang) { return (lang === 'fr' && this.messageFr) || this.message; }
}

const subscribers = new Map();
let queue = [];

/** on subscribes fn(data, type) to a message type ("UpdateDocument", …; "*" for all). */
export function on(type, fn) {
  if (!subscribers.has(type)) subscribers.set(type, new Set());
  subscribers.get(type).add(fn);
  return () => subscribers.get(type).delete(fn);
}

function deliver(msg) {
  for (const fn of subscribers.get(msg.type) || []) fn(msg.data, msg.type);
  for (const fn of subscribers.get('*') || []) fn(msg.data, msg.type);
}

// Go calls this for each message, synchronously, while a dispatch/pointer/key call runs.
// Messages are delivered in order; a handler that calls back into Go gets its messages after
// the current ones (no re-entrancy surprises).
let delivering = false;
globalThis.afficheMessage = (json) => {
  queue.push(JSON.parse(json));
  if (delivering) return;
  delivering = true;
  try {
    while (queue.length) deliver(queue.shift());
  } finally {
    delivering = false;
  }
};

let go = null;

/** ready resolves when Go has installed its functions (called from main.js). */
export function attach(api) { go = api; }

function parseResult(s) {
  if (s === undefined || s === null || s === '') return null;
  const r = JSON.parse(s);
  if (r && r.error) throw new BridgeError(r.error);
  return r ? r.result ?? null : null;
}

/** dispatch runs a command of Go's registry by name with arguments; returns its result. */
export function dispatch(name, args) {
  return parseResult(go.dispatch(name, args === undefined ? '' : JSON.stringify(args)));
}

/** tryDispatch is dispatch that reports failures to onError instead of throwing. */
export function tryDispatch(name, args, onError) {
  try {
    return dispatch(name, args);
  } catch (e) {
    (onError || defaultError)(e);
    return undefined;
  }
}

let defaultError = (e) => console.error(e);
/** setErrorHandler sets what tryDispatch does with an error by default. */
export function setErrorHandler(fn) { defaultError = fn; }

/** pointer sends a pointer event (editor.PointerEvent) to Go. */
export function pointer(ev) { go.pointer(JSON.stringify(ev)); }

/** key sends a key event (editor.Key) to Go; returns true when Go used it. */
export function key(ev) { return go.key(JSON.stringify(ev)); }

/**
 * renderElement asks Go for the pixels of one element at `scale` device pixels per point.
 * Returns {x, y, width, height, pixels} (x, y: the bitmap's top-left corner in device pixels
 * of the page), {empty: true} when it draws nothing, or {need: {fonts: […], images: […]}}
 * when resources must be handed over first.
 */
export function renderElement(id, scale) { return go.renderElement(id, scale); }

/** renderPage draws a whole page (background included) at `scale`, for thumbnails. */
export function renderPage(pageId, scale) { return go.renderPage(pageId, scale); }

/** renderBackground draws the current page's background (fill and image) at `scale`. */
export function renderBackground(pageId, scale) { return go.renderBackground(pageId, scale); }

/** addFont registers font bytes under a family, weight and style in Go's font registry. */
export function addFont(family, weight, italic, bytes) {
  const err = go.addFont(family, weight, italic, bytes);
  if (err) throw new Error(err);
}

/** setImage hands Go the decoded RGBA pixels (non-premultiplied) of an image URL. */
export function setImage(url, width, height, rgba, naturalWidth, naturalHeight) {
  go.setImage(url, width, height, rgba, naturalWidth, naturalHeight);
}

/** setSource hands Go the raw bytes of an SVG (Go parses and draws SVG itself). */
export function setSource(url, bytes) {
  const err = go.setSource(url, bytes);
  if (err) throw new Error(err);
}

/** markMissing tells Go a resource cannot be had: draw without it (fallback font, placeholder). */
export function markMissing(kind, key) { go.markMissing(kind, key); }

/** setFontCatalogue hands Go the server's font catalogue (JSON text). */
export function setFontCatalogue(json) { go.setFontCatalogue(json); }

/** memory returns Go's heap figures (bytes). */
export function memory() { return JSON.parse(go.memory()); }
