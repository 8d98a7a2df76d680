// Placing library items in the design. The server is told first (POST …/insert: it runs the
// provider's duties and answers the element to create), then the element is made through the
// editor's own commands, so the new element is selected and Ctrl+Z removes it in one step.
// The page keeps no copy of the document: it only reads the last UpdateDocument for sizes.

import * as bridge from './bridge.js';
import { t } from './i18n.js';
import { insert } from './libapi.js';

/** ICON_COLOR is the colour a recolourable icon gets when inserted (the shapes' navy). */
export const ICON_COLOR = '#1d3557';

/** BACKGROUND_NAMES are the names a "page background" image gets, in both languages. */
const BACKGROUND_NAMES = ['Fond de page', 'Page background'];

const A4_SHORT_SIDE = 595.28;

/** pageScale sizes inserted items to the page: 1 on A4, larger on a poster, smaller on A6. */
function pageScale(page) {
  const m = Math.min(page.width, page.height);
  return Math.min(3, Math.max(0.4, m / A4_SHORT_SIDE));
}

const round = (v) => Math.round(v * 100) / 100;

/**
 * elementArgs turns an insertion answer into the arguments of `element.add`, centred on the
 * page point `at`: icons about 120 pt on A4 (illustrations 150 pt), photos fitting half the
 * page, shape presets at their default size, all scaled with the page.
 */
export function elementArgs(ins, item, page, at) {
  const s = pageScale(page);
  const args = {};
  const props = {};
  let w, h;
  if (ins.title) props.name = ins.title;
  if (ins.credit) props.credit = ins.credit;
  if (ins.type === 'shape' || ins.type === 'line') {
    const p = ins.shape || {};
    w = (p.width || ins.width || 160) * s;
    h = (p.height || ins.height || 160) * s;
    args.type = ins.type;
    if (ins.type === 'shape') {
      args.shape = p.shape || 'rect';
      props.fill = p.fill || null;
      if (p.sides) props.sides = p.sides;
      if (p.innerRadius) props.innerRadius = p.innerRadius;
      if (p.cornerRadius) props.cornerRadius = round(p.cornerRadius * s);
    }
    if (p.stroke) {
      props.stroke = { color: p.stroke, width: round((p.strokeWidth || 2) * s) };
      if (p.dash) props.stroke.dash = p.dash;
      if (p.cap) props.stroke.cap = p.cap;
    }
    if (p.startHead) props.startHead = p.startHead;
    if (p.endHead) props.endHead = p.endHead;
    delete props.credit; // Affiche's own shapes credit nobody
  } else {
    const nw = ins.width > 0 ? ins.width : 1;
    const nh = ins.height > 0 ? ins.height : 1;
    if (ins.type === 'svg') {
      const k = ((item?.kind === 'illustration' ? 150 : 120) * s) / Math.max(nw, nh);
      w = nw * k;
      h = nh * k;
      if (ins.colors) props.colors = ins.colors;
    } else {
      const k = Math.min((page.width * 0.5) / nw, (page.height * 0.5) / nh);
      w = nw * k;
      h = nh * k;
    }
    args.type = ins.type === 'svg' ? 'svg' : 'image';
    args.src = ins.src;
    args.naturalWidth = nw;
    args.naturalHeight = nh;
  }
  w = round(w);
  h = round(h);
  Object.assign(args, { x: round(at.x - w / 2), y: round(at.y - h / 2), width: w, height: h });
  if (Object.keys(props).length) args.props = props;
  return args;
}

/**
 * placeItem inserts a search result in the current page at `at` (a page point: the drop
 * point) or at the centre of the view, and selects it. Returns the new element's id.
 * Errors (quota, provider unreachable) are thrown as ApiError/BridgeError for the caller.
 */
export async function placeItem(shell, item, { at } = {}) {
  const ins = await insert(item, item.kind === 'icon' ? ICON_COLOR : undefined);
  const page = shell.currentPage() || { width: 595.28, height: 841.89 };
  const args = elementArgs(ins, item, page, at || shell.viewCenter());
  return bridge.dispatch('element.add', args)?.id;
}

/**
 * setBackground makes an image cover the whole page behind everything, locked so that clicks
 * on the page do not grab it. The editor has no command to set a page's background image
 * (page.setBackground takes a colour or gradient), so the background is a locked,
 * page-sized image at the back — which also keeps its credit for the export's credits.
 * Applying another background replaces the image of the previous one in one step.
 */
export async function setBackground(shell, item) {
  const ins = await insert(item);
  if (ins.type !== 'image' || !ins.src) throw new Error(t('lib.notBackground'));
  const page = shell.currentPage() || { width: 595.28, height: 841.89 };
  const bottom = (shell.doc?.elements || []).find((e) => !e.parent);
  if (bottom && bottom.type === 'image' && BACKGROUND_NAMES.includes(bottom.name)) {
    bridge.dispatch('selection.select', { ids: [bottom.id], mode: 'replace' });
    bridge.dispatch('selection.set', { src: ins.src, credit: ins.credit || null, crop: null });
  } else {
    const el = {
      id: 'background', type: 'image', name: t('lib.backgroundName'), x: 0, y: 0,
      width: page.width, height: page.height, opacity: 1, src: ins.src, fit: 'cover',
    };
    if (ins.credit) el.credit = ins.credit;
    // Pasted elements land where they were copied, on top: send it to the back, then lock it.
    bridge.dispatch('clipboard.paste', { text: JSON.stringify({ format: 'affiche-clipboard', version: 1, elements: [el] }) });
    // A paste onto an element of exactly the same bounds moves aside by 10 pt: put it back.
    const b = shell.selection?.bounds;
    if (b && (Math.abs(b.x) > 0.01 || Math.abs(b.y) > 0.01)) bridge.dispatch('selection.set', { x: 0, y: 0 });
    bridge.dispatch('selection.back');
    bridge.dispatch('selection.set', { locked: true });
  }
  bridge.dispatch('selection.none');
}
