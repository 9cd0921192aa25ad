/*
 * Review queue keys: j/k (or arrows) move through the queue; c confirm, d dismiss,
 * a attribute the selected violation, each one keystroke, with the reason written in its
 * field (r jumps there; Esc leaves it; in the field Alt+c/d/a act too). A decision needs a
 * reason: without one the field is focused instead.
 */
(function () {
  "use strict";
  const items = Array.from(document.querySelectorAll("[data-review-queue] > li"));
  if (!items.length) return;
  let at = 0;

  function select(i) {
    at = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((li, n) => li.classList.toggle("selected", n === at));
    items[at].setAttribute("aria-current", "true");
    items.forEach((li, n) => n !== at && li.removeAttribute("aria-current"));
    if (!items[at].contains(document.activeElement)) items[at].focus({ preventScroll: false });
  }

  function act(key) {
    const li = items[at];
    const button = li.querySelector(`button[data-key="${key}"]`);
    const reason = li.querySelector("input[name=reason]");
    if (!button) return false;
    if (!reason.value.trim()) {
      reason.focus();
      return true;
    }
    button.click();
    return true;
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey) return;
    const typing = ev.target.matches("input, select, textarea");
    const key = ev.key.toLowerCase();
    if (typing) {
      if (ev.key === "Escape") {
        items[at].focus();
        ev.preventDefault();
      } else if (ev.altKey && "cda".includes(key) && act(key)) {
        ev.preventDefault();
      }
      return;
    }
    if (ev.altKey) return;
    if (key === "j" || ev.key === "ArrowDown") select(at + 1);
    else if (key === "k" || ev.key === "ArrowUp") select(at - 1);
    else if (key === "r") items[at].querySelector("input[name=reason]").focus();
    else if ("cda".includes(key) && key.length === 1) act(key);
    else return;
    ev.preventDefault();
  });
  items.forEach((li, n) => li.addEventListener("focusin", () => n !== at && select(n)));
  select(0);
})();
