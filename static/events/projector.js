// The projector: hears every move of its event on /live and swaps in what the server now shows, never reloading.
import { io } from "socket.io-client";
import { startCountdown } from "./countdown.js";
import { deadlineText, phaseText, showNotice } from "./notice.js";

const RETRY_MS = 5000;
const POLL_WHILE_CUT_MS = 15000;
const NOTICE_MS = 30000;   // nobody closes a notice on the wall: it goes by itself

export function startPitchTimer(el) {
  // Counted from what the server said when it rendered the content, so a wrong browser clock does not matter.
  const end = performance.now() + Number(el.dataset.remaining) * 1000;
  const clock = el.closest("[data-pitch-clock]");
  const state = clock && clock.querySelector("[data-pitch-state]");
  let timer = null;
  const tick = () => {
    const left = Math.max(0, Math.round((end - performance.now()) / 1000));
    el.textContent = `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}`;
    el.classList.toggle("pitch-timer--over", left === 0);
    if (left === 0) {
      // the end of time, said in words too, until the organiser moves on
      if (clock) clock.className = "pitch-clock pitch-clock--over";
      if (state) state.textContent = state.dataset.over;
      clearInterval(timer);
    }
  };
  timer = setInterval(tick, 1000);
  tick();
  return () => clearInterval(timer);
}

// What the server said, less what changes at every rendering (its clock, a running timer's seconds): an answer that
// says the same is not swapped in, so the wall does not flicker and a running timer keeps its own pace.
function said(block) {
  return block.outerHTML.replace(/ data-(now|remaining)="[^"]*"/g, "").replace(/(data-pitch-timer[^>]*>)[^<]*/g, "$1");
}

export function followProjector(first) {
  let content = first;
  let shown = said(first);
  let stops = [];
  let running = false;
  let again = false;
  let retry = null;

  function start() {
    const countdown = content.querySelector("[data-countdown]");
    if (countdown) {
      const clock = startCountdown(countdown, { onPhaseChange: refresh, onDeadlineMove: refresh });
      stops.push(clock.stop);
    }
    content.querySelectorAll("[data-pitch-timer]").forEach((el) => stops.push(startPitchTimer(el)));
  }

  function swap(doc, url) {
    const next = doc.querySelector("[data-projector]");
    if (!next) throw new Error("no projector content");
    if (said(next) === shown) return;
    shown = said(next);
    const before = { phase: content.dataset.phase, deadline: content.dataset.deadline };
    stops.forEach((stop) => stop());
    stops = [];
    const adopted = document.importNode(next, true);
    content.replaceWith(adopted);
    content = adopted;
    document.title = doc.title;
    // The notice's words name the phase the server now shows.
    const box = document.querySelector("[data-live-notice]");
    const words = doc.querySelector("[data-live-notice]");
    if (box && words) Object.assign(box.dataset, { phaseMoved: words.dataset.phaseMoved });
    if (new URL(url).pathname !== window.location.pathname) window.history.replaceState(null, "", url);
    start();
    const { phase, deadline } = content.dataset;
    if (phase !== before.phase) showNotice(phaseText(), { hideAfterMs: NOTICE_MS });
    else if (deadline && before.deadline && deadline !== before.deadline) {
      showNotice(deadlineText(Date.parse(deadline)), { hideAfterMs: NOTICE_MS });
    }
  }

  async function load() {
    const response = await fetch(content.dataset.screenUrl, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" },
    });
    if (!response.ok) throw new Error(`screen answered ${response.status}`);
    const html = await response.text();
    swap(new DOMParser().parseFromString(html, "text/html"), response.url);
  }

  // One fetch at a time; a message heard meanwhile asks for one more, so the last word always wins.
  async function refresh() {
    if (running) { again = true; return; }
    running = true;
    clearTimeout(retry);
    try {
      do {
        again = false;
        await load();
      } while (again);
      document.body.dataset.projector = "live";
    } catch (error) {
      retry = setTimeout(refresh, RETRY_MS);   // venue Wi-Fi: the wall catches up as soon as it can
    } finally {
      running = false;
    }
  }

  start();
  const socket = io("/live", { auth: { screen: content.dataset.screenToken }, transports: ["websocket", "polling"] });
  // On every (re)connection: what was said while the socket was away, or before it joined the room, is fetched.
  socket.on("connect", refresh);
  socket.on("phase", refresh);       // a phase, a deadline, a pitch shown or started
  socket.on("ceremony", refresh);    // a step revealed or taken back
  setInterval(() => { if (!socket.connected) refresh(); }, POLL_WHILE_CUT_MS);
  return { refresh };
}
