// "Copier" buttons: copy the link of the field a button names to the clipboard and say "Copié" beside it (a status
// region, so screen readers hear it). Without the clipboard API the field's text is selected for a manual copy.
const SHOWN_MS = 4000;

async function copyField(button) {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[data-copy-status]");
  if (!field) return;
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    }
  } catch (error) {
    copied = false;
  }
  if (!copied) {
    field.focus();
    field.select();
  }
  if (status) {
    status.textContent = copied ? status.dataset.copied : status.dataset.failed;
    status.classList.toggle("copy__status--done", copied);
    clearTimeout(status.hideTimer);
    status.hideTimer = setTimeout(() => { status.textContent = ""; }, SHOWN_MS);
  }
}

export function startCopyButtons(root = document) {
  root.querySelectorAll("[data-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => copyField(button));
  });
}
