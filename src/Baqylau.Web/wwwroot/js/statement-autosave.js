// Keeps the statement editor's typed text in localStorage, so a dropped connection, a reload or a closed
// tab loses nothing. Two writers feed one record per statement and user:
//  - the server (whole form, on every change it sees), through saveForm();
//  - this module's own 'input' listener, which patches text fields straight from the page, because once the
//    circuit is gone the server sees no keystroke at all.
const timers = new Map();
const listeners = new Map();
const DELAY = 400;

function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key, record) {
  try {
    localStorage.setItem(key, JSON.stringify(record));
  } catch {
    // Storage full or disabled (private mode): the server-side draft autosave still runs.
  }
}

function later(key, fn) {
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => { timers.delete(key); fn(); }, DELAY));
}

// The text fields as the page shows them now, for the editor attached under this key.
function shownTexts(key) {
  const l = listeners.get(key);
  const texts = {};
  if (!l) return texts;
  for (const holder of l.container.querySelectorAll('[data-field]')) {
    const box = holder.querySelector('textarea:not([aria-hidden="true"]), input:not([type="hidden"])');
    if (box) texts[holder.getAttribute('data-field')] = box.value;
  }
  return texts;
}

export function saveForm(key, formJson, baseVersion) {
  const form = JSON.parse(formJson);
  // The page's text wins over the server's: a call the server queued while the connection was down arrives
  // after the reconnect, older than what was typed meanwhile (which the server never saw).
  later(key + '#form', () => {
    form.texts = Object.assign(form.texts || {}, shownTexts(key));
    write(key, { savedAt: Date.now(), baseVersion, form });
  });
}

export function load(key) {
  const record = read(key);
  return record ? JSON.stringify(record) : null;
}

export function remove(key) {
  for (const [k, t] of timers) {
    if (k.startsWith(key + '#')) { clearTimeout(t); timers.delete(k); }
  }
  try { localStorage.removeItem(key); } catch { /* nothing to remove */ }
}

export function keep(key, formJson) {
  write(key, { savedAt: Date.now(), baseVersion: null, form: JSON.parse(formJson) });
}

// Text fields carry data-field="kk.Title" on a wrapper; their values are patched into form.texts.
export function attach(container, key, baseVersion) {
  // One listener per editor: a new statement that got its id now writes under the new key only.
  for (const [k, l] of listeners) {
    if (l.container === container || k === key) detach(k);
  }
  const handler = (e) => {
    const holder = e.target.closest('[data-field]');
    if (!holder || !('value' in e.target)) return;
    const field = holder.getAttribute('data-field');
    const value = e.target.value;
    later(key + '#' + field, () => {
      const record = read(key) || { baseVersion, form: { texts: {} } };
      record.form = record.form || {};
      record.form.texts = record.form.texts || {};
      record.form.texts[field] = value;
      record.savedAt = Date.now();
      write(key, record);
    });
  };
  container.addEventListener('input', handler);
  listeners.set(key, { container, handler });
}

export function detach(key) {
  const l = listeners.get(key);
  if (l) {
    l.container.removeEventListener('input', l.handler);
    listeners.delete(key);
  }
}

export function copyText(text) {
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  return Promise.resolve();
}
