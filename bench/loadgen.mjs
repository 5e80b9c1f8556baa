// The load generator of bench/realtime.py: N simulated participants in one Node process, each running the studio
// page's own protocol code (static/workshop/connection.js) with its own Yjs document and awareness.
//
// Each participant signs in as a participant does (GET /join/<code> for the CSRF token, POST /join/<code> with a
// name, the session cookie kept), then connects like the page: join, sync, the 20 s resync, the retries, held-back
// updates, awareness (its `user` once, its `field` when it moves to another field, y-protocols' 15 s renewal).
// Once a second, at its own phase, it types 4 characters at a random place of one of the design's text fields.
//
// Latency is read from state vectors: the sender records (client id, clock after the edit, time before it);
// whenever a teammate applies a remote update, the sender's edits its state vector now covers are delivered, and
// each (edit, receiver) pair's delay is recorded (performance.now(): one clock, one process).
//
//     node bench/loadgen.mjs CONFIG.json
//
// CONFIG (written by bench/realtime.py): mode ("app" or "relay"), urls (one per server process; participant i talks
// to urls[i % P]), teams [[index, join code, design id, [participant ids]]], snapshot (hex: the relay keeps no
// document, so every participant starts from these bytes), warmup, duration, settle (seconds), period (seconds
// between edits), seed, concurrency (sign-ins and joins at once), output (the JSON written at the end).
// Stdout, one line each: READY (every participant joined and synced), then after `GO` on stdin: WINDOW_START,
// WINDOW_END (the measured window, for the server's CPU), DONE once the output is written; FAILED <why> otherwise.
import { readFileSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { connect } from "../static/workshop/connection.js";

const FIELD_SECONDS = 10; // how long a person stays in a field on average, at one edit a second
const FIELDS = ["pitch", "description", "evidence"]; // text fields of the design (badgeathon/workshop/document.py)
const CHARS = 4;
const LAG_MS = 10; // the event loop delay monitor's tick: its figures are that tick plus the delay
const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const COLOURS = ["#00487c", "#b8002e", "#1d6b35", "#7a4b00", "#5b2a86", "#005f73", "#9b2226", "#3d405b"];
const REMOTE = "remote"; // the origin connection.js gives what comes from the server
const CSRF = /<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"|<input[^>]*\bvalue="([^"]+)"[^>]*\bname="csrf_token"/;

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line) => process.stdout.write(`${line}\n`);

function random(seed) {
  // mulberry32: a seeded generator, so a run's typing can be replayed
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function pool(items, size, work) {
  // `work` on every item, at most `size` at once
  let next = 0;
  const lanes = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

class Cookies {
  constructor() { this.jar = new Map(); }
  take(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  header() { return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; "); }
}

class Participant {
  constructor(id, code, design, url, rng) {
    Object.assign(this, { id, code, design, url, rng });
    this.doc = new Y.Doc();
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalStateField("user", { name: `Bench ${id}`, color: COLOURS[this.doc.clientID % COLOURS.length] });
    this.cookies = new Cookies();
    this.edits = [];         // {client, clock, at, measured}: own edits, in order
    this.errors = [];
    this.status = "offline";
    this.field = null;
    this.lastRemote = 0;     // performance.now() of the last remote update applied
    this.live = true;        // false once the run's live part is over: the final syncs are not deliveries
    this.sent = new Map();   // event -> count, what the page sent
    this.received = new Map();
  }

  error(text) {
    if (this.errors.length < 20) this.errors.push(text);
    this.errorCount = (this.errorCount || 0) + 1;
  }

  async signIn() {
    // As a participant: the join form (its CSRF token), then the join with a name.
    const page = await fetch(`${this.url}/join/${this.code}`);
    this.cookies.take(page);
    const found = CSRF.exec(await page.text());
    if (page.status !== 200 || !found) throw new Error(`join page: HTTP ${page.status}`);
    const answer = await fetch(`${this.url}/join/${this.code}`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.cookies.header() },
      body: new URLSearchParams({ csrf_token: found[1] || found[2], name: `Bench ${this.id}`, organisation: "" }),
    });
    this.cookies.take(answer);
    if (answer.status !== 302 || !this.cookies.jar.has("session")) throw new Error(`join: HTTP ${answer.status}`);
  }

  start() {
    // The page's connection, as studio.js makes it; resolves once joined and synced.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no join and sync within 120 s")), 120000);
      const count = (map) => (event) => map.set(event, (map.get(event) || 0) + 1);
      let epoch = null;
      this.socket = connect({
        designId: this.design, doc: this.doc, awareness: this.awareness,
        url: this.url,
        socketOptions: { forceNew: true, extraHeaders: { cookie: this.cookies.header() } }, // a page of its own
        reload: () => this.error("the page would reload (signed out or refused)"),
        beforeUnload: () => {},
        onStatus: (status) => { this.status = status; },
        onChecklist: () => {},
        onEpoch: (serverEpoch) => {
          if (epoch === null) epoch = serverEpoch;
          if (epoch === serverEpoch) return true;
          this.error("the design's epoch changed: the page would reload");
          return false;
        },
        onReadonly: (reason) => this.error(`read only: ${reason}`),
        onSynced: () => { clearTimeout(timer); resolve(); },
      });
      this.socket.onAnyOutgoing(count(this.sent));
      this.socket.onAny(count(this.received));
    });
  }

  type() {
    // Four letters at a random place of a field, as the binding makes them: one transaction, sent by connection.js.
    // a person types in one field for a while (about FIELD_SECONDS), then moves to another
    const field = this.field && this.rng() >= 1 / FIELD_SECONDS ? this.field : FIELDS[Math.floor(this.rng() * FIELDS.length)];
    if (field !== this.field) { // focus moves to another field: the page tells the others
      this.field = field;
      this.awareness.setLocalStateField("field", field);
    }
    const text = this.doc.getMap("design").get(field);
    if (!(text instanceof Y.Text)) { this.error(`no text field ${field}`); return; }
    let letters = "";
    for (let i = 0; i < CHARS; i++) letters += LETTERS[Math.floor(this.rng() * LETTERS.length)];
    const at = Math.floor(this.rng() * (text.length + 1));
    const sentAt = performance.now();
    this.doc.transact(() => text.insert(at, letters), this);
    const client = this.doc.clientID;
    this.edits.push({ client, clock: Y.getState(this.doc.store, client), at: sentAt });
  }
}

class Team {
  constructor(members) {
    this.members = members;
    // receiver -> sender -> index of the sender's first edit the receiver does not hold yet
    this.next = new Map(members.map((r) => [r, new Map(members.filter((s) => s !== r).map((s) => [s, 0]))]));
    this.delays = []; // [sentAt, delay ms] of each (edit, receiver) pair: Infinity if never delivered live
    for (const member of members) {
      member.doc.on("update", (update, origin) => {
        if (origin === REMOTE && member.live) this.arrived(member, performance.now());
      });
    }
  }

  arrived(receiver, now) {
    // A remote update was applied: which of the teammates' edits its state vector covers now.
    receiver.lastRemote = now;
    for (const [sender, index] of this.next.get(receiver)) {
      let i = index;
      const edits = sender.edits;
      while (i < edits.length && Y.getState(receiver.doc.store, edits[i].client) >= edits[i].clock) {
        this.delays.push([edits[i].at, now - edits[i].at]);
        i += 1;
      }
      if (i !== index) this.next.get(receiver).set(sender, i);
    }
  }

  endLive() {
    // The live part is over: every pair not delivered by now is lost, and infinitely late in the figures.
    let lost = 0;
    for (const [, senders] of this.next) {
      for (const [sender, index] of senders) {
        for (const edit of sender.edits.slice(index)) this.delays.push([edit.at, Infinity]);
        lost += sender.edits.length - index;
      }
    }
    return lost;
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

async function until(condition, limitMs) {
  const giveUp = performance.now() + limitMs;
  while (performance.now() < giveUp) {
    if (condition()) return true;
    await sleep(100);
  }
  return false;
}

async function finalSync(participant) {
  // A check, not the page: pull what is missing, push what the server lacks, and wait for the answers.
  const ack = await participant.socket.timeout(30000).emitWithAck("sync", {
    design: participant.design, sv: Y.encodeStateVector(participant.doc),
  });
  if (ack.error) throw new Error(`final sync: ${ack.error}`);
  Y.applyUpdate(participant.doc, new Uint8Array(ack.update), REMOTE);
  const missing = Y.encodeStateAsUpdate(participant.doc, new Uint8Array(ack.sv));
  if (missing.length > 2) {
    const answer = await participant.socket.timeout(30000).emitWithAck("update", {
      design: participant.design, update: missing,
    });
    if (!answer.ok) throw new Error(`final push: ${answer.error}`);
  }
}

async function serverState(participant) {
  // What the server hands a brand-new page (an empty state vector).
  const ack = await participant.socket.timeout(30000).emitWithAck("sync", {
    design: participant.design, sv: new Uint8Array([0]),
  });
  if (ack.error) throw new Error(`server state: ${ack.error}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(ack.update));
  return doc;
}

function holdsEvery(doc, members) {
  // The edits of `members` this document lacks.
  let lacking = 0;
  for (const member of members) {
    for (const edit of member.edits) if (Y.getState(doc.store, edit.client) < edit.clock) lacking += 1;
  }
  return lacking;
}

async function main() {
  const rng = random(config.seed);
  const snapshot = config.snapshot ? Uint8Array.from(Buffer.from(config.snapshot, "hex")) : null;
  const participants = [];
  const teams = [];
  for (const [, code, design, ids] of config.teams) {
    const members = ids.map((id) => new Participant(id, code, design, config.urls[id % config.urls.length],
      random(Math.floor(rng() * 2 ** 32))));
    for (const member of members) {
      if (snapshot) Y.applyUpdate(member.doc, snapshot, "storage"); // the relay has no document to hand out
      participants.push(member);
    }
    teams.push(new Team(members));
  }

  await pool(participants, config.concurrency, async (participant) => {
    // A connection the server closed as it was reused (keep-alive) fails the fetch: the person tries again.
    for (let attempt = 1; config.mode === "app"; attempt++) {
      try { await participant.signIn(); break; } catch (error) {
        if (!(error instanceof TypeError) || attempt >= 3) throw error;
        participant.error(`sign-in try ${attempt} failed: ${error.message}`);
        await sleep(200 * attempt);
      }
    }
    await participant.start();
  });
  say("READY");

  const lines = createInterface({ input: process.stdin });
  const go = await new Promise((resolve) => lines.once("line", resolve));
  if (!go.startsWith("GO")) throw new Error(`expected GO, got ${go}`);
  const lag = monitorEventLoopDelay({ resolution: LAG_MS });
  const start = performance.now() + 1000;
  const windowStart = start + config.warmup * 1000;
  const end = windowStart + config.duration * 1000;
  const period = config.period * 1000;
  let cpuBefore = null;
  let cpuAfter = null;
  const marks = [
    sleep(windowStart - performance.now()).then(() => { cpuBefore = process.cpuUsage(); lag.enable(); say("WINDOW_START"); }),
    sleep(end - performance.now()).then(() => { cpuAfter = process.cpuUsage(cpuBefore); lag.disable(); say("WINDOW_END"); }),
  ];
  const typists = participants.map(async (participant) => {
    let due = start + participant.rng() * period;
    while (due < end) {
      await sleep(due - performance.now());
      try {
        participant.type();
      } catch (error) {
        participant.error(`type: ${error}`);
      }
      due += period;
    }
  });
  await Promise.all([...typists, ...marks]);

  // Quiet: every page says "online" (everything it holds is on the server's disk, nothing in flight) and no
  // remote update for a second; at most `settle` seconds.
  const quietNow = () => performance.now() - Math.max(...participants.map((p) => p.lastRemote)) >= 1000
    && participants.every((p) => p.status === "online" || config.mode === "relay");
  const settleStarted = performance.now();
  const quiet = await until(quietNow, config.settle * 1000);
  const settleSeconds = (performance.now() - settleStarted) / 1000;
  const notOnline = participants.filter((p) => p.status !== "online").length;
  const lost = teams.reduce((sum, team) => sum + team.endLive(), 0);
  for (const participant of participants) participant.live = false;

  // Divergence: final syncs (push, then pull the teammates' pushes), then every document of a team, and the
  // state the server hands a fresh page, must be equal and hold every edit of the team.
  let finalErrors = 0;
  const withServer = config.mode === "app";
  const fresh = new Map();
  if (withServer) {
    for (const round of [1, 2]) {
      await pool(participants, config.concurrency, async (participant) => {
        try {
          await finalSync(participant);
        } catch (error) {
          finalErrors += 1;
          participant.error(`final sync ${round}: ${error}`);
        }
      });
    }
    await pool(participants, config.concurrency, async (participant) => {
      try {
        fresh.set(participant, await serverState(participant));
      } catch (error) {
        finalErrors += 1;
        participant.error(`${error}`);
      }
    });
  }
  let converged = 0;
  let lacking = 0;
  for (const team of teams) {
    const documents = team.members.map((member) => member.doc);
    if (withServer) documents.push(...team.members.map((member) => fresh.get(member)).filter(Boolean));
    const views = documents.map((doc) => JSON.stringify(doc.getMap("design").toJSON()));
    if (views.every((view) => view === views[0]) && documents.length === (withServer ? 2 : 1) * team.members.length) {
      converged += 1;
    }
    for (const doc of documents) lacking += holdsEvery(doc, team.members);
  }

  // The figures of the measured window: edits sent in it, each (edit, receiver) pair's delay.
  const delays = [];
  const perSecond = [];
  for (const team of teams) {
    for (const [sentAt, delay] of team.delays) {
      if (sentAt < windowStart || sentAt >= end) continue;
      delays.push(delay);
      const second = Math.floor((sentAt - windowStart) / 1000);
      (perSecond[second] ||= []).push(delay);
    }
  }
  const inWindow = participants.reduce(
    (sum, p) => sum + p.edits.filter((edit) => edit.at >= windowStart && edit.at < end).length, 0);
  const pairsInWindow = teams.reduce((sum, team) => sum + team.members.reduce(
    (n, p) => n + p.edits.filter((edit) => edit.at >= windowStart && edit.at < end).length, 0)
    * (team.members.length - 1), 0);
  const totals = (key) => {
    const all = {};
    for (const participant of participants) {
      for (const [event, n] of participant[key]) all[event] = (all[event] || 0) + n;
    }
    return all;
  };
  const cpu = (cpuAfter.user + cpuAfter.system) / 1000 / (config.duration * 1000);
  const infinite = (key, value) => (value === Infinity ? "inf" : value); // JSON has no Infinity
  writeFileSync(config.output, JSON.stringify({
    mode: config.mode, participants: participants.length, teams: teams.length,
    edits: participants.reduce((sum, p) => sum + p.edits.length, 0), edits_in_window: inWindow,
    pairs_in_window: pairsInWindow, latency_ms: summary(delays),
    per_second_p99_ms: perSecond.map((values) => summary(values || []).p99),
    lost, quiet, settle_seconds: settleSeconds, not_online: notOnline,
    converged, lacking, final_errors: finalErrors,
    errors: participants.reduce((sum, p) => sum + (p.errorCount || 0), 0),
    error_samples: participants.flatMap((p) => p.errors).slice(0, 5),
    sent: totals("sent"), received: totals("received"),
    generator_cpu: cpu,
    loop_delay_p99_ms: Math.max(0, lag.percentile(99) / 1e6 - LAG_MS),
    loop_delay_max_ms: Math.max(0, lag.max / 1e6 - LAG_MS),
  }, infinite));
  say("DONE");
  for (const participant of participants) {
    participant.awareness.destroy();
    participant.socket.disconnect();
  }
  setTimeout(() => process.exit(0), 500);
}

main().catch((error) => {
  say(`FAILED ${error && error.stack ? error.stack.split("\n").slice(0, 3).join(" | ") : error}`);
  process.exit(1);
});
