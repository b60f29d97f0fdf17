// `pairwise`: which of responses A and B is better, or a tie; then how strongly.
import { h } from "../../dom.js";

export function create(q, record, state, ctx) {
  const [ia, ib] = q.responses || [0, 1];
  let choice = state?.choice ?? null;
  let strength = state?.strength ?? null;
  const strengths = q.strengths || [];
  const side = (key, index, letter) =>
    h("button.side", { type: "button", tabindex: "-1", dataset: { choice: key }, onclick: () => choose(key) },
      h("header", {}, h("kbd", {}, letter), ` Response ${index + 1}`),
      h("div.text", {}, record.responses[index]?.content ?? "(missing response)"));
  const a = side("a", ia, "A");
  const b = side("b", ib, "B");
  const tie = q.allow_tie !== false ?
    h("button.choice", { type: "button", tabindex: "-1", dataset: { choice: "tie" }, onclick: () => choose("tie") }, h("kbd", {}, "T"), "Tie") : null;
  const strengthButtons = strengths.map((s, i) =>
    h("button.choice", { type: "button", tabindex: "-1", onclick: () => setStrength(i) }, h("kbd", {}, String(i + 1)), s));
  const el = h("div.pairwise", {}, h("div.sides", {}, a, b), h("div.choices", {}, tie,
    strengths.length ? h("span.hint", {}, "Strength:") : null, strengthButtons));

  function paint() {
    a.classList.toggle("on", choice === "a");
    b.classList.toggle("on", choice === "b");
    tie?.classList.toggle("on", choice === "tie");
    strengthButtons.forEach((btn, i) => {
      btn.classList.toggle("on", strength === i);
      btn.disabled = choice === "tie";
    });
  }

  function choose(c) {
    if (c === "tie" && q.allow_tie === false) return false;
    choice = c;
    if (c === "tie") strength = null;
    paint();
    ctx.changed();
    if (!strengths.length || c === "tie") ctx.advance();
    return true;
  }

  function setStrength(i) {
    if (choice === "tie" || i >= strengths.length) return false;
    strength = i;
    paint();
    ctx.changed();
    if (choice) ctx.advance();
    return true;
  }

  paint();
  return {
    el,
    help: [
      ["a or ←", "response A is better"],
      ["b or →", "response B is better"],
      ...(q.allow_tie !== false ? [["t", "tie"]] : []),
      ...(strengths.length ? [["1–9", `strength (${strengths.join(", ")})`]] : []),
      ["Backspace", "clear"],
    ],
    onKey(e) {
      if (e.key === "a" || e.key === "ArrowLeft") return choose("a");
      if (e.key === "b" || e.key === "ArrowRight") return choose("b");
      if (e.key === "t") return choose("tie");
      if (/^[1-9]$/.test(e.key)) return setStrength(Number(e.key) - 1);
      if (e.key === "Backspace") { choice = null; strength = null; paint(); ctx.changed(); return true; }
      return false;
    },
    value() { return choice ? { choice, strength } : undefined; },
    state() { return { choice, strength }; },
  };
}
