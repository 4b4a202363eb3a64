"""Select to quote: a document's text in which an editor selects a passage, returned as character offsets.

The text reaches the browser as data and is set as the box's textContent, never as HTML, so nothing in a document
can become markup. Offsets count code points, as Python does (an emoji is one character, not two UTF-16 units).
"""

from typing import Any

import streamlit as st

_JS = """
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let box = parentElement.querySelector(".tracker-passage-text");
  if (!box) {
    box = document.createElement("div");
    box.className = "tracker-passage-text";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", data.label);
  if (box.dataset.key !== data.key) {
    box.textContent = data.text;
    box.dataset.key = data.key;
  }
  const report = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    const before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    const start = data.offset + Array.from(before.toString()).length;
    const end = start + Array.from(range.toString()).length;
    setStateValue("selection", { start: start, end: end });
  };
  box.onmouseup = report;
  box.onkeyup = report;
  box.ontouchend = report;
}
"""

_CSS = """
.tracker-passage-text {
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  max-height: 30rem;
  overflow-y: auto;
  padding: 0.75rem 1rem;
  border: 1px solid rgba(49, 51, 63, 0.3);
  border-radius: 0.5rem;
  line-height: 1.6;
  color: var(--st-text-color, #31333f);
  background: var(--st-background-color, #ffffff);
  font-family: var(--st-font, sans-serif);
  cursor: text;
}
.tracker-passage-text:focus { outline: 2px solid var(--st-primary-color, #1f4e8c); outline-offset: 2px; }
.tracker-passage-text::selection { background: #ffd27f; color: #000000; }
"""

_picker = st.components.v2.component("tracker_passage_picker", js=_JS, css=_CSS, isolate_styles=False)


def passage_picker(text: str, *, offset: int, key: str, label: str) -> tuple[int, int] | None:
    """Show `text` (the part of a document that starts at character `offset`) for selecting; return the
    selection's (start, end) in the whole document, or None before anything is selected."""
    result: Any = _picker(
        key=key, data={"text": text, "offset": offset, "key": key, "label": label}, on_selection_change=lambda: None
    )
    selection = getattr(result, "selection", None) or {}
    try:
        start, end = int(selection["start"]), int(selection["end"])
    except (KeyError, TypeError, ValueError):
        return None
    if not offset <= start < end <= offset + len(text):
        return None
    return start, end
