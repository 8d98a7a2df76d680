// The server's library and template routes (docs/api.md, "Libraries" and "Templates"), as the
// Elements, Photos and Templates panels use them. Provider keys never reach the browser: every
// search, thumbnail and insertion goes through these routes.

import { lang } from './i18n.js';

/** ApiError is an error answer of the server: {code, message, messageFr, provider, retryAfter}. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || (status ? 'http_' + status : 'network');
    this.messageFr = body?.messageFr;
    this.provider = body?.provider;
    this.retryAfter = body?.retryAfter;
  }
  /** text returns the message in the interface language. */
  text(l = lang) { return (l === 'fr' && this.messageFr) || this.message; }
  /** quota is true for a provider's rate limit: shown as information, not as a failure. */
  get quota() { return this.code === 'quota' || this.status === 429; }
}

async function getJSON(url, opts = {}) {
  let res;
  try {
    res = await fetch(url, opts);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { message: 'the server cannot be reached', messageFr: 'le serveur est injoignable' });
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/** rel makes a server URL ("/api/…") relative to the app, so a path prefix keeps working. */
export const rel = (u) => (typeof u === 'string' && u.startsWith('/') && !u.startsWith('//') ? u.slice(1) : u);

let librariesPromise = null;

/** libraries returns what the library offers on this server (GET /api/libraries), once. */
export function libraries() {
  if (!librariesPromise) {
    librariesPromise = getJSON('api/libraries').catch((e) => { librariesPromise = null; throw e; });
  }
  return librariesPromise;
}

/**
 * search asks GET /api/library/search. params: {q, kind, provider, page, perPage, signal}.
 * Answers {items, total, page, perPage, nextPage, sources, notices}.
 */
export function search({ q = '', kind, provider, page = 1, perPage, signal } = {}) {
  const p = new URLSearchParams();
  p.set('q', q);
  if (kind) p.set('kind', kind);
  if (provider) p.set('provider', provider);
  if (page > 1) p.set('page', String(page));
  if (perPage) p.set('perPage', String(perPage));
  p.set('lang', lang);
  return getJSON('api/library/search?' + p, { signal });
}

/** itemPath is the URL path of an item id (ids keep their ":" and "/"). */
const itemPath = (id) => 'api/library/items/' + encodeURI(id).replace(/[?#]/g, encodeURIComponent);

/**
 * insert tells the server an item is placed in the design (POST …/insert): it runs the
 * provider's duties (Unsplash's download event, Pixabay's copy) and answers the element to
 * create: {type, src, width, height, mime, title, credit, colors?, shape?}.
 */
export function insert(item, color) {
  const body = { item };
  if (color) body.color = color;
  return getJSON(itemPath(item.id) + '/insert', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
}

let templatesPromise = null;

/** templates lists the template gallery (GET /api/templates), once. */
export function templates() {
  if (!templatesPromise) {
    templatesPromise = getJSON('api/templates').catch((e) => { templatesPromise = null; throw e; });
  }
  return templatesPromise;
}

/** templateText returns a template's scene JSON as text (GET /api/templates/{id}). */
export async function templateText(t) {
  let res;
  try {
    res = await fetch(rel(t.url) || 'api/templates/' + encodeURIComponent(t.id));
  } catch {
    throw new ApiError(0, { message: 'the server cannot be reached', messageFr: 'le serveur est injoignable' });
  }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, body);
  }
  return res.text();
}
