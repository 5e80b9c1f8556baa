// The scoring screen: a click, a tap or a digit scores the criterion; every change autosaves through the outbox;
// arrows move between criteria (up/down) and badges (left/right).
import { Outbox } from "./outbox.js";

export function startScoring(form) {
  const status = document.querySelector("[data-scoring-status]");
  const labels = form.dataset;
  const criteria = [...form.querySelectorAll("[data-criterion]")];
  const editable = labels.editable === "true";
  const scoreId = (criterion) => `score:${labels.scoresUrl}:${criterion}`;
  const noteId = `note:${labels.noteUrl}`;
  let noteTimer = null;   // a remark being typed, not yet queued

  const show = (state) => {
    status.hidden = false;
    status.dataset.state = state;
    status.textContent = { saving: labels.savingLabel, saved: labels.savedLabel, offline: labels.offlineLabel,
                           refused: labels.errorLabel }[state];
  };
  const fieldsetOf = (item) => criteria.find((fs) => item.id === scoreId(fs.dataset.criterion));

  const lineOf = (item) => {
    const fieldset = fieldsetOf(item);
    return fieldset ? fieldset.querySelector("[data-criterion-status]")
                    : (item.id === noteId ? form.querySelector("[data-note-status]") : null);
  };
  const counter = document.querySelector("[data-progress]");
  const count = (progress) => {
    // "x noté(s) sur y" as the server counts it after each save: a flushed offline save moves it too.
    if (!counter || !progress) return;
    counter.textContent = counter.dataset.label.replace("{scored}", progress.scored).replace("{total}", progress.to_score);
  };
  const outbox = new Outbox(labels.juror, labels.csrf, (state, item, answer) => {
    const line = lineOf(item);
    if (state === "saved") count(answer && answer.progress);
    if (state === "offline") {
      // Said next to every score still waiting: the page's status may be scrolled out of sight on a tablet.
      for (const waiting of outbox.items()) {
        const other = lineOf(waiting);
        if (other) other.textContent = labels.offlineLabel;
      }
      show("offline");
      return;
    }
    if (state === "refused") {
      if (line) line.textContent = (answer && answer.message) || labels.errorLabel;
      show("refused");
      return;
    }
    if (line) line.textContent = state === "saved" ? labels.savedLabel : labels.savingLabel;
    show(outbox.items().length || noteTimer ? "saving" : state);   // a remark still being typed is not saved
  });

  // What is still queued from before a reload shows as it will be saved.
  for (const item of outbox.pending(`score:${labels.scoresUrl}:`)) {
    const fieldset = fieldsetOf(item);
    const input = fieldset && fieldset.querySelector(`input[value="${item.body.value}"]`);
    if (input) input.checked = true;
  }
  for (const item of outbox.pending(noteId)) {
    form.querySelector("#comment").value = item.body.comment;
    form.querySelector("#feedback").value = item.body.feedback;
  }
  if (outbox.items().length) show("saving");
  outbox.flush();
  if (!editable) return;

  const score = (fieldset, value) => {
    outbox.put(scoreId(fieldset.dataset.criterion), labels.scoresUrl,
               { criterion: fieldset.dataset.criterion, value });
  };
  form.addEventListener("change", (event) => {
    if (event.target.type === "radio") score(event.target.closest("[data-criterion]"), Number(event.target.value));
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  // A remark is queued 600 ms after the last keystroke, or at once when the juror leaves the field or the page;
  // meanwhile the page does not say "saved".
  const saveNote = () => {
    clearTimeout(noteTimer);
    noteTimer = null;
    outbox.put(noteId, labels.noteUrl, { comment: form.querySelector("#comment").value,
                                         feedback: form.querySelector("#feedback").value });
  };
  const flushNote = () => { if (noteTimer) saveNote(); };
  form.querySelectorAll("[data-note]").forEach((area) => {
    area.addEventListener("input", () => {
      clearTimeout(noteTimer);
      noteTimer = setTimeout(saveNote, 600);
      form.querySelector("[data-note-status]").textContent = labels.savingLabel;
      show("saving");
    });
    area.addEventListener("blur", flushNote);
  });
  window.addEventListener("pagehide", flushNote);

  const focusCriterion = (index, options) => {
    const fieldset = criteria[Math.max(0, Math.min(criteria.length - 1, index))];
    if (!fieldset) return;
    const input = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
    input.focus(options);
  };
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("textarea, input[type=text], select") || event.altKey || event.ctrlKey || event.metaKey) return;
    const fieldset = event.target.closest && event.target.closest("[data-criterion]");
    const index = fieldset ? criteria.indexOf(fieldset) : -1;
    if (/^[0-9]$/.test(event.key)) {
      const target = fieldset || criteria.find((fs) => !fs.querySelector("input:checked")) || criteria[0];
      const input = target && target.querySelector(`input[value="${event.key}"]`);
      if (!input) return;
      event.preventDefault();
      input.checked = true;
      score(target, Number(event.key));
      focusCriterion(criteria.indexOf(target) + 1);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      focusCriterion(index < 0 ? 0 : index + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      // Always ours: on a radio, the browser's own ← → would check the neighbouring score (on the first or last
      // badge, where there is no link to follow, that silently changed a score).
      event.preventDefault();
      const link = document.querySelector(`[data-nav="${event.key === "ArrowLeft" ? "prev" : "next"}"]`);
      if (link) link.click();
    }
  });
  // The sheet opens at its top (the badge's name, the counter, the badge): the focus waits on the first criterion
  // to score without scrolling the page to it; a digit or an arrow brings it into view.
  focusCriterion(Math.max(0, criteria.findIndex((fs) => !fs.querySelector("input:checked"))), { preventScroll: true });
}
