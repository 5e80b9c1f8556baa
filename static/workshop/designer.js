// The image designer: a live preview rendered by the server, "use this image", and the upload of a PNG or SVG.
// The image itself lives in the design document, so every teammate sees the new one at once.

async function post(url, body) {
  const response = await fetch(url, { method: "POST", body, headers: { Accept: "application/json" },
                                      credentials: "same-origin" });
  return response;
}

async function messageOf(response) {
  try {
    const data = await response.json();
    if (data.message) return data.message;
    if (data.errors) return Object.values(data.errors).flat().join(" ");
  } catch (error) { /* not JSON */ }
  return `${response.status}`;
}

export function bindImage({ root, designId, imageMap, readonly }) {
  const current = root.querySelector("[data-current-image]");
  const none = root.querySelector("[data-no-image]");
  const showCurrent = () => {
    const sha = imageMap.get("sha256");
    current.hidden = !sha;
    none.hidden = Boolean(sha);
    if (sha) current.src = `/designs/${designId}/image/${sha}.png?size=200`;
  };
  showCurrent();
  imageMap.observe(showCurrent);

  const designer = root.querySelector("[data-image-designer]");
  const preview = designer.querySelector("[data-preview]");
  const designerError = designer.querySelector("[data-image-error]");
  let timer = null;
  let lastUrl = null;
  const refresh = async () => {
    const response = await post(designer.dataset.previewUrl, new FormData(designer)).catch(() => null);
    if (!response) return;
    if (!response.ok) { designerError.textContent = await messageOf(response); return; }
    designerError.textContent = "";
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(await response.blob());
    preview.src = lastUrl;
  };
  designer.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });
  designer.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(refresh, 50); });
  designer.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await post(designer.action, new FormData(designer)).catch(() => null);
    designerError.textContent = response && !response.ok ? await messageOf(response) : "";
  });
  refresh();

  const upload = root.querySelector("[data-image-upload]");
  const uploadError = upload.querySelector("[data-upload-error]");
  upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await post(upload.action, new FormData(upload)).catch(() => null);
    uploadError.textContent = response && !response.ok ? await messageOf(response) : "";
    if (response && response.ok) upload.reset();
  });

  for (const form of [designer, upload]) {
    form.querySelectorAll("button, input, select").forEach((el) => { el.disabled = readonly; });
  }
}
