// `rating`: an integer on min..max. Digits pick a score (the score itself when the scale fits
// 0-9, else its position), arrows step.
import { h } from "../../dom.js";

export function create(q, record, state, ctx) {
  const min = q.min ?? 1;
  const max = q.max ?? 5;
  const direct = min >= 0 && max <= 9;
  let score = Number.isInteger(state) ? state : null;
  const scores = [];
  for (let s = min; s <= max; s++) scores.push(s);
  const labels = q.labels || {};
  const buttons = scores.map((s, i) =>
    h("button.choice.score", { type: "button", tabindex: "-1", title: labels[s] || "", onclick: () => set(s) },
      h("kbd", {}, direct ? String(s) : i < 9 ? String(i + 1) : ""), String(s),
      labels[s] ? h("small", {}, labels[s]) : null),
  );
  const target = q.response != null ? h("p.hint", {}, `Rates response ${q.response + 1}`) : null;
  const el = h("div", {}, target, h("div.choices.scale", {}, buttons));

  function paint() {
    buttons.forEach((b, i) => b.classList.toggle("on", scores[i] === score));
  }

  function set(s, advance = true) {
    if (s < min || s > max) return false;
    score = s;
    paint();
    ctx.changed();
    if (advance) ctx.advance();
    return true;
  }

  paint();
  return {
    el,
    help: [
      [direct ? `${min}–${max}` : "1–9", "give a score"],
      ["← →", "lower / raise the score"],
      ["Backspace", "clear"],
    ],
    onKey(e) {
      if (/^[0-9]$/.test(e.key)) {
        const n = Number(e.key);
        return direct ? set(n) : n >= 1 && set(scores[n - 1] ?? NaN);
      }
      if (e.key === "ArrowRight") return set(score == null ? min : Math.min(score + 1, max), false);
      if (e.key === "ArrowLeft") return set(score == null ? max : Math.max(score - 1, min), false);
      if (e.key === "Backspace") { score = null; paint(); ctx.changed(); return true; }
      return false;
    },
    value() { return score ?? undefined; },
    state() { return score; },
  };
}
