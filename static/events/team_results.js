// The team page at the results: the ceremony's steps arrive on /live; the page fetches itself again and swaps in its
// results block, so the team reads its results the moment the last winner is revealed, without reloading.
import { showNotice } from "./notice.js";

export function followTeamResults(first, socket) {
  let block = first;
  let running = false;
  let again = false;

  async function refresh() {
    if (running) { again = true; return; }   // one fetch at a time; the last word wins
    running = true;
    try {
      const response = await fetch(window.location.href, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" },
      });
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = doc.querySelector("[data-team-results]");
      if (!next || next.outerHTML === block.outerHTML) return;
      const arrived = next.dataset.ready === "true" && block.dataset.ready !== "true";
      const adopted = document.importNode(next, true);
      block.replaceWith(adopted);
      block = adopted;
      if (arrived) showNotice(block.dataset.arrived);
    } catch (error) {
      // Venue Wi-Fi drops: the next message, or the socket's reconnection, tries again.
    } finally {
      running = false;
      if (again) { again = false; refresh(); }
    }
  }

  socket.on("ceremony", refresh);
  socket.on("connect", () => {   // at first and after every cut: what the ceremony said while the socket was away
    document.documentElement.dataset.followingCeremony = "true";
    refresh();
  });
}
