"""Enter applies a date. Streamlit's date fields (year, month and day segments) apply a typed date only when
focus leaves the field, and Enter does nothing; this page script makes Enter apply it, as Enter applies a text or
number field. Static: it holds no data."""

import streamlit as st

_ENTER_APPLIES_DATES = """
<script>
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


def enter_applies_dates() -> None:
    st.html(_ENTER_APPLIES_DATES, unsafe_allow_javascript=True, width="content")
