// IndexedDB storage: the autosaved project (one record, rewritten after every change settles)
// and the list of images and fonts the user uploaded (shown again in the Uploads panel).

const DB_NAME = 'affiche';
const DB_VERSION = 1;
let dbPromise = null;

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('projects')) db.createObjectStore('projects');
        if (!db.objectStoreNames.contains('uploads')) db.createObjectStore('uploads', { keyPath: 'url' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('IndexedDB blocked'));
    });
  }
  return dbPromise;
}

function run(store, mode, fn) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    let result;
    const req = fn(tx.objectStore(store));
    if (req) req.onsuccess = () => { result = req.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  }));
}

/**
 * saveCurrent stores the autosave: {json, title, savedAt, fileName}. `json` is the project
 * text exactly as a saved file would hold it.
 */
export function saveCurrent(record) {
  return run('projects', 'readwrite', (s) => s.put({ ...record, savedAt: Date.now() }, 'current'));
}

/** loadCurrent returns the autosave record, or undefined. */
export function loadCurrent() {
  return run('projects', 'readonly', (s) => s.get('current'));
}

/** clearCurrent forgets the autosave (new project). */
export function clearCurrent() {
  return run('projects', 'readwrite', (s) => s.delete('current'));
}

/** addUpload remembers an uploaded file: {url, kind, name, width, height, thumb}. */
export function addUpload(item) {
  return run('uploads', 'readwrite', (s) => s.put({ ...item, addedAt: Date.now() }));
}

/** listUploads returns the remembered uploads, newest first. */
export async function listUploads() {
  const all = (await run('uploads', 'readonly', (s) => s.getAll())) || [];
  return all.sort((a, b) => b.addedAt - a.addedAt);
}
