// How a record is shown: the prompt or the conversation as a thread, then the responses.
import { h } from "../dom.js";

export function preview(text, limit) {
  const flat = (text || "").replace(/\s+/g, " ").trim();
  return flat.length > limit ? flat.slice(0, limit - 1) + "…" : flat;
}

export function message(role, content, extra = {}) {
  return h(`div.msg.${role}`, extra, h("div.role", {}, role), h("div.content", {}, content));
}

/** The context of the task; `thread: false` when a question shows the conversation itself. */
export function renderRecord(record, { thread = true } = {}) {
  const parts = [];
  if (thread) {
    if (record.messages) parts.push(h("div.thread", {}, record.messages.map((m) => message(m.role, m.content))));
    else parts.push(h("div.prompt", {}, h("div.role", {}, "prompt"), h("div.content", {}, record.prompt ?? "")));
  }
  if (record.responses?.length) {
    parts.push(h("div.responses", {}, record.responses.map((r, i) =>
      h("section.response", { dataset: { index: String(i) } },
        h("header", {}, `Response ${i + 1}`, r.model ? h("small", {}, ` · ${r.model}`) : null),
        h("div.content", {}, r.content)))));
  }
  const meta = Object.entries(record.metadata || {}).filter(([, v]) => typeof v !== "object");
  if (meta.length) {
    parts.push(h("dl.meta", {}, meta.slice(0, 8).map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))])));
  }
  return parts;
}
