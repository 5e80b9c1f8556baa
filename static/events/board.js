// The organiser's live board: on each `board` message (a member arrived or left, a checklist moved) and every 30 s
// (for "il y a 3 min" and for a message missed while the socket was away), it fetches the board's page again and
// swaps its [data-board] block in. The message says only "something moved": the figures come from the server.
const POLL_MS = 30000;
const GATHER_MS = 1000;   // a burst of messages (20 teams typing) makes one fetch

export function followBoard(slot, socket) {
  let timer = null;
  let running = false;

  async function refresh() {
    timer = null;
    if (running) { later(); return; }
    running = true;
    try {
      const response = await fetch(slot.dataset.boardUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = doc.querySelector("[data-board]");
      const current = slot.querySelector("[data-board]");
      if (next && current) current.replaceWith(document.importNode(next, true));
    } catch {
      // the next message or poll tries again
    } finally {
      running = false;
    }
  }

  function later() {
    if (!timer) timer = setTimeout(refresh, GATHER_MS);
  }

  if (socket) {
    socket.on("board", later);
    socket.on("connect", later);   // what moved while the socket was away
  }
  setInterval(refresh, POLL_MS);
  // the dashboard ships an empty block: fill it at once (the board's own page comes filled)
  if (slot.querySelector("[data-board-pending]")) refresh();
}
