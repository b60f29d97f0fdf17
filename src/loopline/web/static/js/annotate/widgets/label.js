// `label`: one option (or several with `multiple`). Keys 1-9 pick, arrows + Space for more.
import { h } from "../../dom.js";

export function create(q, record, state, ctx) {
  let chosen = new Set(Array.isArray(state) ? state : state != null ? [state] : []);
  let cursor = 0;
  const buttons = q.options.map((option, i) =>
    h("button.choice", { type: "button", tabindex: "-1", onclick: () => pick(i) },
      h("kbd", {}, i < 9 ? String(i + 1) : ""), option),
  );
  const el = h("div.choices", {}, buttons);

  function paint() {
    buttons.forEach((b, i) => {
      b.classList.toggle("on", chosen.has(q.options[i]));
      b.classList.toggle("cursor", i === cursor);
    });
  }

  function pick(i) {
    const option = q.options[i];
    if (option === undefined) return false;
    cursor = i;
    if (q.multiple) chosen.has(option) ? chosen.delete(option) : chosen.add(option);
    else chosen = new Set([option]);
    paint();
    ctx.changed();
    if (!q.multiple) ctx.advance();
    return true;
  }

  paint();
  return {
    el,
    help: [
      ["1–9", q.multiple ? "toggle an option" : "choose an option"],
      ["← →", "move between options"],
      ["Space", q.multiple ? "toggle the highlighted option" : "choose the highlighted option"],
      ["Backspace", "clear"],
    ],
    onKey(e) {
      if (/^[1-9]$/.test(e.key)) return pick(Number(e.key) - 1);
      if (e.key === "ArrowRight" || e.key === "ArrowDown") cursor = Math.min(cursor + 1, q.options.length - 1);
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") cursor = Math.max(cursor - 1, 0);
      else if (e.key === " ") return pick(cursor);
      else if (e.key === "Backspace") { chosen.clear(); ctx.changed(); }
      else return false;
      paint();
      return true;
    },
    value() {
      if (q.multiple) return chosen.size ? q.options.filter((o) => chosen.has(o)) : undefined;
      return chosen.size ? [...chosen][0] : undefined;
    },
    state() {
      return q.multiple ? [...chosen] : chosen.size ? [...chosen][0] : null;
    },
  };
}
