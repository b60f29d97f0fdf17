// The reviewer page: one annotation at a time, keyboard first.
//
// a accepts, r rejects (the task goes back to the queue for someone else), c opens the
// project's answer widgets prefilled with the annotator's answers; Enter saves the correction
// (stored beside the original), Esc leaves it. n checks for work again when the queue is empty.
import { call } from "../api.js";
import { fill, h } from "../dom.js";
import { renderRecord } from "../annotate/record.js";
import { WIDGETS } from "../annotate/widgets/index.js";

class ReviewPage {
  constructor(config) {
    this.config = config;
    this.questions = config.questions;
    this.item = null;
    this.correcting = false;
    this.widgets = [];
    this.active = 0;
    this.busy = false;
    this.done = 0;
    this.el = Object.fromEntries(["item", "about", "record", "answers", "questions", "comment", "empty", "status",
      "progress", "save-button"].map((id) => [id, document.getElementById(id)]));
  }

  boot() {
    document.getElementById("accept-button").addEventListener("click", () => this.decide("accept"));
    document.getElementById("reject-button").addEventListener("click", () => this.decide("reject"));
    document.getElementById("correct-button").addEventListener("click", () => this.startCorrecting());
    this.el["save-button"].addEventListener("click", () => this.saveCorrection());
    document.getElementById("retry-button").addEventListener("click", () => this.next());
    document.addEventListener("keydown", (e) => this.onKey(e));
    this.next();
  }

  title(q) {
    return q.title || q.name;
  }

  onKey(e) {
    const typing = e.target instanceof Element && e.target.matches("textarea, input, select, [contenteditable]");
    if (typing) {
      if (e.key === "Escape") { e.target.blur(); e.preventDefault(); }
      else if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && this.correcting) { e.preventDefault(); this.saveCorrection(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    let handled = true;
    if (this.correcting) {
      if (e.key === "Escape") this.stopCorrecting();
      else if (e.key === "Enter") this.saveCorrection();
      else if (e.key === "Tab") this.activate(this.active + (e.shiftKey ? -1 : 1));
      else handled = this.widgets[this.active]?.onKey(e) ?? false;
    } else if (!this.item) {
      if (e.key === "n") this.next();
      else handled = false;
    } else if (e.key === "a") this.decide("accept");
    else if (e.key === "r") this.decide("reject");
    else if (e.key === "c") this.startCorrecting();
    else handled = false;
    if (handled) e.preventDefault();
  }

  setStatus(message, kind = "") {
    this.el.status.textContent = message;
    this.el.status.className = `status ${kind}`;
  }

  async next() {
    this.setStatus("Loading the next review…");
    try {
      const res = await call("GET", `/projects/${encodeURIComponent(this.config.project)}/reviews/next`);
      this.setStatus("");
      if (res?.review) this.show(res.review);
      else this.showEmpty("Nothing waits for review in this project right now.");
    } catch (err) {
      this.setStatus(`Could not load a review: ${err.message}`, "error");
      this.showEmpty("Could not load a review; press n to try again.");
    }
  }

  show(item) {
    this.item = item;
    this.stopCorrecting();
    this.el.empty.hidden = true;
    this.el.item.hidden = false;
    this.el.comment.value = "";
    document.body.dataset.reviewId = String(item.id);
    fill(this.el.about, `Annotation by `, h("strong", {}, item.annotator), ` · task ${item.task_id} · sent to review: ${item.reason.replace("_", " ")}`);
    fill(this.el.record, renderRecord(item.record));
    fill(this.el.answers, this.questions.map((q) => [
      h("dt", {}, this.title(q)),
      h("dd", { dataset: { name: q.name } }, format(item.answers[q.name])),
    ]));
    window.scrollTo(0, 0);
  }

  showEmpty(message) {
    this.item = null;
    this.stopCorrecting();
    delete document.body.dataset.reviewId;
    this.el.item.hidden = true;
    this.el.empty.hidden = false;
    this.el.empty.querySelector(".message").textContent = message;
  }

  startCorrecting() {
    if (!this.item || this.correcting) return;
    this.correcting = true;
    const item = this.item;
    this.widgets = this.questions.map((q, i) =>
      WIDGETS[q.type]?.create(q, item.record, item.answers[q.name], {
        changed: () => {}, advance: () => {}, activate: () => this.activate(i),
      }) ?? { el: h("p.error", {}, `Unknown question type '${q.type}'`), onKey: () => false, value: () => undefined });
    fill(this.el.questions, this.widgets.map((w, i) =>
      h("section.question", { dataset: { name: this.questions[i].name }, onclick: () => this.activate(i) },
        h("header", {}, h("h2", {}, this.title(this.questions[i]))), w.el, h("div.field-error", { role: "alert" }))));
    this.el.questions.hidden = false;
    this.el["save-button"].hidden = false;
    this.activate(0);
    this.setStatus("Correcting: change the answers, Enter saves, Esc cancels.");
  }

  stopCorrecting() {
    this.correcting = false;
    this.widgets = [];
    this.el.questions.hidden = true;
    this.el["save-button"].hidden = true;
    fill(this.el.questions);
  }

  activate(i) {
    const n = this.widgets.length;
    if (!n) return;
    this.active = (i + n) % n;
    this.el.questions.querySelectorAll("section.question").forEach((s, k) => s.classList.toggle("active", k === this.active));
  }

  saveCorrection() {
    if (!this.correcting) return;
    const correction = {};
    this.questions.forEach((q, i) => {
      const value = this.widgets[i].value();
      if (value !== undefined) correction[q.name] = value;
    });
    this.decide("correct", correction);
  }

  async decide(verdict, correction) {
    if (!this.item || this.busy) return;
    this.busy = true;
    const body = { verdict, comment: this.el.comment.value || null };
    if (correction) body.correction = correction;
    try {
      await call("POST", `/reviews/${this.item.id}`, body);
      this.done += 1;
      fill(this.el.progress, h("strong", {}, String(this.done)), " reviewed this session");
      this.setStatus(`Saved: ${verdict}.`, "ok");
      await this.next();
    } catch (err) {
      if (err.status === 422 && this.correcting) {
        for (const e of err.problem.errors || []) {
          const loc = (e.loc || []).map(String);
          const i = this.questions.findIndex((q) => loc.includes(q.name));
          const el = this.el.questions.children[i]?.querySelector(".field-error");
          if (el) el.textContent = e.msg;
        }
      }
      this.setStatus(`Not saved: ${err.message}`, "error");
    } finally {
      this.busy = false;
    }
  }
}

function format(value) {
  if (value === undefined || value === null) return "(no answer)";
  if (typeof value === "string") return value;
  if (typeof value === "object" && !Array.isArray(value) && "choice" in value) {
    return value.choice === "tie" ? "tie" : `response ${value.choice.toUpperCase()}` + (value.strength != null ? ` (strength ${value.strength + 1})` : "");
  }
  return JSON.stringify(value);
}

const config = JSON.parse(document.getElementById("review-config").textContent);
const page = new ReviewPage(config);
window.looplineReview = page; // for the browser tests
page.boot();
