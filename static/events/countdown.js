// The design countdown: the server's clock decides; this only corrects for the browser's clock and ticks.

const RESYNC_MS = 30000;
// Minutes left at which the page warns (a `deadline-warning` event with {minutes}), once each, in the minute after.
export const WARNINGS = [30, 10, 1];
const PARIS_TIME = { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

export function formatRemaining(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  return [hours, minutes, secs].map((n) => String(n).padStart(2, "0")).join(":");
}

export function parisTime(milliseconds, locale = document.documentElement.lang || "fr") {
  // "19:43": the deadline as the room reads it, whatever the browser's own time zone.
  return new Intl.DateTimeFormat(locale, PARIS_TIME).format(new Date(milliseconds));
}

// onPhaseChange(phase): the server's clock says the event is in another phase.
// onDeadlineMove(deadline ms): the deadline shown changed (a socket message or a resync found a new one).
export function startCountdown(section, { onPhaseChange = () => {}, onDeadlineMove = () => {} } = {}) {
  const timeEl = section.querySelector("[data-countdown-time]");
  const announceEl = section.querySelector("[data-countdown-announce]");
  const deadlineEl = section.querySelector("[data-countdown-deadline]");
  const url = section.dataset.clockUrl;
  let deadline = section.dataset.deadline ? Date.parse(section.dataset.deadline) : null;
  // Server time minus browser time, in ms: first from the page the server just rendered, then from each sync.
  let offset = section.dataset.now ? Date.parse(section.dataset.now) - Date.now() : 0;
  let lastAnnouncedMinute = null;
  let warned = new Set();
  // Twins of the time elsewhere on the page (the studio's sticky bar), kept in step.
  const mirrors = document.querySelectorAll("[data-countdown-mirror]");

  function render() {
    if (!timeEl || deadline === null) return;
    const remaining = (deadline - (Date.now() + offset)) / 1000;
    timeEl.textContent = formatRemaining(remaining);
    mirrors.forEach((mirror) => {
      mirror.textContent = timeEl.textContent;
      mirror.dataset.urgent = String(remaining <= 600);
    });
    section.classList.toggle("countdown--urgent", remaining <= 600);
    if (remaining > 0) delete section.dataset.ended;   // more time was given: the next deadline counts again
    else if (!section.dataset.ended) {
      section.dataset.ended = "true";
      section.dispatchEvent(new CustomEvent("deadline", { bubbles: true }));
    }
    for (const minutes of WARNINGS) {
      if (remaining > 0 && remaining <= minutes * 60 && remaining > minutes * 60 - 60 && !warned.has(minutes)) {
        warned.add(minutes);
        section.dispatchEvent(new CustomEvent("deadline-warning", { bubbles: true, detail: { minutes } }));
      }
    }
    const minutesLeft = Math.ceil(remaining / 60);
    // Announce to screen readers every 30 minutes, then each of the last 5 minutes.
    if (announceEl && minutesLeft !== lastAnnouncedMinute && (minutesLeft % 30 === 0 || minutesLeft <= 5)) {
      lastAnnouncedMinute = minutesLeft;
      announceEl.textContent = remaining > 0 ? `${formatRemaining(remaining)}` : "00:00:00";
    }
  }

  function setDeadline(iso) {
    const next = iso ? Date.parse(iso) : null;
    if (next === deadline || Number.isNaN(next)) return;
    const moved = deadline !== null && next !== null;
    deadline = next;
    section.dataset.deadline = iso || "";
    if (deadlineEl && next !== null) {
      deadlineEl.textContent = parisTime(next);
      deadlineEl.setAttribute("datetime", new Date(next).toISOString());
    }
    lastAnnouncedMinute = null;
    warned = new Set();   // a moved deadline warns again at its own thresholds
    render();
    if (moved) onDeadlineMove(next);
  }

  async function sync() {
    try {
      const sent = Date.now();
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const clock = await response.json();
      const received = Date.now();
      offset = Date.parse(clock.now) - (sent + received) / 2;
      section.dataset.synced = "true";
      if (clock.phase !== section.dataset.phase) onPhaseChange(clock.phase);
      setDeadline(clock.deadline);
      render();
    } catch (error) {
      // Venue Wi-Fi drops: keep ticking on the last known offset and try again at the next sync.
    }
  }

  const onVisible = () => { if (!document.hidden) sync(); };
  const timers = [setInterval(render, 1000), setInterval(sync, RESYNC_MS)];
  render();
  sync();
  document.addEventListener("visibilitychange", onVisible);
  return {
    sync,
    setDeadline,
    get deadline() { return deadline; },
    stop() {   // the projector swaps its content: the old countdown must stop ticking and syncing
      timers.forEach(clearInterval);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}
