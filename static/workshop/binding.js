// Binds a Y.Text to an <input> or <textarea>: local typing becomes the smallest insert/delete, and remote edits
// move the caret and selection the way the text moved, so nobody's cursor jumps.

export function diffEdit(before, after, caret) {
  // The changed span, as [start, deleteCount, inserted]. The caret (after the edit) settles ambiguity with
  // repeated letters: the unchanged suffix may not reach into what was just typed.
  const tail = caret == null ? after.length : after.length - caret;
  const maxSuffix = Math.min(before.length, after.length, Math.max(0, tail));
  let suffix = 0;
  while (suffix < maxSuffix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  let start = 0;
  while (start < before.length - suffix && start < after.length - suffix && before[start] === after[start]) start++;
  return [start, before.length - suffix - start, after.slice(start, after.length - suffix)];
}

export function moveThroughDelta(position, delta) {
  // Where a caret at `position` in the old text stands in the new one. Text inserted exactly at the caret goes
  // after it, so the person's next keystroke lands where they were.
  let index = 0; // walked so far in the old text
  let shift = 0;
  for (const op of delta) {
    if (index > position) break;
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      if (index < position) shift += typeof op.insert === "string" ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      if (index < position) shift -= Math.min(op.delete, position - index);
      index += op.delete;
    }
  }
  return position + shift;
}

export function bindText(ytext, element, { readonly = false } = {}) {
  element.value = ytext.toString();
  element.readOnly = readonly;
  element.disabled = false;

  const onRemote = (event, transaction) => {
    if (transaction.origin === element) return;
    const focused = document.activeElement === element;
    const start = element.selectionStart;
    const end = element.selectionEnd;
    element.value = ytext.toString();
    if (focused) element.setSelectionRange(moveThroughDelta(start, event.delta), moveThroughDelta(end, event.delta));
  };
  ytext.observe(onRemote);

  const onInput = () => {
    const before = ytext.toString();
    const after = element.value;
    if (before === after) return;
    const [start, deleted, inserted] = diffEdit(before, after, element.selectionEnd);
    ytext.doc.transact(() => {
      if (deleted) ytext.delete(start, deleted);
      if (inserted) ytext.insert(start, inserted);
    }, element);
  };
  element.addEventListener("input", onInput);

  return () => {
    ytext.unobserve(onRemote);
    element.removeEventListener("input", onInput);
  };
}
