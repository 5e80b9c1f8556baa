// The co-design studio: one Yjs document per design, bound to the form, synced with the server, with presence.
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { bindText } from "./binding.js";
import { connect } from "./connection.js";
import { bindImage } from "./designer.js";
import { startInvite } from "./invite.js";
import * as storage from "./storage.js";

const TEXT_TYPES = new Set(["text", "url", "email", "search", "tel", "number"]);
const COLOURS = ["#00487c", "#b8002e", "#1d6b35", "#7a4b00", "#5b2a86", "#005f73", "#9b2226", "#3d405b"];

function textOf(map, key) {
  const value = map.get(key);
  return value instanceof Y.Text ? value.toString() : String(value ?? "");
}

function plainCopy(update) {
  // A readable copy of a document, for the "recovered text" panel.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const design = doc.getMap("design");
  const lines = [];
  design.forEach((value, key) => {
    if (value instanceof Y.Text && value.length) lines.push(`${key}:\n${value.toString()}`);
  });
  return lines.join("\n\n");
}

function start(root) {
  const designId = root.dataset.design;
  const messages = JSON.parse(root.dataset.messages);
  const checklistMessages = JSON.parse(root.dataset.checklistMessages);
  const labels = JSON.parse(root.dataset.fieldLabels);
  // What a badge carries at most (workshop/view.py): the buttons stop there; two browsers adding at once can go
  // beyond, and then the checklist says so (the export publishes the first ones, the design keeps them all).
  const limits = JSON.parse(root.dataset.limits);
  const statusEl = document.querySelector("[data-studio-status]");
  let readonly = root.dataset.readonly === "true";
  let ended = root.dataset.ended === "true";   // the design time is over: said as such, not as "read only"
  const warningEl = document.querySelector("[data-deadline-warning]");
  const bannerEl = document.querySelector("[data-deadline-banner]");

  const doc = new Y.Doc();
  const design = doc.getMap("design");
  const awareness = new Awareness(doc);
  const me = root.dataset.me;
  awareness.setLocalStateField("user", { name: me, color: COLOURS[doc.clientID % COLOURS.length] });

  const epoch = { current: null };
  const kept = storage.saved(designId);
  storage.keep(designId, doc, epoch);

  function setStatus(key) {
    const shown = ended ? "ended" : readonly ? "readonly" : key;
    statusEl.textContent = messages[shown];
    statusEl.dataset.state = shown;
  }

  function onEpoch(serverEpoch) {
    if (epoch.current === null) {
      epoch.current = serverEpoch;
      if (kept && kept.epoch === serverEpoch) {
        Y.applyUpdate(doc, kept.state, "storage"); // offline work from an earlier visit: the sync sends it
      } else if (kept) {
        showRecovered(plainCopy(kept.state));
      }
      return true;
    }
    if (epoch.current !== serverEpoch) {
      // The server's document was replaced: never merge ours into it. The page reloads with the new one, and
      // keeps ours (under the old epoch) to show as "recovered text". Until it is gone, nothing more can be typed:
      // a keystroke in that gap would be in neither document.
      lock("offline");
      statusEl.textContent = messages.rebuilt;
      storage.keepAsRecovered(designId, Y.encodeStateAsUpdate(doc), epoch.current);
      window.location.reload();
      return false;
    }
    return true;
  }

  function showRecovered(text) {
    if (!text) return;
    const panel = root.querySelector("[data-recovered]");
    panel.hidden = false;
    panel.querySelector("[data-recovered-text]").textContent = text;
  }

  function lock(reason) {
    readonly = true;
    root.dataset.locked = "true";
    root.querySelectorAll("input, textarea, select, button").forEach((el) => {
      // Text stays readable and selectable (read-only); every other control (buttons, tag and image ones
      // included, file pickers, sliders, lists) is disabled.
      const text = el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && TEXT_TYPES.has(el.type) && !el.disabled);
      if (text) el.readOnly = true;
      else el.disabled = true;
    });
    setStatus(reason);
  }

  let bound = false;
  function bindAll(serverReadonly) {
    readonly = readonly || serverReadonly;
    if (bound) return;
    bound = true;
    root.querySelectorAll("[data-ytext]").forEach((el) => {
      bindText(design.get(el.dataset.ytext), el, { readonly });
      el.addEventListener("focus", () => awareness.setLocalStateField("field", el.dataset.ytext));
      el.addEventListener("blur", () => awareness.setLocalStateField("field", null));
    });
    bindTheme();
    bindTags();
    bindAlignments();
    bindImage({ root, designId, imageMap: design.get("image"), readonly });
    if (readonly) lock("readonly");
  }

  function bindTheme() {
    const select = root.querySelector("[data-yscalar='theme']");
    const render = () => { select.value = textOf(design, "theme"); };
    render();
    select.disabled = readonly;
    design.observe((event) => { if (event.keysChanged.has("theme")) render(); });
    select.addEventListener("change", () => design.set("theme", select.value));
  }

  function bindTags() {
    const tags = design.get("tags");
    const list = root.querySelector("[data-tags]");
    const input = root.querySelector("[data-tag-input]");
    const add = root.querySelector("[data-add-tag]");
    const render = () => {
      list.replaceChildren(...tags.toArray().map((tag, index) => {
        const item = document.createElement("li");
        item.className = "tag";
        item.append(document.createTextNode(tag + " "));
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button";
        remove.textContent = messages.remove;
        remove.setAttribute("aria-label", messages.remove_tag.replace("{tag}", tag));
        remove.disabled = readonly;
        remove.addEventListener("click", () => tags.delete(index, 1));
        item.append(remove);
        return item;
      }));
    };
    render();
    tags.observe(render);
    input.disabled = readonly;
    add.disabled = readonly;
    const addTag = () => {
      const tag = input.value.trim();
      if (tag && !tags.toArray().includes(tag) && tags.length < limits.tags) tags.push([tag]);
      input.value = "";
    };
    add.addEventListener("click", addTag);
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); addTag(); } });
  }

  function bindAlignments() {
    const alignments = design.get("alignments");
    const list = root.querySelector("[data-alignments]");
    const template = root.querySelector("[data-alignment-template]");
    const add = root.querySelector("[data-add-alignment]");
    let unbinders = [];
    const render = () => {
      unbinders.forEach((unbind) => unbind());
      unbinders = [];
      list.replaceChildren(...alignments.toArray().map((entry, index) => {
        const item = template.content.firstElementChild.cloneNode(true);
        item.querySelectorAll("[data-alignment-field]").forEach((input) => {
          const field = input.dataset.alignmentField;
          input.id = `alignment-${index}-${field}`;
          item.querySelector(`[data-label-for='${field}']`).htmlFor = input.id;
          unbinders.push(bindText(entry.get(field), input, { readonly }));
          input.addEventListener("focus", () => awareness.setLocalStateField("field", `alignments.${index}`));
        });
        const remove = item.querySelector("[data-remove-alignment]");
        remove.disabled = readonly;
        remove.addEventListener("click", () => alignments.delete(index, 1));
        return item;
      }));
      add.disabled = readonly || alignments.length >= limits.alignments;
    };
    render();
    alignments.observe(render);
    add.addEventListener("click", () => {
      if (readonly || alignments.length >= limits.alignments) return;
      const entry = new Y.Map();
      for (const field of ["targetName", "targetUrl", "targetFramework", "targetCode", "targetDescription"]) {
        entry.set(field, new Y.Text());
      }
      alignments.push([entry]);
      list.lastElementChild?.querySelector("input")?.focus();
    });
  }

  function renderPresence() {
    const others = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId !== doc.clientID && state.user) others.push(state);
    });
    const list = document.querySelector("[data-presence]");
    const everyone = [{ user: { name: me }, field: awareness.getLocalState()?.field }, ...others];
    list.replaceChildren(...everyone.map((state) => {
      const item = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = state.user.name;
      item.append(name);
      const where = state.field && (labels[state.field] || labels[String(state.field).split(".")[0]]);
      if (where) item.append(document.createTextNode(` — ${where}`));
      return item;
    }));
    root.querySelectorAll("[data-who-for]").forEach((el) => {
      const names = others.filter((s) => s.field === el.dataset.whoFor).map((s) => s.user.name);
      el.textContent = names.length ? `${names.join(", ")} ${messages.typing}` : "";
    });
  }
  awareness.on("change", renderPresence);

  // The server decides each finding's level; a failed "required" one is what the export refuses
  // (checklist.blockers), so the badge is ready for the export when there is none.
  function renderChecklist(findings) {
    const list = root.querySelector("[data-checklist]");
    list.replaceChildren(...findings.map((finding) => {
      const item = document.createElement("li");
      item.className = `checklist__item checklist__item--${finding.ok ? "ok" : "todo"} checklist__item--${finding.level}`;
      item.textContent = checklistMessages[finding.code] || finding.code;
      if (finding.level === "required" && !finding.ok) {
        const tag = document.createElement("span");
        tag.className = "checklist__tag";
        tag.textContent = messages.required_tag;
        item.append(" ", tag);
      }
      return item;
    }));
    const readiness = root.querySelector("[data-export-readiness]");
    if (readiness) {
      const blocked = findings.some((finding) => finding.level === "required" && !finding.ok);
      readiness.className = `checklist__readiness checklist__readiness--${blocked ? "blocked" : "ready"}`;
      readiness.textContent = blocked ? messages.export_blocked : messages.export_ready;
    }
  }

  // At the server's deadline the page turns into the pitch view (the server decides: a reload asks it).
  function timeUp() {
    ended = true;
    root.dataset.ended = "true";
    lock("ended");
    if (warningEl) warningEl.textContent = "";
    if (bannerEl) bannerEl.hidden = false;
  }
  document.addEventListener("deadline", () => { timeUp(); setTimeout(() => window.location.reload(), 2500); });
  // 30, 10 and 1 minute(s) before the deadline (static/events/countdown.js): a visible, polite notice.
  document.addEventListener("deadline-warning", (event) => {
    const text = messages[`warn_${event.detail.minutes}`];
    if (warningEl && text && !ended && !readonly) warningEl.textContent = text;
  });

  setStatus("offline");
  const socket = connect({
    designId, doc, awareness,
    onStatus: setStatus,
    onChecklist: renderChecklist,
    onEpoch,
    onSynced: bindAll,
    onReadonly: (reason) => lock(reason in messages ? reason : "locked"),
  });
  window.badgeathonStudio = { doc, awareness, socket }; // for the browser tests and the curious
}

document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector("[data-studio]");
  if (root) start(root);
  const invite = document.querySelector("[data-invite]");
  if (invite) startInvite(invite);
});
