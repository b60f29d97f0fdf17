// The annotator page: one task at a time, keyboard first.
//
// Flow: the server renders the page with the annotator's live leases (a reload resumes them);
// the next task is claimed in the background while the current one is worked on, so Enter
// switches at once. A submitted answer goes to a localStorage outbox first and is sent from
// there, with its client_key, until the server confirms it; drafts are saved on every change.
import { ApiError, call } from "../api.js";
import { fill, h } from "../dom.js";
import { listen } from "./keys.js";
import { renderRecord } from "./record.js";
import { newClientKey, Storage } from "./storage.js";
import { SHOWS_THREAD, WIDGETS } from "./widgets/index.js";

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];
const PROGRESS_EVERY_MS = 10000;

class AnnotatePage {
  constructor(config) {
    this.config = config;
    this.project = config.project;
    this.questions = config.questions;
    this.store = new Storage(`loopline:${config.project}:${config.user.id}:`);
    this.current = null; // the task on screen
    this.ahead = []; // tasks leased already, shown next
    this.widgets = [];
    this.active = 0;
    this.shownAt = 0;
    this.flushing = null;
    this.retry = 0;
    this.retryTimer = null;
    this.exhausted = false;
    this.prefetching = null;
    this.sessionCount = Number(sessionStorage.getItem(`loopline:${config.project}:count`) || 0);
    this.progressAt = 0;
    this.el = {
      record: document.getElementById("record"),
      questions: document.getElementById("questions"),
      status: document.getElementById("status"),
      progress: document.getElementById("progress"),
      guidelines: document.getElementById("guidelines"),
      task: document.getElementById("task"),
      empty: document.getElementById("empty"),
    };
  }

  boot() {
    const pending = new Set(this.store.outbox().map((e) => e.task_id));
    const leases = (this.config.leases || []).filter((t) => !pending.has(t.id));
    this.store.pruneDrafts(leases.map((t) => t.id));
    this.keys = listen({
      submit: () => this.submit(),
      skip: () => this.skip(),
      nextQuestion: (step) => this.activate(this.active + step, true),
      toggleGuidelines: () => this.el.guidelines.classList.toggle("collapsed"),
      questionKey: (e) => {
        if (this.current) return this.widgets[this.active]?.onKey(e) ?? false;
        if (e.key === "r" && !this.flushing) this.claimNext();
        return e.key === "r";
      },
      helpSections: () => this.widgets.map((w, i) => [this.title(this.questions[i]), w.help]),
    });
    document.getElementById("submit-button").addEventListener("click", () => this.submit());
    document.getElementById("skip-button").addEventListener("click", () => this.skip());
    document.getElementById("help-button").addEventListener("click", () => this.keys.toggleHelp());
    document.getElementById("retry-button").addEventListener("click", () => this.claimNext());
    window.addEventListener("online", () => this.flush());
    this.paintProgress(this.config.progress);
    if (leases.length) {
      this.ahead = leases.slice(1);
      this.show(leases[0]);
    } else {
      this.showEmpty("Loading the next task…");
    }
    this.flush({ claimNext: !leases.length });
    const beat = Math.min(60, Math.max(5, (this.config.lease_seconds || 600) / 3)) * 1000;
    setInterval(() => this.heartbeat(), beat);
  }

  title(q) {
    return q.title || q.name;
  }

  // ---- showing a task -------------------------------------------------------------------

  show(task) {
    this.current = task;
    this.el.empty.hidden = true;
    this.el.task.hidden = false;
    const draft = this.store.draft(task.id) || {};
    const showsThread = this.questions.some((q) => SHOWS_THREAD.has(q.type));
    fill(this.el.record, renderRecord(task.record, { thread: !showsThread }));
    this.widgets = [];
    const sections = this.questions.map((q, i) => {
      const ctx = {
        changed: () => this.changed(i),
        advance: () => this.advanceFrom(i),
        activate: () => this.activate(i),
      };
      const widget = WIDGETS[q.type]?.create(q, task.record, draft[q.name], ctx) ??
        { el: h("p.error", {}, `Unknown question type '${q.type}'`), help: [], onKey: () => false, value: () => undefined, state: () => null };
      this.widgets.push(widget);
      return h("section.question", { dataset: { name: q.name, type: q.type }, onclick: () => this.activate(i) },
        h("header", {}, h("h2", {}, this.title(q)), q.required === false ? h("small", {}, "optional") : null),
        q.description ? h("p.hint", {}, q.description) : null,
        widget.el,
        h("div.field-error", { role: "alert" }));
    });
    fill(this.el.questions, sections);
    this.active = 0;
    this.activate(Math.max(0, this.widgets.findIndex((w) => w.value() === undefined)));
    this.shownAt = performance.now();
    document.body.dataset.taskId = String(task.id);
    window.scrollTo(0, 0);
    this.prefetch();
  }

