// `text`: write a response, or edit the candidate (mode `edit`: pre-filled, with a diff view).
// e (or Enter on the question) edits, Esc leaves the editor, d shows the diff, r resets.
import { h, fill } from "../../dom.js";
import { diff } from "../diff.js";

export function create(q, record, state, ctx) {
  const editing = q.mode === "edit";
  const candidate = editing ? record.responses[q.response ?? 0]?.content ?? "" : "";
  const area = h("textarea.answer", {
    rows: "8",
    placeholder: editing ? "" : "Write the response…",
    maxlength: q.max_length ?? undefined,
    oninput: () => { paintCount(); if (showDiff) paintDiff(); ctx.changed(); },
    onfocus: () => ctx.activate(),
  });
  area.value = typeof state === "string" ? state : candidate;
  const count = h("span.count");
  const diffView = h("div.diff", { hidden: true });
  let showDiff = false;
  const el = h("div.text-question", {}, area,
    h("div.hint", {}, count, editing ? " · d: diff with the candidate · r: reset" : "", " · e: edit · Esc: stop editing · Ctrl+Enter: submit"),
    diffView);

  function paintCount() {
    const len = area.value.trim().length;
    const limits = [q.min_length ? `min ${q.min_length}` : "", q.max_length ? `max ${q.max_length}` : ""].filter(Boolean);
    count.textContent = `${len} characters${limits.length ? ` (${limits.join(", ")})` : ""}`;
  }

  function paintDiff() {
    fill(diffView, diff(candidate, area.value).map(([op, text]) =>
      op === "=" ? text : h(op === "+" ? "ins" : "del", {}, text)));
  }

  paintCount();
  return {
    el,
    help: [
      ["e", "edit the text (cursor at the end)"],
      ["Esc", "stop editing"],
      ["Ctrl+Enter", "submit while editing"],
      ...(editing ? [["d", "show / hide the diff with the candidate"], ["r", "reset to the candidate"]] : []),
    ],
    onKey(e) {
      if (e.key === "e") {
        area.focus();
        area.setSelectionRange(area.value.length, area.value.length);
        return true;
      }
      if (editing && e.key === "d") {
        showDiff = !showDiff;
        diffView.hidden = !showDiff;
        if (showDiff) paintDiff();
        return true;
      }
      if (editing && e.key === "r") {
        area.value = candidate;
        paintCount();
        if (showDiff) paintDiff();
        ctx.changed();
        return true;
      }
      return false;
    },
    value() {
      const text = area.value;
      return text.trim() ? text : undefined;
    },
    state() { return area.value; },
    focus() { area.focus(); },
  };
}
