// `chat`: the transcript as a thread whose assistant turns the annotator labels. Talking to the
// live model (edited and regenerated branches) arrives with the models part; the answer is
// already the transcript tree the question stores: `{nodes: [{id, parent, role, ...}]}`.
import { h } from "../../dom.js";
import { labelledThread } from "./turns.js";

function transcript(record) {
  const turns = record.messages ?
    record.messages.filter((m) => m.role !== "tool").map((m) => ({ role: m.role, content: m.content })) :
    [{ role: "user", content: record.prompt ?? "" },
      ...(record.responses?.length ? [{ role: "assistant", content: record.responses[0].content }] : [])];
  return turns.map((t) => ({ ...t, labelled: t.role === "assistant" }));
}

export function create(q, record, state, ctx) {
  const turns = transcript(record);
  const options = q.labels || [];
  const count = turns.filter((t) => t.labelled).length;
  const labels = Array.isArray(state) && state.length === count ? [...state] : new Array(count).fill(null);
  const thread = labelledThread(turns, options, labels, { ...ctx, advance: ctx.advance });
  let confirmed = Boolean(state?.confirmed);

  function nodes() {
    let k = 0;
    return turns.map((t, i) => ({
      id: `m${i}`,
      parent: i === 0 ? null : `m${i - 1}`,
      role: t.role,
      content: t.content,
      origin: "original",
      branch_of: null,
      label: t.labelled ? labels[k++] ?? null : null,
    }));
  }

  return {
    el: h("div.chat", {}, options.length ? null : h("p.hint", {}, "Read the conversation; c confirms it."), thread.el),
    help: options.length ? thread.help : [["c", "confirm the transcript"]],
    onKey(e) {
      if (!options.length && e.key === "c") { confirmed = true; ctx.changed(); ctx.advance(); return true; }
      return options.length ? thread.onKey(e) : false;
    },
    value() {
      const done = options.length ? count > 0 && labels.every((l) => l != null) : confirmed;
      return done ? { nodes: nodes() } : undefined;
    },
    state() { return options.length ? [...labels] : { confirmed }; },
  };
}
