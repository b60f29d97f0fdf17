// `ranking`: order the responses best first; ties allowed when the question allows them.
// Keyboard: ↑↓ pick a row, Shift+↑↓ move it, 1-9 put it at a place, t ties it with the row
// above, c accepts the shown order. Rows can also be dragged.
import { h, fill } from "../../dom.js";
import { preview } from "../record.js";

export function create(q, record, state, ctx) {
  const n = record.responses.length;
  let items = state?.items?.length === n ? state.items.map((i) => ({ ...i })) :
    record.responses.map((_, r) => ({ r, tie: false }));
  let touched = Boolean(state?.touched);
  let cursor = 0;
  let dragFrom = null;
  const list = h("ol.ranking");
  const el = h("div", {}, n < 2 ? h("p.error", {}, "This record has fewer than 2 responses to rank.") : list);

  function ranks() {
    // ranks per response, dense, in record order (the answer's normal form)
    const out = new Array(n);
    let rank = 0;
    items.forEach((item, i) => {
      if (i === 0 || !item.tie || !q.allow_ties) rank += 1;
      out[item.r] = rank;
    });
    return out;
  }

  function paint() {
    const rankOf = ranks();
    fill(list, items.map((item, i) =>
      h("li.rank-item", {
        draggable: "true",
        class: ["rank-item", i === cursor ? "cursor" : "", item.tie && i > 0 ? "tied" : ""].join(" "),
        dataset: { response: String(item.r) },
        onclick: () => { cursor = i; paint(); },
        ondragstart: (e) => { dragFrom = i; e.dataTransfer.effectAllowed = "move"; },
        ondragover: (e) => e.preventDefault(),
        ondrop: (e) => { e.preventDefault(); if (dragFrom !== null) moveTo(dragFrom, i); dragFrom = null; },
      },
      h("span.rank", {}, touched ? String(rankOf[item.r]) : "·"),
      item.tie && i > 0 ? h("span.tie", {}, "= tie") : null,
      h("strong", {}, `Response ${item.r + 1}`), " ", h("span.preview", {}, preview(record.responses[item.r].content, 140))),
    ));
  }

  function changed() {
    touched = true;
    paint();
    ctx.changed();
    return true;
  }

  function moveTo(from, to) {
    if (from === to || to < 0 || to >= n) return false;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    if (to === 0) item.tie = false;
    cursor = to;
    return changed();
  }

  paint();
  return {
    el,
    help: [
      ["↑ ↓", "highlight a response"],
      ["Shift+↑ ↓", "move it up / down"],
      ["1–9", "move it to that place"],
      ...(q.allow_ties ? [["t", "tie it with the one above (again to untie)"]] : []),
      ["c", "accept the order as shown"],
      ["drag", "reorder with the mouse"],
    ],
    onKey(e) {
      if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        const step = e.key === "ArrowUp" ? -1 : 1;
        if (e.shiftKey) return moveTo(cursor, cursor + step);
        cursor = Math.max(0, Math.min(n - 1, cursor + step));
        paint();
        return true;
      }
      if (/^[1-9]$/.test(e.key)) return moveTo(cursor, Math.min(Number(e.key), n) - 1) || changed();
      if (e.key === "t" && q.allow_ties && cursor > 0) {
        items[cursor].tie = !items[cursor].tie;
        return changed();
      }
      if (e.key === "c") return changed();
      return false;
    },
    value() { return touched && n >= 2 ? ranks() : undefined; },
    state() { return { items, touched }; },
  };
}
