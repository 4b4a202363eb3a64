"""The parts pages share that need no running app: stored text shown as text, and where the page scripts live."""

from app_pages.ui.text import highlighted_paragraphs


def test_highlighting_escapes_the_text_and_marks_the_focus():
    text = "Plain [link](javascript:alert(1)) and <b>bold</b>.\nSecond *line* with $5."
    second = text.index("Second")
    paragraphs = highlighted_paragraphs(text, [(0, 5)], focus=(second, second + 7))
    assert [held for _, held in paragraphs] == [False, True]  # the second holds the focus
    lines = [line for line, _ in paragraphs]
    assert len(lines) == 2
    assert lines[0].startswith(":blue-background[Plain]")
    assert "\\[link\\]\\(javascript\\:\u2060alert\\(1\\)\\)" in lines[0]
    assert "\\<b\\>bold\\</b\\>" in lines[0]
    assert lines[1].startswith(":orange-background[**Second**]")
    assert "\\*line\\*" in lines[1] and "\\$5\\." in lines[1]


def test_no_folder_beside_app_py_puts_a_fresh_server_in_legacy_multipage_mode():
    """A folder named pages/ beside app.py starts a fresh Streamlit server in its legacy multipage mode, where a
    link opened first runs its page without app.py's navigation: the page scripts live in app_pages/ instead."""
    from models.db import PROJECT_ROOT

    assert not (PROJECT_ROOT / "pages").exists()
    assert (PROJECT_ROOT / "app_pages" / "overview.py").is_file()


def test_icon_codes_and_bare_addresses_stay_literal():
    from app_pages.ui.text import escape_markdown

    shown = escape_markdown("see http://evil.example/x, :material/warning:, www.evil.example, a@evil.example")
    # A word joiner after each colon, before the at sign and inside "www." breaks Streamlit's icon codes and links.
    assert "http\\:\u2060//" in shown and "\\:\u2060material/warning" in shown
    assert "www\u2060\\." in shown and "a\u2060@evil" in shown
    assert (
        shown.replace("\u2060", "").replace("\\", "") == "see http://evil.example/x, :material/warning:, "
        "www.evil.example, a@evil.example"
    )


def test_cached_reads_are_keyed_by_every_argument_and_refuse_values_without_a_faithful_key():
    import dataclasses
    import datetime as dt

    import pandas as pd
    import pytest

    from app_pages.ui.data import _key
    from tracker.read.filters import CommitmentFilter

    today = CommitmentFilter(as_of=dt.date(2026, 11, 22))
    keys = {
        _key((today,), ()),
        _key((dataclasses.replace(today, statuses=("limited",)),), ()),
        _key((dataclasses.replace(today, as_of=dt.date(2026, 11, 21)),), ()),
        _key((today, 25), ()),
        _key((today,), (("limit", 25),)),
        _key(("25",), ()),
        _key((25,), ()),
    }
    assert len(keys) == 7  # no two of these share a key
    assert _key((CommitmentFilter(as_of=dt.date(2026, 11, 22)),), ()) == _key((today,), ())
    for opaque in (pd.DataFrame({"a": [1]}), object(), {"a": 1}):
        with pytest.raises(TypeError, match="plain values"):
            _key((opaque,), ())
