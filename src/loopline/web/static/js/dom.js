// Tiny DOM helpers shared by the page modules: no framework, just element building.

/** h("div.card", {onclick}, "text", child) -> HTMLElement. */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const el = document.createElement(tag || "div");
  if (classes.length) el.className = classes.join(" ");
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** The CSRF token: the cookie (fresh after a login) or the page's meta tag. */
export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)loopline_csrf=([^;]*)/);
  if (m) return decodeURIComponent(m[1]);
  return document.querySelector('meta[name="csrf-token"]')?.content || "";
}
