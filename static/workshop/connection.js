// The sync protocol with the server (as in y-protocols, over Socket.IO): on every (re)connection the browser sends
// its state vector and gets what it lacks, then sends what the server lacks; then updates flow both ways. A resync
// every 20 s repairs anything a dropped message missed, and so does a `resync` from the server.
//
// "Saved" is what the server says is on disk: each acknowledgement (and each `saved` message) carries the state
// vector the server holds for sure. The page says "tout est enregistré" only when that covers everything it holds;
// otherwise it keeps trying, and says so.
//
// The page calls `connect` with its callbacks only. bench/loadgen.mjs runs this same code in Node: it gives the
// server's `url`, `socketOptions` (its session cookie, a connection of its own) and what stands for the page's
// `reload` and `beforeUnload`.
import { io } from "socket.io-client";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";

const RESYNC_MS = 20000;
const RETRY_MS = [1000, 2000, 4000, 8000];
const SAVED_WAIT_MS = 3000;  // a teammate's edit: the server's `saved` (about every second) normally confirms it first
const ACK_MS = 15000;
const REMOTE = "remote";

export function connect({
  designId, doc, awareness, onStatus, onChecklist, onEpoch, onReadonly, onSynced,
  url = "", socketOptions = {}, reload = () => window.location.reload(),
  beforeUnload = (leave) => window.addEventListener("beforeunload", leave),
}) {
  const socket = io(`${url}/workshop`, {
    transports: ["websocket", "polling"], reconnectionDelayMax: 3000, ...socketOptions,
  });
  let joined = false;
  let syncing = null;          // the sync under way (a promise), if any
  let inFlight = 0;
  let failed = false;          // an update was not acknowledged: not saved until a sync says otherwise
  let heldBack = [];           // local updates made while (re)joining: sent once the sync is done
  const onDisk = new Map();    // client id -> clock: what the server holds for sure
  let resyncTimer = null;
  let retryTimer = null;
  let retries = 0;

  function learn(stateVector) {
    if (!stateVector) return;
    Y.decodeStateVector(new Uint8Array(stateVector)).forEach((clock, client) => {
      if ((onDisk.get(client) || 0) < clock) onDisk.set(client, clock);
    });
  }

  function allOnDisk() {
    let covered = true;
    Y.decodeStateVector(Y.encodeStateVector(doc)).forEach((clock, client) => {
      if ((onDisk.get(client) || 0) < clock) covered = false;
    });
    return covered;
  }

  function signedOut(ack) {
    // Signed out, here or on another device: reloading sends the person to the sign-in page.
    if (ack.error !== "signed_out") return false;
    reload();
    return true;
  }

  function status() {
    const saved = !failed && inFlight === 0 && heldBack.length === 0 && allOnDisk();
    if (!socket.connected || !joined) onStatus(saved ? "offline" : "offline_unsaved");
    else if (saved) onStatus("online");
    else onStatus(failed ? "unsaved" : "saving");
    if (saved) {
      retries = 0;
      clearTimeout(retryTimer); // confirmed meanwhile (an ack, a `saved`): nothing to ask
      retryTimer = null;
    } else if (socket.connected && joined && inFlight === 0) retryLater();
  }

  function retryLater() {
    // Not everything is known to be on disk and nothing is under way: ask again (a sync sends what the server
    // lacks and tells what is on disk), soon after a failure, then less and less often; for a teammate's edit,
    // only if the server's `saved` has not confirmed it by then.
    if (retryTimer) return;
    const backOff = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
    const delay = failed ? backOff : Math.max(SAVED_WAIT_MS, backOff);
    retries += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (socket.connected && joined) sync().catch(() => {});
    }, delay);
  }

  async function send(update) {
    inFlight += 1;
    status();
    try {
      const ack = await socket.timeout(ACK_MS).emitWithAck("update", { design: designId, update });
      if (ack.ok) {
        learn(ack.sv);
      } else if (ack.error === "resync") {
        sync().catch(() => {}); // the server lacks what this builds on: the sync sends everything it lacks
      } else if (!signedOut(ack)) {
        failed = true;
        if (ack.error === "design_locked") onReadonly("locked");
        if (ack.error === "epoch_changed") onEpoch(null);
      }
    } catch (timeout) {
      failed = true; // no answer: the next sync sends it again (Yjs ignores what the server already has)
    } finally {
      inFlight -= 1;
      status();
    }
  }

  function sync() {
    if (!syncing) {
      syncing = runSync().finally(() => { syncing = null; status(); });
    }
    return syncing;
  }

  async function runSync() {
    const ack = await socket.timeout(ACK_MS).emitWithAck("sync", { design: designId, sv: Y.encodeStateVector(doc) });
    if (ack.error === "epoch_changed") onEpoch(null);
    if (ack.error && !signedOut(ack)) failed = true;
    if (ack.error) return;
    Y.applyUpdate(doc, new Uint8Array(ack.update), REMOTE);
    heldBack = []; // everything typed so far is in what this sync sends
    const missing = Y.encodeStateAsUpdate(doc, new Uint8Array(ack.sv));
    failed = false;
    if (ack.saved) learn(ack.sv);
    if (missing.length > 2) await send(missing); // an empty update is [0, 0]
    if (ack.readonly) onReadonly("locked");
  }

  socket.on("connect", async () => {
    try {
      const ack = await socket.timeout(ACK_MS).emitWithAck("join", { design: designId });
      if (ack.error) {
        if (!signedOut(ack)) onReadonly(ack.error === "not_found" ? "forbidden" : ack.error);
        return;
      }
      if (!onEpoch(ack.epoch)) return; // the page reloads: the server's document is another one
      await sync();
      joined = true;
      if (heldBack.length) send(Y.mergeUpdates(heldBack)); // typed while the sync was under way
      heldBack = [];
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
  socket.on("connect_error", () => {
    if (!socket.active) reload(); // refused by the server (signed out): not a network drop
  });
  socket.on("disconnect", () => {
    joined = false;
    clearInterval(resyncTimer);
    clearTimeout(retryTimer);
    retryTimer = null;
    status();
  });

  socket.on("update", (message) => {
    if (message.design === designId) Y.applyUpdate(doc, new Uint8Array(message.update), REMOTE);
  });
  socket.on("saved", (message) => {
    if (message.design === designId) { learn(message.sv); status(); }
  });
  socket.on("resync", () => {
    // Relays may have been missed (the message queue was down): sync now, spread over a second.
    setTimeout(() => { if (socket.connected && joined) sync().catch(() => {}); }, Math.random() * 1000);
  });
  socket.on("awareness", (message) => {
    if (message.design === designId) {
      awarenessProtocol.applyAwarenessUpdate(awareness, new Uint8Array(message.update), REMOTE);
    }
  });
  socket.on("epoch", (message) => { if (message.design === designId) onEpoch(message.epoch); });
  socket.on("checklist", (message) => { if (message.design === designId) onChecklist(message.findings); });

  doc.on("update", (update, origin) => {
    if (origin === REMOTE) { status(); return; }
    if (origin === "storage") return;
    if (joined && socket.connected) send(update);
    else { heldBack.push(update); status(); } // kept in the document too: a later sync sends it anyway
  });

  function announce(update) {
    if (joined && socket.connected) socket.emit("awareness", { design: designId, update });
  }
  awareness.on("update", ({ added, updated, removed }, origin) => {
    if (origin === REMOTE) return;
    announce(awarenessProtocol.encodeAwarenessUpdate(awareness, added.concat(updated, removed)));
  });

  beforeUnload(() => awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], "unload"));
  return socket;
}
