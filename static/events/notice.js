// The live notice: tells an open page, politely and visibly, that the phase or the design deadline just moved.
import { parisTime } from "./countdown.js";

const CARRIED = "badgeathon:live-notice";
const CARRIED_FOR_MS = 60000;

function region() {
  return document.querySelector("[data-live-notice]");
}

export function showNotice(text, { hideAfterMs = 0 } = {}) {
  const box = region();
  if (!box || !text) return;
  const textEl = box.querySelector("[data-live-notice-text]");
  // The status region is in the page from the start (so screen readers follow it); only its text changes.
  textEl.textContent = text;
  box.classList.add("live-notice--shown");
  box.querySelector("[data-live-notice-close]").hidden = false;
  clearTimeout(showNotice.timer);
  if (hideAfterMs) showNotice.timer = setTimeout(hideNotice, hideAfterMs);
}

export function hideNotice() {
  const box = region();
  if (!box) return;
  box.querySelector("[data-live-notice-text]").textContent = "";
  box.querySelector("[data-live-notice-close]").hidden = true;
  box.classList.remove("live-notice--shown");
}

// The words come from the page the server rendered (translated there): the current phase's name is in them.
export function phaseText(box = region()) {
  return box ? box.dataset.phaseMoved : "";
}

export function deadlineText(deadline, box = region()) {
  return box && Number.isFinite(deadline) ? box.dataset.deadlineMoved.replace("{when}", parisTime(deadline)) : "";
}

// A page that reloads into the new phase says why once it is back: the reason ({kind: "phase"} or
// {kind: "deadline", deadline: ms}) waits in this tab's storage.
export function carryOverReload(reason) {
  try {
    sessionStorage.setItem(CARRIED, JSON.stringify({ ...reason, at: Date.now() }));
  } catch (error) {
    // Private browsing without storage: the page still reloads, only without the notice.
  }
}

export function takeCarried() {
  try {
    const carried = JSON.parse(sessionStorage.getItem(CARRIED) || "null");
    sessionStorage.removeItem(CARRIED);
    return carried && Date.now() - carried.at < CARRIED_FOR_MS ? carried : null;
  } catch (error) {
    return null;
  }
}

export function startNotices() {
  const box = region();
  if (!box) return;
  box.querySelector("[data-live-notice-close]").addEventListener("click", hideNotice);
}
