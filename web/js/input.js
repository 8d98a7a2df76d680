// Pointer, keyboard, wheel and clipboard input on the canvas, forwarded to Go. Pointer moves
// are coalesced to one per animation frame; keys go to Go's command registry unless a form
// field has the focus (the page never steals keys from inputs).

import * as bridge from './bridge.js';
import { isTextField, isPopoverOpen } from './ui.js';

const WHEEL_ZOOM_SPEED = 0.0022; // per wheel pixel
const LINE_PX = 16; // a wheel "line" in pixels
const DOUBLE_CLICK_MS = 500;
const DOUBLE_CLICK_PX = 5;

/** Input connects the stage's events to Go. */
export class Input {
  constructor(stage, compositor, overlay, shell, textInput) {
    this.stage = stage;
    this.compositor = compositor;
    this.shell = shell;
    this.textInput = textInput;
    this.pendingMove = null;
    this.moveScheduled = false;
    this.wheel = null;
    this.middlePan = null;
    this.down = false;
    compositor.beforeFrame = () => this.flushMove();

    stage.addEventListener('pointerdown', (e) => this.onDown(e));
    stage.addEventListener('pointermove', (e) => this.onMove(e));
    stage.addEventListener('pointerup', (e) => this.onUp(e, 'up'));
    stage.addEventListener('pointercancel', (e) => this.onUp(e, 'cancel'));
    stage.addEventListener('lostpointercapture', (e) => { if (this.down) this.onUp(e, 'cancel'); });
    stage.addEventListener('pointerleave', () => { if (!this.down) this.send(this.leaveEvent()); });
    stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    stage.addEventListener('contextmenu', (e) => { e.preventDefault(); this.shell.contextMenu?.(e); });
    // A press elsewhere on the page or a key between two presses ends a click series: the
    // next press on the canvas is a first click, not the second of a double click.
    document.addEventListener('pointerdown', (e) => { if (!stage.contains(e.target)) this.lastDown = null; }, true);
    document.addEventListener('keydown', (e) => {
      if (!['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) this.lastDown = null;
    }, true);
    document.addEventListener('keydown', (e) => this.onKey(e, false));
    document.addEventListener('keyup', (e) => this.onKey(e, true));
    document.addEventListener('copy', (e) => this.onClipboard(e, 'copy'));
    document.addEventListener('cut', (e) => this.onClipboard(e, 'cut'));
    document.addEventListener('paste', (e) => this.onPaste(e));
    window.addEventListener('blur', () => {
      if (this.down) this.onUp(null, 'cancel');
      // Released while the window was elsewhere: forget held keys (space, modifiers).
      bridge.key({ key: ' ', code: 'Space', up: true });
    });
  }

  /** event builds an editor.PointerEvent from a DOM event. */
  event(e, type) {
    const r = this.stage.getBoundingClientRect();
    const cam = this.compositor.camera;
    const sx = e.clientX - r.left, sy = e.clientY - r.top;
    return {
      type, x: (sx - cam.panX) / cam.zoom, y: (sy - cam.panY) / cam.zoom, sx, sy,
      button: e.button ?? 0, buttons: e.buttons ?? 0, shift: e.shiftKey, alt: e.altKey, ctrl: e.ctrlKey, meta: e.metaKey,
      clicks: type === 'down' ? this.clickCount(e) : 0, pointerType: e.pointerType || 'mouse',
    };
  }

  /**
   * clickCount counts presses in a row (PointerEvent.detail is always 0): within the system's
   * usual double-click time and a few pixels of the previous press.
   */
  clickCount(e) {
    const now = performance.now();
    const last = this.lastDown;
    const n = last && now - last.t < DOUBLE_CLICK_MS && Math.hypot(e.clientX - last.x, e.clientY - last.y) < DOUBLE_CLICK_PX &&
      e.button === last.button ? last.n + 1 : 1;
    this.lastDown = { t: now, x: e.clientX, y: e.clientY, n, button: e.button };
    return n;
  }

  leaveEvent() {
    return { type: 'move', x: -1e6, y: -1e6, sx: -1e6, sy: -1e6, button: 0, buttons: 0, pointerType: 'mouse' };
  }

  send(ev) {
    bridge.pointer(ev);
  }

  flushMove() {
    if (this.pendingMove) {
      const ev = this.pendingMove;
      this.pendingMove = null;
      this.send(ev);
    }
  }

  onDown(e) {
    if (e.button === 1) { // middle button: pan the view
      e.preventDefault();
      this.middlePan = { x: e.clientX, y: e.clientY };
      this.stage.setPointerCapture(e.pointerId);
      this.stage.classList.add('panning');
      return;
    }
    if (e.button !== 0 && e.button !== 2) return;
    e.preventDefault(); // keep the focus where we put it (the text input while editing)
    if (this.textInput.active) this.textInput.focus();
    else this.stage.focus({ preventScroll: true });
    this.shell.closeMenus?.();
    this.flushMove();
    this.down = true;
    try { this.stage.setPointerCapture(e.pointerId); } catch { /* synthetic events */ }
    this.send(this.event(e, 'down'));
  }

  onMove(e) {
    if (this.middlePan) {
      const dx = e.clientX - this.middlePan.x, dy = e.clientY - this.middlePan.y;
      this.middlePan = { x: e.clientX, y: e.clientY };
      bridge.tryDispatch('view.pan', { dx, dy });
      return;
    }
    // A press that becomes a drag is not a click: the next press starts a new series.
    const last = this.lastDown;
    if (this.down && last && Math.hypot(e.clientX - last.x, e.clientY - last.y) >= DOUBLE_CLICK_PX) this.lastDown = null;
    // Moves are coalesced: the compositor's next frame sends the latest one to Go first, then
    // draws what it answered, so a move is on screen in the frame that follows it.
    this.pendingMove = this.event(e, 'move');
    this.compositor.schedule();
  }

  onUp(e, type) {
    if (this.middlePan) {
      this.middlePan = null;
      this.stage.classList.remove('panning');
      return;
    }
    if (!this.down) return;
    this.down = false;
    this.flushMove();
    const ev = e ? this.event(e, type) : { ...this.leaveEvent(), type };
    this.send(ev);
  }

  onWheel(e) {
    e.preventDefault();
    const k = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? this.stage.clientHeight : 1;
    const r = this.stage.getBoundingClientRect();
    const w = this.wheel || (this.wheel = { factor: 1, dx: 0, dy: 0, x: 0, y: 0 });
    w.x = e.clientX - r.left;
    w.y = e.clientY - r.top;
    if (e.ctrlKey || e.metaKey) {
      // Ctrl+wheel, or a trackpad pinch (Chrome reports it as a wheel with ctrlKey).
      w.factor *= Math.exp(-e.deltaY * k * WHEEL_ZOOM_SPEED * (e.deltaMode === 0 && Math.abs(e.deltaY) < 50 ? 2.5 : 1));
    } else if (e.shiftKey && !e.deltaX) {
      w.dx -= e.deltaY * k;
    } else {
      w.dx -= e.deltaX * k;
      w.dy -= e.deltaY * k;
    }
    if (!this.wheelScheduled) {
      this.wheelScheduled = true;
      requestAnimationFrame(() => {
        this.wheelScheduled = false;
        const ww = this.wheel;
        this.wheel = null;
        if (ww.factor !== 1) bridge.tryDispatch('view.zoom', { factor: ww.factor, x: ww.x, y: ww.y });
        if (ww.dx || ww.dy) bridge.tryDispatch('view.pan', { dx: ww.dx, dy: ww.dy });
      });
    }
  }

  keyEvent(e, up) {
    return { key: e.key, code: e.code, ctrl: e.ctrlKey, shift: e.shiftKey, alt: e.altKey, meta: e.metaKey, up, repeat: e.repeat };
  }

  onKey(e, up) {
    if (e.defaultPrevented) return;
    const dlg = document.querySelector('dialog[open]');
    if (dlg) return;
    if (this.textInput.ownsKey(e, up)) return; // the text input handles its own keys
    if (isTextField(e.target)) return;
    if (!up && this.shell.shortcut(e)) { // page-side shortcuts: save, open, export…
      e.preventDefault();
      return;
    }
    if (isPopoverOpen() && !up) return;
    // Keys typed on a focused button (Space, Enter) belong to that button.
    if (e.target instanceof HTMLElement && e.target.closest('button, a, [role="menuitem"], [role="tab"], [role="option"]') && (e.key === ' ' || e.key === 'Enter')) return;
    if (this.shell.beforeKey?.(e, up)) return;
    const used = bridge.key(this.keyEvent(e, up));
    if (used && !up) e.preventDefault();
    if (e.key === ' ' && !this.textInput.active) {
      e.preventDefault();
      this.stage.classList.toggle('pan-ready', !up);
    }
  }

  onClipboard(e, kind) {
    if (isTextField(e.target) && e.target.id !== 'text-input') return;
    if (document.querySelector('dialog[open]')) return;
    const name = this.textInput.active ? 'text.' + kind : 'clipboard.' + kind;
    let res;
    try {
      res = bridge.dispatch(name);
    } catch (err) {
      if (err.code !== 'disabled') this.shell.showError(err);
      return;
    }
    if (!res) return;
    e.preventDefault();
    const data = typeof res !== 'string' ? res : this.textInput.active ? { text: res } : { json: res };
    if (data.json) e.clipboardData.setData('application/x-affiche+json', data.json);
    if (data.text != null) e.clipboardData.setData('text/plain', data.text);
    else if (data.json) e.clipboardData.setData('text/plain', data.json);
  }

  onPaste(e) {
    if (isTextField(e.target) && e.target.id !== 'text-input') return;
    if (document.querySelector('dialog[open]')) return;
    const cd = e.clipboardData;
    if (!cd) return;
    e.preventDefault();
    const files = [...cd.files];
    if (files.length && !this.textInput.active) {
      this.shell.files.importFiles(files);
      return;
    }
    const json = cd.getData('application/x-affiche+json');
    const text = cd.getData('text/plain');
    if (this.textInput.active) {
      bridge.tryDispatch('text.paste', { text: text || '' });
      return;
    }
    bridge.tryDispatch('clipboard.paste', { text: json || text || '' });
  }
}
