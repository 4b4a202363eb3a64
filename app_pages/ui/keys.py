"""The keyboard: where focus is, where it can jump, and what Enter does. Static: nothing here holds data.

- Every control shows where focus is with a 3 px outline in the links' blue (#0b5cad: 6.6:1 on white), not the
  faint tint Streamlit gives links.
- Skip links, the first stops of every page: "Skip to main content" (the page's title) and "Skip to the filters"
  (the first filter in the sidebar), shown when focused.
- Enter applies a date. Streamlit's date fields (year, month and day segments) apply a typed date only when focus
  leaves the field, and Enter does nothing; the page script makes Enter apply it, as Enter applies a text or number
  field.
- A table or block that scrolls sideways can be reached by Tab, so its hidden part can be scrolled to by keyboard.
"""

import hashlib

import streamlit as st

_KEYBOARD = """
<style>
:focus-visible { outline: 3px solid #0b5cad !important; outline-offset: 2px !important; }
nav.tracker-skip a {
  position: fixed; left: 8px; top: -200px; z-index: 1000100; padding: 10px 14px; background: #ffffff;
  color: #0b5cad; border: 2px solid #0b5cad; border-radius: 4px; font-weight: 600; text-decoration: underline;
}
nav.tracker-skip a:focus { top: 8px; }
/* Streamlit's own skip link goes to the main area, not its title, and would be a second "Skip to main content". */
a[data-testid="stSkipToContent"] { display: none !important; }
</style>
<script>
if (!window.trackerSkipLinks) {
  window.trackerSkipLinks = true;
  const bar = document.createElement("nav");
  bar.className = "tracker-skip";
  bar.setAttribute("aria-label", "Skip links");
  const skip = (words, find, before) => {
    const link = document.createElement("a");
    link.href = "#";
    link.textContent = words;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const go = () => {
        const target = find();
        if (!target) return;
        if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
        target.focus();
        target.scrollIntoView({block: "center"});
      };
      // The sidebar folded away (on a phone) is opened first, and focus moves once it has slid in.
      if (before && before()) setTimeout(go, 400); else go();
    });
    bar.appendChild(link);
  };
  skip("Skip to main content", () =>
    document.querySelector("[data-testid='stMainBlockContainer'] h1") ||
    document.querySelector("[data-testid='stMain']"));
  skip("Skip to the filters", () =>
    document.querySelector("[data-testid='stSidebarUserContent'] [data-testid='stMultiSelect'] input") ||
    document.querySelector("[data-testid='stSidebarUserContent'] input"), () => {
      const open = document.querySelector("[data-testid='stExpandSidebarButton']");
      if (open && open.offsetParent !== null) { open.click(); return true; }
      return false;
    });
  document.body.prepend(bar);
  // A region that scrolls sideways (a wide table) takes focus, so its hidden part is reachable by keyboard.
  const reachable = () => document.querySelectorAll("[data-testid='stTable'], [data-testid='stTableStyledTable']")
    .forEach((region) => {
      const scroller = region.scrollWidth > region.clientWidth ? region : region.parentElement;
      if (scroller && scroller.scrollWidth > scroller.clientWidth && !scroller.hasAttribute("tabindex")) {
        scroller.setAttribute("tabindex", "0");
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
  new MutationObserver(reachable).observe(document.body, {childList: true, subtree: true});
}
if (!window.trackerEnterAppliesDates) {
  window.trackerEnterAppliesDates = true;
  document.addEventListener("keydown", (event) => {
    const segment = event.target;
    const field = segment instanceof HTMLElement ? segment.closest("[data-testid='stDateInput']") : null;
    if (event.key === "Enter" && field && segment.getAttribute("role") === "spinbutton") {
      // Focus on the field's frame, outside its segments, applies the date (blur alone does not); then
      // focus goes back to the segment, so a keyboard user stays where they were.
      field.setAttribute("tabindex", "-1");
      field.focus({preventScroll: true});
      setTimeout(() => segment.focus({preventScroll: true}), 0);
    }
  }, true);
}
</script>
"""


def keyboard() -> None:
    st.html(_KEYBOARD, unsafe_allow_javascript=True, width="content")


_SCROLL_TO = """
<script>
(() => {
  const find = () => document.querySelector(".st-key-%s");
  let tries = 0;
  const go = () => {
    const target = find();
    if (target) target.scrollIntoView({block: "center"});
    else if (tries++ < 50) setTimeout(go, 100);
  };
  setTimeout(go, 100);
})();
</script>
<!-- %s -->
"""


def scroll_to(key: str, what: str) -> None:
    """Scroll the page to the container of `key` once it is drawn (a source's passage a link pointed to). `what`
    names the target, so a different one scrolls again and the same one, on a rerun, does not. `key` is the
    page's own word, never stored text."""
    assert key.replace("_", "").isalnum(), key
    marker = hashlib.sha256(what.encode()).hexdigest()[:16]  # not the stored text itself
    st.html(_SCROLL_TO % (key, marker), unsafe_allow_javascript=True, width="content")
