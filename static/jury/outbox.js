// The juror's outbox: every change is kept in localStorage until the server has acknowledged it, then sent in
// order, again and again while the network is down. Only the latest value of each score or note is kept.
const storageKey = (juror) => `badgeathon:jury-outbox:${juror}`;

export class Outbox {
  constructor(juror, csrf, onChange) {
    this.key = storageKey(juror);
    this.csrf = csrf;
    this.onChange = onChange;          // (state, item, detail) for the page: "saving", "saved", "offline", "refused"
    this.sending = false;
    this.retryDelay = 1000;
    this.timer = null;
    window.addEventListener("online", () => this.flush());
    window.addEventListener("focus", () => this.flush());
  }

  items() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "[]");
    } catch (error) {
      return [];
    }
  }

  store(items) {
    try {
      localStorage.setItem(this.key, JSON.stringify(items));
    } catch (error) {
      // Storage refused (private mode, full): the change still goes out while the page stays open.
      this.memory = items;
    }
  }

  put(id, url, body) {
    const items = this.items().filter((item) => item.id !== id);
    items.push({ id, url, body });
    this.store(items);
    this.onChange("saving", { id, url, body });
    this.flush();
  }

  pending(prefix) {
    return this.items().filter((item) => item.id.startsWith(prefix));
  }

  async flush() {
    if (this.sending) return;
    this.sending = true;
    clearTimeout(this.timer);
    try {
      for (;;) {
        const [item] = this.items();
        if (!item) break;
        let response;
        try {
          response = await fetch(item.url, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf, Accept: "application/json" },
            body: JSON.stringify(item.body),
          });
        } catch (error) {                      // no network: keep it, try again a little later
          this.onChange("offline", item);
          this.timer = setTimeout(() => this.flush(), this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, 10000);
          return;
        }
        if (response.status >= 500 || response.status === 429) {
          this.onChange("offline", item);
          this.timer = setTimeout(() => this.flush(), this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, 10000);
          return;
        }
        this.retryDelay = 1000;
        const answer = await response.json().catch(() => ({}));
        this.drop(item);
        this.onChange(response.ok ? "saved" : "refused", item, answer);
      }
    } finally {
      this.sending = false;
    }
  }

  drop(sent) {
    // Removed only if it was not changed again meanwhile (a newer value stays queued).
    const items = this.items().filter((item) => !(item.id === sent.id && JSON.stringify(item.body) === JSON.stringify(sent.body)));
    this.store(items);
  }
}