  showEmpty(message) {
    this.current = null;
    this.widgets = [];
    delete document.body.dataset.taskId;
    this.el.task.hidden = true;
    this.el.empty.hidden = false;
    this.el.empty.querySelector(".message").textContent = message;
  }

  activate(i, wrap = false) {
    const n = this.widgets.length;
    if (!n) return true;
    this.active = wrap ? (i + n) % n : Math.max(0, Math.min(n - 1, i));
    this.el.questions.querySelectorAll("section.question").forEach((s, k) => s.classList.toggle("active", k === this.active));
    return true;
  }

  advanceFrom(i) {
    const next = this.widgets.findIndex((w, k) => k > i && w.value() === undefined);
    if (next >= 0) this.activate(next);
  }

  changed(i) {
    if (!this.current) return;
    this.setFieldError(i, "");
    this.store.saveDraft(this.current.id, this.draftState());
  }

  draftState() {
    return Object.fromEntries(this.questions.map((q, i) => [q.name, this.widgets[i].state()]));
  }

  setFieldError(i, message) {
    const el = this.el.questions.children[i]?.querySelector(".field-error");
    if (el) el.textContent = message;
    this.el.questions.children[i]?.classList.toggle("invalid", Boolean(message));
  }

  setStatus(message, kind = "") {
    this.el.status.textContent = message;
    this.el.status.className = `status ${kind}`;
  }

  // ---- claiming -------------------------------------------------------------------------

  /** Lease a task; `resume` returns one already held (at boot), prefetching wants a new one. */
  async claim(resume = true) {
    const query = resume ? "" : "?resume=false";
    const res = await call("POST", `/projects/${encodeURIComponent(this.project)}/tasks/next${query}`);
    return res?.task ?? null;
  }

  prefetch() {
    if (this.ahead.length || this.prefetching || this.exhausted || !this.current) return;
    this.prefetching = this.claim(false)
      .then((task) => {
        const known = task && (task.id === this.current?.id || this.ahead.some((t) => t.id === task.id));
        if (task && !known) this.ahead.push(task);
        if (!task) this.exhausted = true;
      })
      .catch(() => { /* the next submit claims with claim_next instead */ })
      .finally(() => { this.prefetching = null; });
  }

  async claimNext() {
    this.exhausted = false;
    if (this.prefetching) await this.prefetching;
    if (this.ahead.length) return this.show(this.ahead.shift());
    this.setStatus("Loading the next task…");
    try {
      const task = await this.claim();
      this.setStatus("");
      if (task) this.show(task);
      else this.showEmpty("No task is waiting for you in this project right now.");
    } catch (err) {
      this.setStatus(`Could not load a task: ${err.message}`, "error");
      this.showEmpty("Could not load a task; press r or the button to try again.");
    }
  }

  // ---- submit, skip, heartbeat ----------------------------------------------------------

  submit() {
    if (!this.current) {
      if (!this.flushing && !this.prefetching) this.claimNext();
      return;
    }
    const answers = {};
    let missing = -1;
    this.questions.forEach((q, i) => {
      const value = this.widgets[i].value();
      if (value !== undefined) answers[q.name] = value;
      else if (q.required !== false) {
        this.setFieldError(i, "An answer is required.");
        if (missing < 0) missing = i;
      }
    });
    if (missing >= 0) {
      this.activate(missing);
      this.setStatus("Some questions still need an answer.", "error");
      return;
    }
    const task = this.current;
    this.store.enqueue({
      task_id: task.id,
      answers,
      client_key: newClientKey(),
      duration: (performance.now() - this.shownAt) / 1000,
      task,
      draft: this.draftState(),
    });
    this.store.dropDraft(task.id);
    this.sessionCount += 1;
    sessionStorage.setItem(`loopline:${this.project}:count`, String(this.sessionCount));
    this.paintProgress();
    const next = this.ahead.shift();
    if (next) this.show(next);
    else this.showEmpty("Saving… the next task follows.");
    this.flush({ claimNext: !next });
  }

  async skip() {
    if (!this.current) return;
    const task = this.current;
    this.store.dropDraft(task.id);
    const next = this.ahead.shift();
    if (next) this.show(next);
    else this.showEmpty("Skipping…");
    try {
      const res = await call("POST", `/tasks/${task.id}/skip`);
      if (res?.next) {
        if (this.current) this.ahead.push(res.next);
        else this.show(res.next);
      } else if (!this.current) this.showEmpty("No task is waiting for you in this project right now.");
    } catch (err) {
      this.setStatus(`Skip failed: ${err.message}`, "error");
      if (!this.current) this.claimNext();
    }
  }

