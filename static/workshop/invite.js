// The studio's "bring in a teammate" panel: copies the team's join link, or selects it where copying is not allowed.

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return true;
  }
  return false;   // venue Wi-Fi over plain http: no clipboard API; the link stays selected for the person to copy
}

export function startInvite(panel) {
  const link = panel.querySelector("[data-invite-link]");
  const button = panel.querySelector("[data-invite-copy]");
  const said = panel.querySelector("[data-invite-said]");
  if (!link || !button) return;
  link.addEventListener("focus", () => link.select());
  button.addEventListener("click", async () => {
    let copied = false;
    try {
      copied = await copy(link.value);
    } catch (error) {
      copied = false;
    }
    if (!copied) {
      link.focus();
      link.select();
    }
    said.textContent = copied ? said.dataset.copied : said.dataset.notCopied;
  });
}
