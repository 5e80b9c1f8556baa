// Entry point of the event pages' bundle: countdown, live phase changes, print buttons.
import { startCountdown } from "./countdown.js";
import { followPhase } from "./live.js";

function reloadOnce() {
  if (!reloadOnce.done) {
    reloadOnce.done = true;
    window.location.reload();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    const phase = countdown.dataset.phase;
    const onPhase = (next) => { if (next !== phase) reloadOnce(); };
    startCountdown(countdown, onPhase);
    const screen = document.querySelector("[data-screen-token]");
    const auth = screen ? { screen: screen.dataset.screenToken } : { event: countdown.dataset.event };
    followPhase(auth, onPhase);
  }
  document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
});
