// `turns`: one label per assistant turn. ↑ ↓ (or j k) pick a turn, 1-9 label it and move on.
import { h } from "../../dom.js";
import { message } from "../record.js";

/** A thread whose assistant turns each carry a label; shared by `turns` and `chat`. */
export function labelledThread(turns, options, labels, ctx) {
  let cursor = Math.max(0, labels.findIndex((l) => l == null));
  const rows = [];
  const el = h("div.thread.labelled");
  const tags = [];
  for (const turn of turns) {
    const row = message(turn.role, turn.content);
    if (turn.labelled) {
      const index = rows.length;
      const tag = h("div.turn-label");
      row.append(tag);
      row.addEventListener("click", () => { cursor = index; paint(); ctx.activate(); });
      rows.push(row);
      tags.push(tag);
    }
    el.append(row);
  }
  const legend = h("div.legend", {}, options.map((o, i) => h("span.tag", {}, h("kbd", {}, i < 9 ? String(i + 1) : ""), o)));

  function paint() {
    rows.forEach((row, i) => {
      row.classList.toggle("cursor", i === cursor);
      tags[i].textContent = labels[i] ?? "—";
      tags[i].classList.toggle("set", labels[i] != null);
    });
  }

  function move(step) {
    cursor = Math.max(0, Math.min(rows.length - 1, cursor + step));
    paint();
    rows[cursor]?.scrollIntoView({ block: "nearest" });
    return true;
  }

  paint();
  return {
    el: h("div", {}, legend, el),
    help: [
      ["↑ ↓ or k j", "previous / next assistant turn"],
      ["1–9", "label the turn and go to the next"],
      ["Backspace", "clear the turn's label"],
    ],
    onKey(e) {
      if (!rows.length) return false;
      if (e.key === "ArrowUp" || e.key === "k") return move(-1);
      if (e.key === "ArrowDown" || e.key === "j") return move(1);
      if (/^[1-9]$/.test(e.key) && options[Number(e.key) - 1] !== undefined) {
        labels[cursor] = options[Number(e.key) - 1];
        ctx.changed();
        const next = labels.findIndex((l, i) => i > cursor && l == null);
        if (next >= 0) cursor = next;
        else if (labels.every((l) => l != null)) ctx.advance();
        paint();
        return true;
      }
      if (e.key === "Backspace") { labels[cursor] = null; ctx.changed(); paint(); return true; }
      return false;
    },
    labels,
  };
}

export function create(q, record, state, ctx) {
  const messages = record.messages || [];
  const turns = messages.map((m) => ({ role: m.role, content: m.content, labelled: m.role === "assistant" }));
  const count = turns.filter((t) => t.labelled).length;
  const labels = Array.isArray(state) && state.length === count ? [...state] : new Array(count).fill(null);
  const thread = labelledThread(turns, q.options, labels, ctx);
  return {
    el: count ? thread.el : h("p.error", {}, "This record has no assistant turn to label."),
    help: thread.help,
    onKey: thread.onKey,
    value() { return count && labels.every((l) => l != null) ? [...labels] : undefined; },
    state() { return [...labels]; },
  };
}
