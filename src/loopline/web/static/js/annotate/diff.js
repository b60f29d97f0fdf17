// Word-level diff (LCS) of a candidate response and its edit, for the text question's diff view.

const TOKEN = /\s+|[^\s]+/g;
const MAX_CELLS = 4_000_000; // past this, diff whole lines (an edit of a very long text)

/** [[op, text]...] with op in "=", "-", "+". */
export function diff(before, after) {
  let a = before.match(TOKEN) || [];
  let b = after.match(TOKEN) || [];
  if (a.length * b.length > MAX_CELLS) {
    a = before.split(/(?<=\n)/);
    b = after.split(/(?<=\n)/);
  }
  // trim the common head and tail: most edits touch a small part
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out = [];
  if (head) out.push(["=", a.slice(0, head).join("")]);
  out.push(...lcsDiff(midA, midB));
  if (tail) out.push(["=", a.slice(a.length - tail).join("")]);
  return merge(out);
}

function lcsDiff(a, b) {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [["-", a.join("")], ["+", b.join("")]];
  const w = m + 1;
  const table = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * w + j] = a[i] === b[j] ? table[(i + 1) * w + j + 1] + 1 :
        Math.max(table[(i + 1) * w + j], table[i * w + j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push(["=", a[i]]); i++; j++; }
    else if (table[(i + 1) * w + j] >= table[i * w + j + 1]) out.push(["-", a[i++]]);
    else out.push(["+", b[j++]]);
  }
  while (i < n) out.push(["-", a[i++]]);
  while (j < m) out.push(["+", b[j++]]);
  return out;
}

function merge(parts) {
  const out = [];
  for (const [op, text] of parts) {
    if (!text) continue;
    const last = out[out.length - 1];
    if (last && last[0] === op) last[1] += text;
    else out.push([op, text]);
  }
  return out;
}
