// What must survive a reload or a network blip, kept in localStorage:
// - drafts: the answer being worked on, per task, saved on every change;
// - the outbox: submitted answers the server has not confirmed yet, resent with the same
//   client_key until it answers (the server's idempotency makes a resend safe).

export class Storage {
  constructor(prefix) {
    this.prefix = prefix;
  }

  _get(key, fallback) {
    try {
      const raw = localStorage.getItem(this.prefix + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  }

  _set(key, value) {
    try {
      if (value === undefined) localStorage.removeItem(this.prefix + key);
      else localStorage.setItem(this.prefix + key, JSON.stringify(value));
    } catch {
      /* storage full or disabled: the page still works, it just cannot survive a reload */
    }
  }

  draft(taskId) {
    return this._get(`draft:${taskId}`, null);
  }

  saveDraft(taskId, draft) {
    this._set(`draft:${taskId}`, draft);
  }

  dropDraft(taskId) {
    this._set(`draft:${taskId}`, undefined);
  }

  outbox() {
    return this._get("outbox", []);
  }

  enqueue(entry) {
    const box = this.outbox().filter((e) => e.client_key !== entry.client_key);
    box.push(entry);
    this._set("outbox", box);
  }

  dequeue(clientKey) {
    this._set("outbox", this.outbox().filter((e) => e.client_key !== clientKey));
  }

  /** Drafts of tasks no longer held (a lease that lapsed long ago) are dropped at boot. */
  pruneDrafts(keepTaskIds) {
    const keep = new Set(keepTaskIds.map(String));
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (!key || !key.startsWith(this.prefix + "draft:")) continue;
        if (!keep.has(key.slice((this.prefix + "draft:").length))) localStorage.removeItem(key);
      }
    } catch {
      /* ignore */
    }
  }
}

/** A fresh idempotency key for one submit. */
export function newClientKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
