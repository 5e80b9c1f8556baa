// The sync protocol with the server (as in y-protocols, over Socket.IO): on every (re)connection the browser sends
// its state vector and gets what it lacks, then sends what the server lacks; then updates flow both ways. A resync
// every 20 s repairs anything a dropped message missed.
import { io } from "socket.io-client";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";

const RESYNC_MS = 20000;
const REMOTE = "remote";

export function connect({ designId, doc, awareness, onStatus, onChecklist, onEpoch, onReadonly, onSynced }) {
  const socket = io("/workshop", { transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
  let joined = false;
  let inFlight = 0;
  let resyncTimer = null;

  function status() {
    if (!socket.connected || !joined) onStatus("offline");
    else onStatus(inFlight > 0 ? "saving" : "online");
  }

  async function send(update) {
    inFlight += 1;
    status();
    try {
      const ack = await socket.timeout(15000).emitWithAck("update", { design: designId, update });
      if (ack.error === "design_locked") onReadonly("locked");
      if (ack.error === "epoch_changed") onEpoch(null);
    } catch (timeout) {
      // Not acknowledged: the next sync sends it again (Yjs ignores what the server already has).
    } finally {
      inFlight -= 1;
      status();
    }
  }

  async function sync() {
    const ack = await socket.timeout(15000).emitWithAck("sync", { design: designId, sv: Y.encodeStateVector(doc) });
    if (ack.error === "epoch_changed") onEpoch(null);
    if (ack.error) return;
    Y.applyUpdate(doc, new Uint8Array(ack.update), REMOTE);
    const missing = Y.encodeStateAsUpdate(doc, new Uint8Array(ack.sv));
    if (missing.length > 2) await send(missing); // an empty update is [0, 0]
    if (ack.readonly) onReadonly("locked");
  }

  socket.on("connect", async () => {
    try {
      const ack = await socket.timeout(15000).emitWithAck("join", { design: designId });
      if (ack.error) {
        onReadonly(ack.error === "not_found" ? "forbidden" : ack.error);
        return;
      }
      if (!onEpoch(ack.epoch)) return; // the page reloads: the server's document is another one
      await sync();
      joined = true;
      onSynced(ack.readonly);
      if (ack.readonly) onReadonly("readonly");
      status();
      announce(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
      clearInterval(resyncTimer);
      resyncTimer = setInterval(() => { if (socket.connected) sync().catch(() => {}); }, RESYNC_MS);
    } catch (error) {
      status();
    }
  });
  socket.on("disconnect", () => { joined = false; clearInterval(resyncTimer); status(); });

  socket.on("update", (message) => {
    if (message.design === designId) Y.applyUpdate(doc, new Uint8Array(message.update), REMOTE);
  });
  socket.on("awareness", (message) => {
    if (message.design === designId) {
      awarenessProtocol.applyAwarenessUpdate(awareness, new Uint8Array(message.update), REMOTE);
    }
  });
  socket.on("epoch", (message) => { if (message.design === designId) onEpoch(message.epoch); });
  socket.on("checklist", (message) => { if (message.design === designId) onChecklist(message.findings); });

  doc.on("update", (update, origin) => {
    if (origin === REMOTE || origin === "storage") return;
    if (joined && socket.connected) send(update);
    else status(); // kept in the document: the next sync sends it
  });

  function announce(update) {
    if (joined && socket.connected) socket.emit("awareness", { design: designId, update });
  }
  awareness.on("update", ({ added, updated, removed }, origin) => {
    if (origin === REMOTE) return;
    announce(awarenessProtocol.encodeAwarenessUpdate(awareness, added.concat(updated, removed)));
  });

  window.addEventListener("beforeunload", () => awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], "unload"));
  return socket;
}
