// `spans`: mark character ranges of a text with labels, and relate marked spans.
// Keyboard: ← → move a word cursor, Shift+← → widen the selection, 1-9 label it (a mouse
// selection works too); [ ] go through the marked spans, Backspace removes one; r relates the
// current span to another ([ ] pick it, 1-9 the relation). Offsets are code points, like Python.
import { h, fill } from "../../dom.js";

const WORD = /[\p{L}\p{N}_'’-]/u;

export function targetText(target, record) {
  const [kind, index] = (target || "prompt").split(":");
  if (kind === "response") return record.responses[Number(index)]?.content ?? "";
  const messages = record.messages || [];
  if (kind === "message") return messages[Number(index)]?.content ?? "";
  if (record.prompt != null) return record.prompt;
  const users = messages.filter((m) => m.role === "user");
  return users.length ? users[users.length - 1].content : "";
}

/** Words and single punctuation marks as [start, end) code point ranges. */
function tokenize(chars) {
  const tokens = [];
  let i = 0;
  while (i < chars.length) {
    if (/\s/u.test(chars[i])) { i++; continue; }
    let j = i + 1;
    if (WORD.test(chars[i])) while (j < chars.length && WORD.test(chars[j])) j++;
    tokens.push([i, j]);
    i = j;
  }
  return tokens;
}

export function create(q, record, state, ctx) {
  const chars = Array.from(targetText(q.target, record));
  const tokens = tokenize(chars);
  const relationLabels = q.relations || [];
  let spans = (state?.spans || []).map((s) => ({ start: s.start, end: s.end, label: s.label }));
  let relations = (state?.relations || []).map((r) => ({ ...r }));
  let confirmedEmpty = Boolean(state?.confirmedEmpty);
  let anchor = 0;
  let focusTok = 0;
  let mouse = null; // {start, end} from a mouse selection, until the keyboard moves
  let current = spans.length ? 0 : -1;
  let relFrom = null;
  const textEl = h("div.span-text", { onmouseup: readMouse });
  const legend = h("div.legend", {}, q.labels.map((label, i) =>
    h(`span.tag.l${i % 8}`, {}, h("kbd", {}, i < 9 ? String(i + 1) : ""), label)));
  const listEl = h("ol.span-list");
  const relEl = h("ul.relation-list");
  const status = h("div.hint");
  const el = h("div.spans", {}, legend, textEl, status, listEl, relEl);

  function selection() {
    if (mouse) return mouse;
    if (!tokens.length) return null;
    const [a, b] = [Math.min(anchor, focusTok), Math.max(anchor, focusTok)];
    return { start: tokens[a][0], end: tokens[b][1] };
  }

  function paint() {
    const sel = selection();
    const cuts = new Set([0, chars.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    if (sel) { cuts.add(sel.start); cuts.add(sel.end); }
    const points = [...cuts].sort((x, y) => x - y);
    const parts = [];
    for (let k = 0; k + 1 < points.length; k++) {
      const [s, e] = [points[k], points[k + 1]];
      const covering = spans.map((sp, i) => [sp, i]).filter(([sp]) => sp.start <= s && sp.end >= e);
      const classes = ["seg"];
      if (sel && sel.start <= s && sel.end >= e) classes.push("sel");
      if (covering.length) {
        const [sp, i] = covering[covering.length - 1];
        classes.push("hl", `l${q.labels.indexOf(sp.label) % 8}`);
        if (covering.some(([, j]) => j === current)) classes.push("current");
        void i;
      }
      parts.push(h("span", { class: classes.join(" "), dataset: { s: String(s) } }, chars.slice(s, e).join("")));
    }
    fill(textEl, parts);
    fill(listEl, spans.map((s, i) =>
      h("li", { class: i === current ? "current" : "", onclick: () => { current = i; paint(); } },
        h(`span.tag.l${q.labels.indexOf(s.label) % 8}`, {}, s.label), " ", chars.slice(s.start, s.end).join(""))));
    fill(relEl, relations.map((r) =>
      h("li", {}, `${describe(r.from)} → ${describe(r.to)} `, h("em", {}, r.label))));
    status.textContent = relFrom !== null ?
      `Relating “${describe(relFrom)}”: [ ] pick the other span, ${relationLabels.map((l, i) => `${i + 1} ${l}`).join(", ")}; Esc cancels` :
      confirmedEmpty && !spans.length ? "Nothing to mark (0 confirmed)." : "";
  }

  function describe(i) {
    const s = spans[i];
    return s ? chars.slice(s.start, s.end).join("") : "?";
  }

  function readMouse() {
    const range = window.getSelection();
    if (!range || range.isCollapsed || !textEl.contains(range.anchorNode) || !textEl.contains(range.focusNode)) return;
    const a = offsetOf(range.anchorNode, range.anchorOffset);
    const b = offsetOf(range.focusNode, range.focusOffset);
    if (a === null || b === null || a === b) return;
    mouse = { start: Math.min(a, b), end: Math.max(a, b) };
    range.removeAllRanges();
    ctx.activate();
    paint();
  }

  function offsetOf(node, offset) {
    const seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!seg?.dataset?.s) return null;
    return Number(seg.dataset.s) + Array.from((node.textContent || "").slice(0, offset)).length;
  }

  function addSpan(labelIndex) {
    const sel = selection();
    const label = q.labels[labelIndex];
    if (!sel || label === undefined) return false;
    const span = { start: sel.start, end: sel.end, label };
    if (spans.some((s) => s.start === span.start && s.end === span.end && s.label === label)) return true;
    if (!q.allow_overlap && spans.some((s) => s.start < span.end && span.start < s.end)) {
      status.textContent = "This question does not allow overlapping spans.";
      return true;
    }
    spans.push(span);
    current = spans.length - 1;
    mouse = null;
    changed();
    return true;
  }

  function removeSpan(i) {
    if (i < 0 || i >= spans.length) return false;
    spans.splice(i, 1);
    relations = relations.filter((r) => r.from !== i && r.to !== i)
      .map((r) => ({ from: r.from > i ? r.from - 1 : r.from, to: r.to > i ? r.to - 1 : r.to, label: r.label }));
    current = Math.min(current, spans.length - 1);
    changed();
    return true;
  }

  function addRelation(labelIndex) {
    const label = relationLabels[labelIndex];
    if (label === undefined || current === relFrom || current < 0) return false;
    if (!relations.some((r) => r.from === relFrom && r.to === current && r.label === label)) {
      relations.push({ from: relFrom, to: current, label });
    }
    relFrom = null;
    changed();
    return true;
  }

  function changed() {
    paint();
    ctx.changed();
  }

  function moveWord(step, extend) {
    if (!tokens.length) return false;
    mouse = null;
    focusTok = Math.max(0, Math.min(tokens.length - 1, focusTok + step));
    if (!extend) anchor = focusTok;
    paint();
    return true;
  }

  paint();
  return {
    el,
    help: [
      ["← →", "move the word cursor"],
      ["Shift+← →", "widen / narrow the selection by a word"],
      ["mouse", "select any text"],
      ["1–9", "label the selection"],
      ["0", "confirm there is nothing to mark"],
      ["[ ]", "previous / next marked span"],
      ["Backspace", "remove the current span"],
      ...(relationLabels.length ? [["r", "relate the current span to another ([ ] pick it, 1–9 the relation, Esc cancels)"]] : []),
    ],
    onKey(e) {
      if (relFrom !== null) {
        if (e.key === "Escape") { relFrom = null; paint(); return true; }
        if (/^[1-9]$/.test(e.key)) return addRelation(Number(e.key) - 1);
      }
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") return moveWord(e.key === "ArrowRight" ? 1 : -1, e.shiftKey);
      if (/^[1-9]$/.test(e.key)) return addSpan(Number(e.key) - 1);
      if (e.key === "0") { confirmedEmpty = true; changed(); return true; }
      if ((e.key === "[" || e.key === "]") && spans.length) {
        current = (current + (e.key === "]" ? 1 : -1) + spans.length) % spans.length;
        paint();
        return true;
      }
      if (e.key === "Backspace" || e.key === "Delete") return removeSpan(current);
      if (e.key === "r" && relationLabels.length && current >= 0 && spans.length > 1) {
        relFrom = current;
        current = (current + 1) % spans.length;
        paint();
        return true;
      }
      return false;
    },
    value() {
      if (!spans.length && !confirmedEmpty) return undefined;
      return { spans: spans.map((s) => ({ ...s })), relations: relations.map((r) => ({ ...r })) };
    },
    state() { return { spans, relations, confirmedEmpty }; },
  };
}
