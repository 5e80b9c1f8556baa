// Entry point of the event pages' bundle: countdown, live phase changes, print buttons.
import { startCountdown } from "./countdown.js";
import { followPhase } from "./live.js";

function reloadOnce() {
  if (!reloadOnce.done) {
    reloadOnce.done = true;
    window.location.reload();
  }
}

function startPitchTimer(el) {
  // Counted from what the server said at render time, so a wrong browser clock does not matter.
  const end = performance.now() + Number(el.dataset.remaining) * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((end - performance.now()) / 1000));
    el.textContent = `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}`;
    el.classList.toggle("pitch-timer--over", left === 0);
  };
  tick();
  setInterval(tick, 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  const countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    const phase = countdown.dataset.phase;
    const onPhase = (next) => { if (next !== phase) reloadOnce(); };
    const clock = startCountdown(countdown, onPhase);
    const screen = document.querySelector("[data-screen-token]");
    const auth = screen ? { screen: screen.dataset.screenToken } : { event: countdown.dataset.event };
    followPhase(auth, (message) => {
      if (message.phase !== phase) reloadOnce();              // a new phase: a new page
      else if (message.deadline) {                            // more time: the countdown follows
        clock.sync();
        if (document.querySelector("[data-studio][data-locked='true']")) reloadOnce();
      }
      else if ("pitch" in message && screen) reloadOnce();    // the projector shows the next pitch
    });
  }
  document.querySelectorAll("[data-pitch-timer]").forEach(startPitchTimer);
  document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
});
