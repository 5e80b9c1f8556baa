// Entry point of the event pages' bundle: countdown, live phase and deadline moves with their notice, the projector,
// the organiser's pitch desk and live board, print buttons, copy buttons.
import { startCopyButtons } from "./copy.js";
import { startCountdown } from "./countdown.js";
import { followBoard } from "./board.js";
import { followPhase } from "./live.js";
import { carryOverReload, deadlineText, phaseText, showNotice, startNotices, takeCarried } from "./notice.js";
import { followPitchDesk } from "./pitch_desk.js";
import { followProjector } from "./projector.js";
import { followTeamResults } from "./team_results.js";

// The person's own click (a form sent) is taking the page away: the next page is the news, its flash says it, and
// a reload now would cancel that navigation. Still here long after, that navigation did not happen.
let leaving = false;
const LEAVING_MS = 10000;

function reloadWith(reason) {
  if (reloadWith.done || leaving) return;
  reloadWith.done = true;
  carryOverReload(reason);
  window.location.reload();
}

function followEvent(page, countdown, pitchDesk) {
  // A page of the event (studio, pitch view, jury home, dashboard): a new phase is a new page, the server says which.
  const phase = page.dataset.phase;
  const lockedStudio = () => document.querySelector("[data-studio][data-locked='true']");
  const clock = countdown && startCountdown(countdown, {
    onPhaseChange: (next) => { if (next !== phase) reloadWith({ kind: "phase" }); },
    onDeadlineMove: (deadline) => {
      if (lockedStudio()) reloadWith({ kind: "deadline", deadline });   // the studio opens again
      else showNotice(deadlineText(deadline));
    },
  });
  const socket = followPhase({ event: page.dataset.event }, (message) => {
    if (message.phase !== phase) reloadWith({ kind: "phase" });
    else if (message.deadline) {
      if (clock) {
        clock.setDeadline(message.deadline);
        clock.sync();
      } else {
        reloadWith({ kind: "deadline", deadline: Date.parse(message.deadline) });   // the pitch view: maybe more time
      }
    } else if (message.pitch !== undefined && pitchDesk) pitchDesk.refresh();   // the pitches moved
  });
  const results = document.querySelector("[data-team-results]");
  if (results) followTeamResults(results, socket);
  return socket;
}

function sayWhyReloaded() {
  const carried = takeCarried();
  if (!carried) return;
  const text = carried.kind === "phase" ? phaseText() : deadlineText(carried.deadline);
  // After the page is in place, so that screen readers hear the status change.
  setTimeout(() => showNotice(text), 300);
}

document.addEventListener("DOMContentLoaded", () => {
  window.addEventListener("beforeunload", () => {
    leaving = true;
    setTimeout(() => { leaving = false; }, LEAVING_MS);
  });
  startNotices();
  const projector = document.querySelector("[data-projector]");
  const countdown = document.querySelector("[data-countdown]");
  const follower = document.querySelector("[data-follow-event]");
  const desk = document.querySelector("[data-pitch-desk]");
  let socket = null;
  if (projector) followProjector(projector);
  else if (countdown || follower) socket = followEvent(countdown || follower, countdown, desk && followPitchDesk(desk));
  const board = document.querySelector("[data-board-slot]");
  if (board) followBoard(board, socket);
  sayWhyReloaded();
  document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
  startCopyButtons();
});
