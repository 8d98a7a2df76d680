// Text editing in place. Go holds the text, the caret and the selection, and re-renders the
// element on every keystroke; the page only needs somewhere to receive typing. A hidden
// textarea, kept at the caret (so the IME candidate window opens beside it), takes the
// keyboard: characters arrive through `input` events — which covers accents, dead keys, IME
// composition, emoji pickers and dictation — and are passed to Go as text; editing keys
// (arrows, Backspace, Enter, Ctrl+B…) go to Go's registry.

import * as bridge from './bridge.js';

/** TextInput receives typing for the text being edited. */
export class TextInput {
  constructor(textarea, overlay, shell) {
    this.ta = textarea;
    this.overlay = overlay;
    this.shell = shell;
    this.active = false;
    this.id = '';
    this.composing = false;

    textarea.addEventListener('keydown', (e) => this.onKeyDown(e));
    textarea.addEventListener('keyup', (e) => { if (!this.composing) bridge.key(keyEvent(e, true)); });
    textarea.addEventListener('compositionstart', () => { this.composing = true; });
    textarea.addEventListener('compositionend', (e) => {
      this.composing = false;
      this.commit(e.data || this.ta.value);
    });
    // Enter and Shift+Enter reach Go as keys (new paragraph, line break): the textarea's own
    // line breaks are dropped, whatever path they take.
    textarea.addEventListener('beforeinput', (e) => {
      if (e.inputType === 'insertLineBreak' || e.inputType === 'insertParagraph') e.preventDefault();
    });
    textarea.addEventListener('input', (e) => {
      if (this.composing || e.isComposing) return;
      this.commit(this.ta.value);
    });
    textarea.addEventListener('blur', () => {
      // Losing the focus to the page's own controls (toolbar, colour picker) keeps editing;
      // clicking elsewhere on the canvas is Go's business (it ends the edit itself).
    });
  }

  commit(text) {
    this.ta.value = '';
    text = (text || '').replace(/[\r\n]/g, '');
    // Typing reaches Go only while a text is being edited: a textarea that kept the focus
    // after the edit ended must not turn every key into an error.
    if (!text || !this.active) return;
    bridge.tryDispatch('text.insert', { text });
  }

  /** trigger starts or stops receiving typing (Go's TriggerTextEdit). */
  trigger(tr) {
    if (tr.active) {
      this.active = true;
      this.id = tr.id;
      this.ta.value = '';
      this.ta.setAttribute('aria-hidden', 'false');
      this.ta.setAttribute('aria-label', this.shell.label('tb.editing'));
      this.place();
      this.focus();
    } else if (this.active) {
      this.active = false;
      this.id = '';
      this.composing = false;
      this.ta.value = '';
      this.ta.setAttribute('aria-hidden', 'true');
      if (document.activeElement === this.ta) this.ta.closest('.stage').focus({ preventScroll: true });
    }
  }

  focus() { this.ta.focus({ preventScroll: true }); }

  /** onUpdate follows the caret (Go's UpdateTextEdit). */
  onUpdate(te) {
    if (!te || !te.id) return;
    this.place();
  }

  /** place moves the textarea to the caret so the IME window opens there. */
  place() {
    if (!this.active) return;
    const r = this.overlay.caretScreenRect();
    if (!r) return;
    this.ta.style.transform = `translate(${Math.round(r.x)}px, ${Math.round(r.y)}px)`;
    this.ta.style.height = Math.max(12, Math.round(r.height)) + 'px';
    this.ta.style.fontSize = Math.max(10, Math.round(r.height * 0.8)) + 'px';
  }

  onKeyDown(e) {
    if (!this.active) return;
    if (this.composing || e.isComposing || e.keyCode === 229) return; // the IME's keys
    if (this.shell.shortcut(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Tab') { // keep the focus in the text (Go may indent list items)
      e.preventDefault();
    }
    const used = bridge.key(keyEvent(e, false));
    if (used) e.preventDefault();
  }

  /** ownsKey reports whether a document-level key event belongs to the text input. */
  ownsKey(e) {
    return this.active && e.target === this.ta;
  }
}

function keyEvent(e, up) {
  return { key: e.key, code: e.code, ctrl: e.ctrlKey, shift: e.shiftKey, alt: e.altKey, meta: e.metaKey, up, repeat: e.repeat };
}
