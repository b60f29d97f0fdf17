// The keyboard: one listener for the page. Global keys first, then the active question's.
// While typing in a text field only Esc (leave it) and Ctrl+Enter (submit) are taken.
import { h, fill } from "../dom.js";

export const GLOBAL_KEYS = [
  ["Enter", "submit and go to the next task"],
  ["s", "skip this task"],
  ["Tab / Shift+Tab", "next / previous question"],
  ["g", "show / hide the guidelines"],
  ["?", "show / hide this help"],
  ["Esc", "close this help, or stop typing"],
];

export function listen({ submit, skip, nextQuestion, toggleGuidelines, questionKey, helpSections }) {
  const dialog = document.getElementById("help");
  const body = dialog.querySelector(".help-body");

  function toggleHelp(show = dialog.hidden) {
    if (show) {
      fill(body,
        section("Everywhere", GLOBAL_KEYS),
        helpSections().map(([title, keys]) => section(title, keys)));
    }
    dialog.hidden = !show;
  }

  dialog.querySelector(".close")?.addEventListener("click", () => toggleHelp(false));

  document.addEventListener("keydown", (e) => {
    if (!dialog.hidden) {
      if (e.key === "Escape" || e.key === "?") { toggleHelp(false); e.preventDefault(); }
      return;
    }
    const typing = e.target instanceof Element && e.target.matches("textarea, input, select, [contenteditable]");
    if (typing) {
      if (e.key === "Escape") { e.target.blur(); e.preventDefault(); }
      else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return; // leave the browser's own shortcuts alone
    let handled = true;
    if (e.key === "?") toggleHelp(true);
    else if (e.key === "Enter") submit();
    else if (e.key === "Tab") nextQuestion(e.shiftKey ? -1 : 1);
    else if (e.key === "s") skip();
    else if (e.key === "g") toggleGuidelines();
    else handled = questionKey(e);
    if (handled) e.preventDefault();
  });
  return { toggleHelp };
}

function section(title, keys) {
  return h("section", {}, h("h3", {}, title),
    h("dl.keys", {}, keys.map(([key, what]) => [h("dt", {}, h("kbd", {}, key)), h("dd", {}, what)])));
}
