// The organiser's pitch desk: its timer ticks, a presentation clicker's keys press its buttons, and it is fetched
// again and swapped in when the pitches move (another organiser, another tab).
import { startPitchTimer } from "./projector.js";

// What presentation clickers send: next / previous slide, and "blank screen" (B or ".") to start, pause or resume.
const CLICKER_KEYS = {
  PageDown: "next", ArrowRight: "next", PageUp: "previous", ArrowLeft: "previous", b: "toggle", B: "toggle", ".": "toggle",
};

function typing(target) {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
}

export function followPitchDesk(first) {
  let desk = first;
  let stops = [];
  let sent = false;   // a form sent (a press, a click): the page is on its way to the next state, nothing more
  let loading = null;

  function start() {
    stops.forEach((stop) => stop());
    stops = [...desk.querySelectorAll("[data-pitch-timer]")].map(startPitchTimer);
  }

  document.addEventListener("keydown", (event) => {
    const what = CLICKER_KEYS[event.key];
    if (!what || event.repeat || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const button = desk.querySelector(`[data-clicker="${what}"]`);
    if (!button) return;
    event.preventDefault();
    if (sent) return;
    sent = true;
    button.click();
  });

  document.addEventListener("submit", () => { sent = true; });
  document.body.dataset.clicker = "ready";   // the keys are heard from now on

  async function load() {
    const response = await fetch(desk.dataset.deskUrl, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || sent) return;
    const next = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-pitch-desk]");
    if (!next || next.innerHTML === desk.innerHTML) return;
    const hadFocus = desk.contains(document.activeElement);
    const adopted = document.importNode(next, true);
    desk.replaceWith(adopted);
    desk = adopted;
    start();
    if (hadFocus) desk.querySelector("h2").focus({ preventScroll: true });
  }

  // A message heard while a fetch runs asks for one more, so the last word always wins.
  function refresh() {
    loading = (loading || Promise.resolve()).then(load).catch(() => {});
    return loading;
  }

  start();
  return { refresh };
}
