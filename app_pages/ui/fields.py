"""A form field for any field of a fact, made from its declaration (models.fields): its label and help are the
field's own, and the widget follows its type (a choice for a vocabulary, a date picker for a date, a box for
yes or no, a number, a line of text or, for long text, a text area). A field added to a fact appears in every form
that lists its kind's correctable fields without another edit."""

import datetime as dt
import types
import typing
from typing import Any, Literal, get_args, get_origin

import streamlit as st

from app_pages.ui.data import query
from app_pages.ui.text import PRECISION_WORDS, code_words, shown_by
from models.fields import FACT_DATES, FieldMeta
from tracker.read import queries

# Fields that name another fact are chosen among those facts, by name.
CHOOSERS = {
    "organization_slug": queries.organization_choices,
    "person_slug": queries.person_choices,
    "event_slug": queries.event_choices,
}
# What an empty choice means, for a reference that may be empty.
NONE_CHOSEN = {"event_slug": "None: stated in the document itself"}


def _unwrapped(annotation: Any) -> tuple[Any, bool]:
    """The type a field holds, and whether it may be empty (None)."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        inner, _ = _unwrapped(kinds[0])
        return inner, True
    return annotation, False


def _long(info: Any) -> bool:
    """Text too long for one line: a column of unbounded text, or one that takes several addresses."""
    limits = [getattr(m, "max_length", None) for m in info.metadata]
    bounded = [length for length in limits if length]
    return not bounded or min(bounded) > 500


def field_input(model: type, name: str, value: Any, *, key: str) -> Any:
    """The widget for field `name` of `model`, filled in with `value`; returns what the person chose."""
    info = model.model_fields[name]
    meta = FieldMeta.of(name, info)
    kind, optional = _unwrapped(info.annotation)
    common = {"key": key, "help": meta.description or None}
    if name in CHOOSERS:
        choices = dict(query(CHOOSERS[name]))
        if optional:  # a choice that empties it, so it can be taken away as well as changed
            choices = {None: NONE_CHOSEN.get(name, "None"), **choices}
        return st.selectbox(
            meta.label,
            list(choices),
            index=list(choices).index(value) if value in choices else None,
            format_func=shown_by(choices),
            placeholder="None",
            **common,
        )
    if get_origin(kind) is Literal:
        options = [*((None,) if optional else ()), *get_args(kind)]
        words = PRECISION_WORDS if name.endswith("_precision") else None
        return st.selectbox(
            meta.label,
            options,
            index=options.index(value) if value in options else None,
            format_func=lambda code: "none" if code is None else (words or {}).get(code, code_words(str(code))),
            **common,
        )
    if kind is bool:
        return st.checkbox(meta.label, value=bool(value), **common)
    if kind is dt.date:
        # Any date the field's declaration allows: one outside it is refused by the field with the range said,
        # never dropped by the widget.
        return st.date_input(meta.label, value=value, min_value=FACT_DATES[0], max_value=FACT_DATES[1], **common)
    if kind in (int, float):
        bounds = {m.__class__.__name__: m for m in info.metadata}
        low = getattr(bounds.get("Ge"), "ge", None)
        step = 1 if kind is int else 1.0
        return st.number_input(
            meta.label, value=value, min_value=kind(low) if low is not None else None, step=step, **common
        )
    limits = [getattr(m, "max_length", None) for m in info.metadata if getattr(m, "max_length", None)]
    if _long(info):
        return st.text_area(meta.label, value=value or "", **common)
    return st.text_input(meta.label, value=value or "", max_chars=min(limits) if limits else None, **common)
