// The library side of the left bar: the Templates, Elements and Photos panels, insertion of
// what they offer (click, Enter, or drag onto the page), and the icon colour control. The
// shell calls mountLibrary once; each panel fills itself the first time it is shown.

import { t, lang, onLangChange } from './i18n.js';
import './libtexts.js';
import { $, toast } from './ui.js';
import { ElementsPanel } from './elements.js';
import { PhotosPanel } from './photos.js';
import { TemplatesPanel } from './templates.js';
import { ResultGrid, DRAG_TYPE, drag } from './libgrid.js';
import { placeItem, setBackground } from './libinsert.js';
import { mountIconColor } from './iconcolor.js';

/**
 * styles loads the panels' stylesheet. The shell loads this module after the editor starts,
 * so its CSS is fetched here too, off the path to the first editable frame; panels render
 * once it has arrived (no unstyled flash).
 */
function loadStyles() {
  return new Promise((resolve) => {
    if (document.querySelector('link[href$="css/library.css"]')) { resolve(); return; }
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'css/library.css';
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

/** Library owns the three panels and the insertion of their items. */
class Library {
  constructor(shell) {
    this.shell = shell;
    this.scrollRoot = $('side-panel');
    this.pending = new Set(); // tiles whose insertion is under way
    this.panels = [];
    this.styles = loadStyles();
    // The shell's addPanel slot adds each tab before "Page" and renders the panel the first
    // time it opens. Templates go first, as in Canva (the common job starts from one);
    // Elements and Photos right after Text.
    const mount = (id, iconName, labelKey, make) => {
      if (!shell.addPanel) return null;
      shell.addPanel({
        id, icon: iconName, labelKey,
        render: async (section) => {
          await this.styles;
          const panel = make(section);
          this.panels.push(panel);
          panel.show();
        },
      });
      return $('tab-' + id);
    };
    const templatesTab = mount('templates', 'layout-grid', 'rail.templates', (root) => new TemplatesPanel(root, shell));
    const elementsTab = mount('elements', 'icons', 'rail.elements', (root) => new ElementsPanel(root, this));
    const photosTab = mount('photos', 'photo', 'rail.photos', (root) => new PhotosPanel(root, this));
    const rail = document.querySelector('.rail-tabs');
    if (templatesTab && rail) rail.prepend(templatesTab);
    const text = $('tab-text');
    if (text && elementsTab && photosTab) text.after(elementsTab, photosTab);
    onLangChange(() => { for (const p of this.panels) p.onLang?.(); });
    this.setupDrop();
    mountIconColor(shell);
  }

  /** run inserts with a busy tile, one insertion per tile at a time, errors as toasts. */
  async run(tile, fn, { keyboard } = {}) {
    if (this.pending.has(tile)) return;
    this.pending.add(tile);
    const slow = setTimeout(() => ResultGrid.busy(tile, true), 150);
    try {
      await fn();
      // A click hands the keyboard to the canvas (arrows nudge, Delete removes the new
      // element); Enter keeps the focus in the grid to insert more.
      if (!keyboard) this.shell.refocus();
    } catch (e) {
      const msg = e.text ? e.text(lang) : e.message;
      if (e.quota) toast(msg, { timeout: 9000 });
      else toast(t('lib.insertError', { error: msg }), { error: true });
    } finally {
      clearTimeout(slow);
      ResultGrid.busy(tile, false);
      this.pending.delete(tile);
    }
  }

  /** activate inserts an item at the centre of the view (or at `at`, a page point). */
  activate(item, tile, { keyboard, at } = {}) {
    return this.run(tile, () => placeItem(this.shell, item, { at }), { keyboard });
  }

  /** background makes an image the page's background. */
  background(item, tile, { keyboard } = {}) {
    return this.run(tile, async () => {
      await setBackground(this.shell, item);
      toast(t('lib.backgroundSet'));
    }, { keyboard });
  }

  /** setupDrop inserts items dragged from a panel where they are dropped on the page. */
  setupDrop() {
    const stage = $('stage');
    const ours = (e) => [...(e.dataTransfer?.types || [])].includes(DRAG_TYPE);
    const overStage = (e) => {
      const r = stage.getBoundingClientRect();
      return e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
    };
    document.addEventListener('dragover', (e) => {
      if (!ours(e)) return;
      const on = overStage(e);
      stage.classList.toggle('lib-drop', on);
      if (!on) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('dragleave', (e) => { if (ours(e) && !e.relatedTarget) stage.classList.remove('lib-drop'); });
    document.addEventListener('dragend', () => stage.classList.remove('lib-drop'));
    document.addEventListener('drop', (e) => {
      if (!ours(e)) return;
      stage.classList.remove('lib-drop');
      const item = drag.item;
      if (!item || !overStage(e)) return;
      e.preventDefault();
      const id = e.dataTransfer.getData(DRAG_TYPE);
      if (id && id !== item.id) return;
      const tile = document.querySelector(`.lib-tile[data-id="${CSS.escape(item.id)}"]`) || stage;
      if (drag.action === 'background') {
        this.background(item, tile);
        return;
      }
      const r = stage.getBoundingClientRect();
      const cam = this.shell.compositor?.camera || this.shell.camera;
      const at = cam ? { x: (e.clientX - r.left - cam.panX) / cam.zoom, y: (e.clientY - r.top - cam.panY) / cam.zoom } : undefined;
      this.activate(item, tile, { at });
    });
  }
}

/** mountLibrary sets up the library panels of the left bar (once, from the shell). */
export function mountLibrary(shell) {
  return new Library(shell);
}
