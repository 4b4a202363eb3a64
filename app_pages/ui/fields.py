"""A form field for any field of a fact, made from its declaration (models.fields): its label and help are the
field's own, and the widget follows its type (a choice for a vocabulary, a date picker for a date, a box for
yes or no, a number, a line of text or, for long text, a text area). `fact_inputs` asks for every field of a new
fact the same way, and the edit form for every correctable one: a field added to a fact appears in its forms
without another edit."""

import datetime as dt
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, get_args, get_origin

import streamlit as st

from app_pages.ui.account import field_problem
from app_pages.ui.data import query
from app_pages.ui.text import PRECISION_WORDS, code_words, shown_by
from models.fields import FACT_DATES, FieldMeta, field_metas
from models.inputs import EvidenceIn
from tracker.domain.vocab import QUALIFIER_WORDS, QUALIFIERS
from tracker.read import queries

# Fields that name another fact are chosen among those facts, by name.
CHOOSERS = {
    "organization_slug": queries.organization_choices,
    "person_slug": queries.person_choices,
    "event_slug": queries.event_choices,
    "stated_by_slug": queries.person_choices,
}
# What an empty choice means, for a reference that may be empty.
NONE_CHOSEN = {"event_slug": "None: stated in the document itself"}
# How the choices of a vocabulary read, where its codes alone would not ("exact" reads as "exactly").
CHOICE_WORDS = {QUALIFIERS: {q: QUALIFIER_WORDS[q] or "exactly" for q in QUALIFIERS}}


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
        words = PRECISION_WORDS if name.endswith("_precision") else CHOICE_WORDS.get(get_args(kind))
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


def fact_inputs(
    model: type,
    *,
    key: Callable[[str], str],
    form: str,
    values: dict[str, Any],
    widgets: dict[str, Callable[[], Any]],
) -> dict[str, Any]:
    """Every field a person gives for a new fact of input model `model`, each with its problems beside it: first
    the fields its table declares, in their order, then those of the input alone (who commits, themes). Each is
    asked for as declared (field_input, filled in with `values`, else its declared default), or by
    `widgets[name]` where the page offers more (a draft read from the passage, a name of one's own). Not asked:
    the evidence (the passage gives it), what the app sets (fields declared `asked=False`), and lists without a
    widget (another spelling is a fact of its own). Returns the answers by field name."""
    metas = field_metas(model)
    own = [name for name in metas if name not in model.__base__.model_fields]  # made from the table's declarations
    answers: dict[str, Any] = {}
    for name in [*own, *(name for name in metas if name not in own)]:
        info = model.model_fields[name]
        if name in EvidenceIn.model_fields or not metas[name].asked:
            continue
        if name in widgets:
            answers[name] = widgets[name]()
        elif get_origin(_unwrapped(info.annotation)[0]) is list:
            continue
        else:
            declared = None if info.is_required() else info.get_default(call_default_factory=True)
            answers[name] = field_input(model, name, values.get(name, declared), key=key(name))
        field_problem(form, name)
    return answers