  async heartbeat() {
    for (const task of [this.current, ...this.ahead]) {
      if (!task) continue;
      try {
        const res = await call("POST", `/tasks/${task.id}/heartbeat`);
        if (res?.expires_at) task.expires_at = res.expires_at;
      } catch (err) {
        if (err.retryable) continue;
        if (task === this.current) {
          this.setStatus("Your hold on this task lapsed; your answer is still sent if the task needs it.", "warn");
        } else {
          this.ahead = this.ahead.filter((t) => t !== task);
        }
      }
    }
  }

  // ---- the outbox -----------------------------------------------------------------------

  /** Send every unconfirmed answer, oldest first; one flush at a time. */
  flush({ claimNext = false } = {}) {
    this.wantNext = this.wantNext || claimNext;
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    clearTimeout(this.retryTimer);
    this.flushing = this.sendAll().finally(() => {
      this.flushing = null;
      if (this.flushAgain) {
        this.flushAgain = false;
        this.flush();
      }
    });
    return this.flushing;
  }

  async sendAll() {
    let entries = this.store.outbox();
    while (entries.length) {
      const entry = entries[0];
      const last = entries.length === 1;
      const claimNext = last && this.wantNext && !this.current;
      try {
        const res = await call("POST", `/tasks/${entry.task_id}/submit`, {
          answers: entry.answers,
          client_key: entry.client_key,
          duration: entry.duration,
          claim_next: claimNext,
        });
        this.store.dequeue(entry.client_key);
        this.retry = 0;
        this.setStatus(res?.late ? "Saved (after the lease had lapsed)." : "Saved.", "ok");
        if (claimNext) {
          this.wantNext = false;
          if (!this.current) {
            if (res?.next) this.show(res.next);
            else this.claimNext();
          }
        }
        this.refreshProgress();
      } catch (err) {
        if (err.retryable) {
          const wait = RETRY_MS[Math.min(this.retry++, RETRY_MS.length - 1)];
          this.setStatus(`Not saved yet (${err.message}); kept in this browser, resending in ${wait / 1000} s.`, "warn");
          this.retryTimer = setTimeout(() => this.flush(), wait);
          return;
        }
        this.store.dequeue(entry.client_key);
        this.rejected(entry, err);
      }
      entries = this.store.outbox();
    }
    if (this.wantNext && !this.current) {
      this.wantNext = false;
      this.claimNext();
    }
  }

  /** The server refused an answer: bring the task back with the answer and the error. */
  rejected(entry, err) {
    this.sessionCount = Math.max(0, this.sessionCount - 1);
    this.paintProgress();
    if (err.status === 422) {
      this.store.saveDraft(entry.task_id, entry.draft);
      if (this.current) this.ahead.unshift(this.current);
      this.show(entry.task);
      for (const e of err.problem.errors || []) {
        const loc = (e.loc || []).map(String);
        const i = this.questions.findIndex((q) => loc.includes(q.name));
        if (i >= 0) {
          const rest = loc.slice(loc.indexOf(this.questions[i].name) + 1);
          this.setFieldError(i, `${rest.length ? rest.join(".") + ": " : ""}${e.msg}`);
        }
      }
      this.setStatus(`Not saved: ${err.message}`, "error");
      return;
    }
    this.setStatus(`An answer for task ${entry.task_id} was refused: ${err.message}`, "error");
  }

  // ---- progress -------------------------------------------------------------------------

  paintProgress(progress) {
    if (progress) this.progress = progress;
    const p = this.progress || {};
    const total = p.total ?? 0;
    fill(this.el.progress,
      h("strong", {}, String(this.sessionCount)), " submitted this session",
      total ? h("div.bar", {}, h("span", { style: `width:${Math.round((100 * (p.done || 0)) / total)}%` })) : null,
      total ? h("small", {}, `${p.done || 0} of ${total} tasks done in the project`) : null);
  }

  refreshProgress() {
    if (Date.now() - this.progressAt < PROGRESS_EVERY_MS) return;
    this.progressAt = Date.now();
    call("GET", `/projects/${encodeURIComponent(this.project)}`)
      .then((res) => res?.progress && this.paintProgress(res.progress))
      .catch(() => {});
  }
}

const config = JSON.parse(document.getElementById("annotate-config").textContent);
const page = new AnnotatePage(config);
window.looplineAnnotate = page; // for the browser tests and the curious
page.boot();
