// The design countdown: the server's clock decides; this only corrects for the browser's clock and ticks.

const RESYNC_MS = 30000;

export function formatRemaining(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  return [hours, minutes, secs].map((n) => String(n).padStart(2, "0")).join(":");
}

export function startCountdown(section, onPhaseChange) {
  const timeEl = section.querySelector("[data-countdown-time]");
  const announceEl = section.querySelector("[data-countdown-announce]");
  const url = section.dataset.clockUrl;
  let deadline = section.dataset.deadline ? Date.parse(section.dataset.deadline) : null;
  // Server time minus browser time, in ms: first from the page the server just rendered, then from each sync.
  let offset = section.dataset.now ? Date.parse(section.dataset.now) - Date.now() : 0;
  let lastAnnouncedMinute = null;

  function render() {
    if (!timeEl || deadline === null) return;
    const remaining = (deadline - (Date.now() + offset)) / 1000;
    timeEl.textContent = formatRemaining(remaining);
    section.classList.toggle("countdown--urgent", remaining <= 600);
    if (remaining <= 0 && !section.dataset.ended) {
      section.dataset.ended = "true";
      section.dispatchEvent(new CustomEvent("deadline", { bubbles: true }));
    }
    const minutesLeft = Math.ceil(remaining / 60);
    // Announce to screen readers every 30 minutes, then each of the last 5 minutes.
    if (announceEl && minutesLeft !== lastAnnouncedMinute && (minutesLeft % 30 === 0 || minutesLeft <= 5)) {
      lastAnnouncedMinute = minutesLeft;
      announceEl.textContent = remaining > 0 ? `${formatRemaining(remaining)}` : "00:00:00";
    }
  }

  async function sync() {
    try {
      const sent = Date.now();
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const clock = await response.json();
      const received = Date.now();
      offset = Date.parse(clock.now) - (sent + received) / 2;
      if (clock.phase !== section.dataset.phase) onPhaseChange(clock.phase);
      deadline = clock.deadline ? Date.parse(clock.deadline) : null;
      section.dataset.synced = "true";
      render();
    } catch (error) {
      // Venue Wi-Fi drops: keep ticking on the last known offset and try again at the next sync.
    }
  }

  render();
  sync();
  setInterval(render, 1000);
  setInterval(sync, RESYNC_MS);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) sync(); });
  return { sync };
}
