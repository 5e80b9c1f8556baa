// Entry point of the jury pages' bundle: the scoring screen, the organiser's live progress, the ceremony keys
// (the projector follows the ceremony with the events bundle: static/events/projector.js).
import { io } from "socket.io-client";
import { startScoring } from "./scoring.js";

function followProgress(table) {
  // A save says only "juror N moved"; the figures are fetched, at most once a second, from the organiser's route.
  const refresh = async () => {
    const answer = await fetch(table.dataset.progressUrl, { credentials: "same-origin" }).then((r) => r.json());
    for (const progress of answer.jurors) {
      const row = table.querySelector(`[data-juror="${progress.juror}"]`);
      if (!row) continue;
      row.querySelector("[data-scored]").textContent = `${progress.scored} / ${progress.to_score}`;
      row.querySelector("progress").value = progress.scored;
      row.querySelector("progress").max = Math.max(progress.to_score, 1);
      row.querySelector("[data-final]").textContent = progress.final ? table.dataset.finalLabel : "";
    }
  };
  let timer = null;
  const socket = io("/live", { auth: { event: table.dataset.event }, transports: ["websocket", "polling"] });
  socket.on("jury_progress", () => {
    if (!timer) timer = setTimeout(() => { timer = null; refresh().catch(() => {}); }, 1000);
  });
  socket.on("phase", () => window.location.reload());
}

function followCeremony(stage) {
  // The organiser's clicker sends space, arrows or page keys to the projector's browser.
  const step = (direction) => {
    const form = stage.querySelector(`form[data-step="${direction}"]`);
    if (form) form.requestSubmit();
  };
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("input, textarea, select")) return;
    // Space and Enter on a focused button or link are that control's own (Enter on « Revenir » goes back).
    if ([" ", "Enter"].includes(event.key) && event.target.closest("button, a, summary")) return;
    if ([" ", "ArrowRight", "ArrowDown", "PageDown", "Enter"].includes(event.key)) { event.preventDefault(); step("1"); }
    if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].includes(event.key)) { event.preventDefault(); step("-1"); }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-scoring]");
  if (form) startScoring(form);
  const table = document.querySelector("[data-jury-progress]");
  if (table) followProgress(table);
  const stage = document.querySelector("[data-ceremony]");
  if (stage) followCeremony(stage);
});
