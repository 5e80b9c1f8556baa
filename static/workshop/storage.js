// Keeps the design in the browser (localStorage), so edits made while the Wi-Fi was down survive a reload and
// are sent at the next sync. The copy is tied to the server document's epoch: it never merges into another one.
import * as Y from "yjs";

const key = (designId) => `badgeathon:design:${designId}`;

function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function saved(designId) {
  // The copy kept by an earlier visit: {epoch, state (a Yjs update)}, or null.
  try {
    const copy = JSON.parse(localStorage.getItem(key(designId)) || "null");
    return copy && copy.state ? { epoch: copy.epoch, state: fromBase64(copy.state) } : null;
  } catch (error) {
    localStorage.removeItem(key(designId));
    return null;
  }
}

export function keep(designId, doc, epochRef) {
  let timer = null;
  const save = () => {
    timer = null;
    try {
      localStorage.setItem(key(designId), JSON.stringify({
        epoch: epochRef.current, state: toBase64(Y.encodeStateAsUpdate(doc)), savedAt: Date.now(),
      }));
    } catch (error) {
      // Storage full or refused: the server copy is the only one.
    }
  };
  doc.on("update", () => { if (!timer) timer = setTimeout(save, 400); });
  window.addEventListener("pagehide", () => { if (timer) { clearTimeout(timer); save(); } });
}

export function forget(designId) {
  localStorage.removeItem(key(designId));
}

export function keepAsRecovered(designId, update, epoch) {
  // Saved under the old epoch: the next load finds it does not match and shows it instead of merging it.
  try {
    localStorage.setItem(key(designId), JSON.stringify({ epoch, state: toBase64(update), savedAt: Date.now() }));
  } catch (error) { /* nothing more we can do */ }
}
