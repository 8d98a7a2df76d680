// The overlay canvas above the page: selection outlines and handles, hover, rubber band, snap
// guides and measurement labels, the crop frame, and the text caret and selection — all drawn
// from Go's UpdateOverlay and UpdateTextEdit messages, in page points mapped by the camera.

const ACCENT = '#3b5bdb';
const GUIDE = '#e8366f';
const HANDLE = 9; // corner handle diameter, CSS px
const CARET_BLINK = 530;

/** Overlay draws Go's overlay messages on a transparent canvas above the view. */
export class Overlay {
  constructor(canvas, stage) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.stage = stage;
    this.data = null; // editor.Overlay
    this.text = null; // editor.TextEditUpdate while editing
    this.camera = { zoom: 1, panX: 0, panY: 0 };
    this.dpr = 1;
    this.caretOn = true;
    this.blinkTimer = 0;
    this.cropImage = null; // fn(id) → drawable of the whole source image, for the crop view
    this.scheduled = false;
  }

  resize(dpr) {
    const r = this.stage.getBoundingClientRect();
    this.dpr = dpr;
    const w = Math.max(1, Math.round(r.width * dpr)), h = Math.max(1, Math.round(r.height * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.canvas.style.width = r.width + 'px';
      this.canvas.style.height = r.height + 'px';
    }
    this.invalidate();
  }

  setCamera(cam) { this.camera = cam; this.invalidate(); }

  /** setGesture follows Go's UpdateTransient (the gesture in progress, "" when none). */
  setGesture(g) {
    if (g !== this.gesture) {
      this.gesture = g;
      this.invalidate();
    }
  }

  setOverlay(o) {
    this.data = o;
    this.stage.style.cursor = cssCursor(o?.cursor);
    this.invalidate();
  }

  setTextEdit(te) {
    this.text = te && te.id ? te : null;
    this.caretOn = true;
    clearInterval(this.blinkTimer);
    if (this.text) {
      this.blinkTimer = setInterval(() => { this.caretOn = !this.caretOn; this.invalidate(); }, CARET_BLINK);
    }
    this.invalidate();
  }

  invalidate() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => { this.scheduled = false; this.draw(); });
  }

  /** toScreen maps page points to canvas device pixels. */
  toScreen(x, y) {
    const { zoom, panX, panY } = this.camera;
    return [(x * zoom + panX) * this.dpr, (y * zoom + panY) * this.dpr];
  }

  quadPath(q) {
    const ctx = this.ctx;
    ctx.beginPath();
    q.forEach(([x, y], i) => {
      const [sx, sy] = this.toScreen(x, y);
      if (i === 0) ctx.moveTo(sx, sy); else ctx.lineTo(sx, sy);
    });
    ctx.closePath();
  }

  draw() {
    const ctx = this.ctx, d = this.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const o = this.data;
    if (this.text) this.drawText();
    if (!o) return;
    ctx.lineJoin = 'round';
    if (o.crop) this.drawCrop(o.crop);
    if (o.scope) {
      ctx.setLineDash([5 * d, 4 * d]);
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 1 * d;
      this.quadPath(o.scope);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (o.hover) {
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 1.5 * d;
      this.quadPath(o.hover);
      ctx.stroke();
    }
    for (const q of o.selection || []) {
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = (o.selection.length > 1 ? 1 : 1.5) * d;
      this.quadPath(q);
      ctx.stroke();
    }
    if (o.frame && (o.selection || []).length > 1) {
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 1 * d;
      ctx.setLineDash([4 * d, 3 * d]);
      this.quadPath(o.frame);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (o.brush) {
      const b = o.brush;
      const [x0, y0] = this.toScreen(b.x, b.y);
      const [x1, y1] = this.toScreen(b.x + b.width, b.y + b.height);
      ctx.fillStyle = 'rgba(59, 91, 219, 0.08)';
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 1 * d;
      ctx.strokeRect(x0 + 0.5, y0 + 0.5, x1 - x0, y1 - y0);
    }
    for (const g of o.guides || []) this.drawGuide(g);
    // While elements are being moved, the handles would only hide what the user aligns.
    if (!o.locked && this.gesture !== 'move') for (const hd of o.handles || []) this.drawHandle(hd, o);
    if (o.locked && o.frame) this.drawLock(o.frame);
    for (const l of o.labels || []) this.drawLabel(l);
  }

  drawGuide(g) {
    const ctx = this.ctx, d = this.dpr;
    const [x1, y1] = this.toScreen(g.x1, g.y1);
    const [x2, y2] = this.toScreen(g.x2, g.y2);
    ctx.strokeStyle = GUIDE;
    ctx.lineWidth = Math.max(1, Math.round(1.25 * d));
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(Math.round(x1) + 0.5, Math.round(y1) + 0.5);
    ctx.lineTo(Math.round(x2) + 0.5, Math.round(y2) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
    if (g.kind === 'spacing') {
      // Small end ticks show the measured gap.
      const ang = Math.atan2(y2 - y1, x2 - x1) + Math.PI / 2;
      const tx = Math.cos(ang) * 4 * d, ty = Math.sin(ang) * 4 * d;
      ctx.beginPath();
      ctx.moveTo(x1 - tx, y1 - ty); ctx.lineTo(x1 + tx, y1 + ty);
      ctx.moveTo(x2 - tx, y2 - ty); ctx.lineTo(x2 + tx, y2 + ty);
      ctx.stroke();
    }
  }

  drawHandle(hd, o) {
    const ctx = this.ctx, d = this.dpr;
    const [x, y] = this.toScreen(hd.x, hd.y);
    ctx.save();
    ctx.translate(x, y);
    ctx.shadowColor = 'rgba(16, 24, 40, .25)';
    ctx.shadowBlur = 3 * d;
    ctx.shadowOffsetY = 0.5 * d;
    ctx.fillStyle = '#fff';
    ctx.strokeStyle = 'rgba(16, 24, 40, .28)';
    ctx.lineWidth = 1 * d;
    const name = hd.name;
    if (name === 'rotate') {
      const r = 12 * d;
      ctx.beginPath(); ctx.arc(0, 0, r, 0, Math.PI * 2); ctx.fill(); ctx.shadowColor = 'transparent'; ctx.stroke();
      // Circular arrow.
      ctx.strokeStyle = '#1c2230';
      ctx.lineWidth = 1.6 * d;
      ctx.beginPath(); ctx.arc(0, 0, 5.5 * d, -Math.PI * 0.15, Math.PI * 1.35); ctx.stroke();
      const a = -Math.PI * 0.15, ex = Math.cos(a) * 5.5 * d, ey = Math.sin(a) * 5.5 * d;
      ctx.beginPath(); ctx.moveTo(ex + 3 * d, ey - 1 * d); ctx.lineTo(ex, ey); ctx.lineTo(ex - 0.5 * d, ey - 3.5 * d); ctx.stroke();
    } else if (name === 'n' || name === 's' || name === 'e' || name === 'w') {
      // Edge handles are pills along the edge.
      ctx.rotate(((hd.angle || 0) * Math.PI) / 180 + (name === 'e' || name === 'w' ? Math.PI / 2 : 0));
      const w = 18 * d, h = 6 * d;
      roundRect(ctx, -w / 2, -h / 2, w, h, h / 2);
      ctx.fill(); ctx.shadowColor = 'transparent'; ctx.stroke();
    } else if (name.startsWith('img-')) {
      ctx.fillStyle = '#fff';
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 2 * d;
      ctx.beginPath(); ctx.arc(0, 0, (HANDLE / 2) * d, 0, Math.PI * 2); ctx.fill(); ctx.stroke();
    } else {
      const r = (HANDLE / 2 + (name === 'start' || name === 'end' ? 1 : 0)) * d;
      ctx.beginPath(); ctx.arc(0, 0, r, 0, Math.PI * 2); ctx.fill(); ctx.shadowColor = 'transparent'; ctx.stroke();
    }
    ctx.restore();
  }

  drawLock(q) {
    const ctx = this.ctx, d = this.dpr;
    const [x, y] = this.toScreen(q[1][0], q[1][1]);
    ctx.save();
    ctx.translate(x + 2 * d, y - 22 * d);
    ctx.fillStyle = ACCENT;
    roundRect(ctx, 0, 0, 20 * d, 20 * d, 5 * d);
    ctx.fill();
    ctx.strokeStyle = '#fff'; ctx.fillStyle = '#fff'; ctx.lineWidth = 1.6 * d;
    ctx.beginPath(); ctx.arc(10 * d, 8.5 * d, 3 * d, Math.PI, 0); ctx.stroke();
    ctx.fillRect(5.5 * d, 8.5 * d, 9 * d, 7 * d);
    ctx.restore();
  }

  drawLabel(l) {
    const ctx = this.ctx, d = this.dpr;
    const [x, y] = this.toScreen(l.x, l.y);
    ctx.save();
    ctx.font = `600 ${11.5 * d}px system-ui, sans-serif`;
    const w = ctx.measureText(l.text).width + 12 * d, h = 20 * d;
    ctx.fillStyle = l.kind === 'gap' ? GUIDE : '#1f2533';
    roundRect(ctx, x - w / 2, y - h / 2, w, h, 5 * d);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(l.text, x, y + 0.5 * d);
    ctx.restore();
  }

  drawCrop(c) {
    const ctx = this.ctx, d = this.dpr;
    // The whole image, dimmed, with the visible part (the frame) clear.
    const img = this.cropImage?.(c.id);
    if (img) {
      const q = c.image;
      const [x0, y0] = this.toScreen(q[0][0], q[0][1]);
      const [x1, y1] = this.toScreen(q[1][0], q[1][1]);
      const [x3, y3] = this.toScreen(q[3][0], q[3][1]);
      ctx.save();
      ctx.globalAlpha = 0.45;
      const w = img.width, h = img.height;
      ctx.setTransform((x1 - x0) / w, (y1 - y0) / w, (x3 - x0) / h, (y3 - y0) / h, x0, y0);
      ctx.drawImage(img, 0, 0);
      ctx.restore();
    }
    ctx.strokeStyle = 'rgba(255,255,255,.9)';
    ctx.lineWidth = 1 * d;
    this.quadPath(c.image);
    ctx.stroke();
    ctx.strokeStyle = ACCENT;
    ctx.lineWidth = 2 * d;
    this.quadPath(c.frame);
    ctx.stroke();
    // Rule-of-thirds lines inside the frame.
    const f = c.frame.map(([x, y]) => this.toScreen(x, y));
    ctx.strokeStyle = 'rgba(255,255,255,.55)';
    ctx.lineWidth = 1 * d;
    ctx.beginPath();
    for (const t of [1 / 3, 2 / 3]) {
      ctx.moveTo(lerp(f[0][0], f[1][0], t), lerp(f[0][1], f[1][1], t));
      ctx.lineTo(lerp(f[3][0], f[2][0], t), lerp(f[3][1], f[2][1], t));
      ctx.moveTo(lerp(f[0][0], f[3][0], t), lerp(f[0][1], f[3][1], t));
      ctx.lineTo(lerp(f[1][0], f[2][0], t), lerp(f[1][1], f[2][1], t));
    }
    ctx.stroke();
  }

  /** drawText draws the selection highlight and the caret of the text being edited. */
  drawText() {
    const te = this.text, ctx = this.ctx, d = this.dpr;
    const { zoom, panX, panY } = this.camera;
    const m = te.matrix || [1, 0, 0, 1, 0, 0];
    ctx.save();
    // element-local points → page points (m) → device pixels.
    const s = zoom * d;
    ctx.setTransform(s, 0, 0, s, panX * d, panY * d);
    ctx.transform(m[0], m[1], m[2], m[3], m[4], m[5]);
    if (te.rects?.length) {
      ctx.fillStyle = 'rgba(59, 91, 219, 0.28)';
      for (const r of te.rects) ctx.fillRect(r.x, r.y, r.width, r.height);
    }
    if (this.caretOn && te.caret && !(te.rects?.length)) {
      ctx.fillStyle = '#1c2230';
      const w = Math.max(1.5 * d, 1) / s;
      ctx.fillRect(te.caret.x - w / 2, te.caret.top, w, te.caret.bottom - te.caret.top);
    }
    ctx.restore();
  }

  /** caretScreenRect returns the caret's box in CSS pixels of the stage (for the IME window). */
  caretScreenRect() {
    const te = this.text;
    if (!te?.caret) return null;
    const m = te.matrix || [1, 0, 0, 1, 0, 0];
    const { zoom, panX, panY } = this.camera;
    const map = (x, y) => [(m[0] * x + m[2] * y + m[4]) * zoom + panX, (m[1] * x + m[3] * y + m[5]) * zoom + panY];
    const [x0, y0] = map(te.caret.x, te.caret.top);
    const [, y1] = map(te.caret.x, te.caret.bottom);
    return { x: x0, y: y0, height: Math.abs(y1 - y0) };
  }
}

function lerp(a, b, t) { return a + (b - a) * t; }

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

const CURSORS = new Set(['default', 'move', 'pointer', 'text', 'crosshair', 'grab', 'grabbing', 'not-allowed',
  'ew-resize', 'ns-resize', 'nesw-resize', 'nwse-resize', 'col-resize', 'row-resize', 'copy', 'alias', 'cell']);

// A rotation cursor (CSS has none): a circular arrow, white with a dark outline.
const ROTATE_CURSOR = 'url("data:image/svg+xml,' + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke-linecap="round" stroke-linejoin="round">' +
  '<path d="M19 12a7 7 0 1 1-2.05-4.95M19 4v4h-4" stroke="#fff" stroke-width="4"/><path d="M19 12a7 7 0 1 1-2.05-4.95M19 4v4h-4" stroke="#1c2230" stroke-width="2"/></svg>') +
  '") 12 12, grab';

function cssCursor(c) {
  if (!c) return 'default';
  if (c === 'rotate') return ROTATE_CURSOR;
  return CURSORS.has(c) ? c : 'default';
}
