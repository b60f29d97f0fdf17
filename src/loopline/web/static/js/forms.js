// Manager forms: each <form data-api="/path"> is sent to the REST API (with the session's
// CSRF token) instead of being posted as a page. Attributes:
//   data-method  POST (default), PATCH, PUT, DELETE
//   data-body    "json" (default) or "multipart" (a file upload)
//   data-query   comma-separated field names sent in the query string instead of the body
//   data-show    what to say on success, with {key} taken from the JSON answer
//   data-then    "reload" to reload the page after success
// `{field}` in data-api is replaced by that field's value (and the field leaves the body).
import { call } from "./api.js";

function fieldValue(el) {
  if (el.type === "checkbox") return el.checked;
  if (el.type === "number") return el.value === "" ? undefined : Number(el.value);
  if (el.tagName === "SELECT" && el.multiple) return [...el.selectedOptions].map((o) => o.value);
  if (el.dataset.type === "list") return el.value.split(",").map((s) => s.trim()).filter(Boolean);
  return el.value;
}

function fields(form) {
  const out = [];
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.name === "csrf_token" || el.type === "submit") continue;
    out.push([el.name, el]);
  }
  return out;
}

function request(form) {
  const used = new Set();
  const path = form.dataset.api.replace(/\{(\w+)\}/g, (_, name) => {
    used.add(name);
    return encodeURIComponent(form.elements[name]?.value ?? "");
  });
  const query = new URLSearchParams();
  for (const name of (form.dataset.query || "").split(",").filter(Boolean)) {
    used.add(name);
    const value = fieldValue(form.elements[name]);
    if (value !== undefined && value !== "") query.set(name, String(value));
  }
  const method = (form.dataset.method || "POST").toUpperCase();
  let body;
  if (form.dataset.body === "multipart") {
    body = new FormData();
    for (const [name, el] of fields(form)) {
      if (used.has(name)) continue;
      if (el.type === "file") for (const file of el.files) body.append(name, file);
      else body.append(name, String(fieldValue(el)));
    }
  } else if (method !== "DELETE" && method !== "PUT") {
    body = {};
    for (const [name, el] of fields(form)) {
      const value = fieldValue(el);
      if (!used.has(name) && value !== undefined) body[name] = value;
    }
  }
  const qs = query.toString();
  return [method, qs ? `${path}?${qs}` : path, body];
}

function describe(template, res) {
  if (!template) return "Done.";
  return template.replace(/\{(\w+)\}/g, (_, key) => String(res?.[key] ?? ""));
}

async function send(e) {
  e.preventDefault();
  const form = e.currentTarget;
  const out = form.querySelector("output") || form.appendChild(document.createElement("output"));
  const button = form.querySelector("button[type=submit], button:not([type])");
  out.className = "busy";
  out.textContent = "Working…";
  if (button) button.disabled = true;
  try {
    const res = await call(...request(form));
    out.className = "ok";
    out.textContent = describe(form.dataset.show, res);
    if (form.dataset.then === "reload") window.location.reload();
  } catch (err) {
    out.className = "error";
    const details = (err.problem?.errors || []).map((x) => `${(x.loc || []).join(".")}: ${x.msg}`);
    out.textContent = [err.message, ...details.filter((d) => !err.message.includes(d))].join(" · ");
  } finally {
    if (button) button.disabled = false;
  }
}

for (const form of document.querySelectorAll("form[data-api]")) form.addEventListener("submit", send);
