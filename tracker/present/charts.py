"""Charts: one plotly template for the whole tracker, a colour-blind-safe palette, and status always written.

Every figure carries a title, labelled axes with units, and a footer naming its sources and as-of date; every
chart has a one-line summary in words beside it (the `*_summary` functions), so nothing rests on colour alone.
"""

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tracker.domain.codebook import KIND_PLURALS, counted
from tracker.domain.text import visible
from tracker.domain.vocab import STATUS_LABELS, STATUSES

if TYPE_CHECKING:
    from tracker.read.queries import ViewCounts

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
STATUS_COLORS = {
    "not_assessed": "#BBBBBB",
    "no_evidence_found": "#8A8A8A",
    "not_applicable": "#E3E3E3",
    "not_started": "#D55E00",
    "limited": "#E69F00",
    "substantial": "#56B4E9",
    "complete": "#009E73",
    "withdrawn": "#000000",
}
# Light fills get dark text, dark fills white text: every label stays readable.
STATUS_TEXT_COLORS = {s: "#000000" for s in STATUSES} | {"not_started": "#FFFFFF", "withdrawn": "#FFFFFF"}
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        colorway=OKABE_ITO,
        font=dict(family=FONT, size=14, color="#262730"),
        title=dict(font=dict(size=18), x=0, xanchor="left"),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        xaxis=dict(showgrid=True, gridcolor="#E6E6E6", zeroline=False, linecolor="#888888", ticks="outside"),
        yaxis=dict(showgrid=False, linecolor="#888888", ticks="outside", automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, title=None),
        margin=dict(l=20, r=30, t=100, b=70),
        hoverlabel=dict(font=dict(family=FONT)),
    )
)


def plot_text(text: str) -> str:
    """Stored text as plotly shows it literally: plotly reads a few HTML tags in labels, so < > & are escaped."""
    return visible(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def source_line(sources: list[str], as_of: dt.date) -> str:
    cited = "; ".join(plot_text(s) for s in sources) if sources else "AI Standards Commitment Tracker"
    return f"Source: {cited} · as of {as_of:%-d %B %Y}"


def stamp(fig: go.Figure, *, title: str, sources: list[str], as_of: dt.date) -> go.Figure:
    """Title the figure and write its sources and as-of date under the title, so an image stands alone.

    The source line is the title's subtitle: titles are placed relative to the whole figure, so it stays at the
    left edge and clear of axis labels whatever the plot's margins (annotations are bound to the plot area)."""
    fig.update_layout(_stamped(title=title, sources=sources, as_of=as_of))
    return fig


def _stamped(*, title: str, sources: list[str], as_of: dt.date) -> dict:
    """What stamp() sets, as a part of a figure's layout."""
    return {
        "template": TEMPLATE,
        "title": {
            "text": title,
            "xref": "container",
            "x": 0.01,
            "xanchor": "left",
            "subtitle": {"text": source_line(sources, as_of), "font": {"size": 12, "color": "#444444"}},
        },
    }


def figure_of(spec: dict) -> go.Figure:
    """A figure from a description written here as plain data (plotly checks each property as it builds it)."""
    return go.Figure(spec)


def _merged(into: dict, changes: dict) -> dict:
    """`into` with `changes` written over it, nested dictionaries merged key by key (as plotly's update does)."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merged(into[key], value)
        else:
            into[key] = value
    return into


def for_phone(fig: go.Figure) -> go.Figure:
    """The chart for a phone screen (about 360 px across): title and source line wrapped, smaller type, long
    category labels cut short, axis titles left out (the title says what is shown), the legend under the plot.

    Made by changing the figure's plain description and building the figure once from it: the same changes made
    through plotly's update methods, which check each property as it is set, took 13 ms a chart on every page run."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    heading_of = layout.get("title", {})
    title = _wrap(heading_of.get("text") or "", 34)
    subtitle = _wrap(heading_of.get("subtitle", {}).get("text") or "", 52)
    heading = 30 + 21 * (title.count("<br>") + 1) + 14 * (subtitle.count("<br>") + 1)
    top_axis = layout.get("xaxis", {}).get("side") == "top"
    _merged(
        layout,
        {
            # Hung from the top (by default a title is centred in the top margin, and a wrapped one with its
            # source line ran into the plot).
            "title": {
                "text": title,
                "font": {"size": 15},
                "subtitle": {"text": subtitle, "font": {"size": 10}},
                **{"yref": "container", "y": 1 - 24 / (layout.get("height") or 450), "yanchor": "top"},
            },
            "font": {"size": 11},
            "margin": {"l": 4, "r": 4, "t": heading + (90 if top_axis else 10), "b": 60},
            "legend": {"orientation": "h", "x": 0, "yref": "paper", "y": -0.2, "yanchor": "top", "font": {"size": 10}},
        },
    )
    # Axis titles along the bottom stay (they give the units, or name a panel); titles up the side take width a
    # phone does not have, and the tick labels there already say what they are.
    for axis in {"xaxis", *(name for name in layout if name.startswith("xaxis"))}:
        _merged(layout.setdefault(axis, {}), {"tickangle": 0, "title": {"font": {"size": 10}}})
    for axis in {"yaxis", *(name for name in layout if name.startswith("yaxis"))}:
        settings = layout.get(axis, {})
        settings.get("title", {}).pop("text", None)
        if settings.get("title") == {}:
            del settings["title"]
    categories: dict[str, dict[str, None]] = {}  # each axis's category labels, over all its traces, in order
    for trace in spec.get("data", []):
        # Point labels start at their point: centred on the first point of a line, half of one falls off the left.
        if trace.get("type") == "scatter" and trace.get("textposition") == "top center":
            trace["textposition"] = "top right"
        labels = list(trace["y"]) if trace.get("y") is not None else []
        if labels and all(isinstance(label, str) for label in labels):
            axis = "yaxis" + (trace.get("yaxis") or "y").removeprefix("y")
            categories.setdefault(axis, {}).update(dict.fromkeys(labels))
    for axis, labels in categories.items():
        if max(map(len, labels)) > 24:  # every label of the axis given, shortened: a trace may hold only some
            _merged(
                layout.setdefault(axis, {}), {"tickvals": list(labels), "ticktext": [_short(x, 24) for x in labels]}
            )
    return figure_of(spec)


def group_label(framework: str, kind: str) -> str:
    """A bar of the status chart: a framework's commitments, or its priorities ("WAIC 2025 forum: priorities")."""
    return f"{framework}: {KIND_PLURALS[kind]}"


def status_by_framework_chart(counts: pd.DataFrame, *, sources: list[str], as_of: dt.date) -> go.Figure:
    """Horizontal stacked bars: one bar per framework and kind (commitments and priorities apart), one segment
    per status, each segment labelled; the count axis starts at zero."""
    fig = go.Figure()
    present = counts[counts["commitments"] > 0]
    for status in STATUSES:
        part = present[present["status"] == status]
        if part.empty:
            continue
        label = STATUS_LABELS[status]
        fig.add_bar(
            y=[plot_text(group_label(fw, kind)) for fw, kind in zip(part["framework"], part["kind"], strict=True)],
            x=part["commitments"],
            name=label,
            orientation="h",
            marker=dict(color=STATUS_COLORS[status], line=dict(color="#FFFFFF", width=1)),
            text=[f"{label}: {n}" for n in part["commitments"]],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(color=STATUS_TEXT_COLORS[status]),
            hovertemplate="%{y}<br>" + label + ": %{x}<extra></extra>",
        )
    bars = counts[["framework", "kind"]].drop_duplicates()
    # The legend goes at the foot of the figure: above the plot it would print over the source line under the
    # title, and placed by the plot's height it ran into the axis title on a short chart (the brief's).
    fig.update_layout(
        barmode="stack",
        height=max(300, 170 + 70 * len(bars)),
        uniformtext={"minsize": 12, "mode": "show"},  # a segment's label never shrinks below 12 pixels
        legend=dict(orientation="h", yref="container", y=0.02, yanchor="bottom", x=0),
        margin=dict(b=110),
    )
    fig.update_xaxes(
        title_text="Commitments or priorities (count)",
        dtick=1 if present["commitments"].sum() <= 20 else None,
        rangemode="tozero",
    )
    # No axis title: each bar's label names its framework and kind, and a title up the side was cut off where the
    # labels are long (in the brief and in present mode).
    fig.update_yaxes(autorange="reversed")
    return stamp(fig, title="Commitments and priorities by framework and status", sources=sources, as_of=as_of)


def status_by_framework_summary(counts: pd.DataFrame) -> str:
    """ "9 commitments and 3 priorities (Seoul Statement: 4 commitments; WAIC 2025 forum: 5 commitments, 3
    priorities): 10 not assessed, 1 limited, 1 substantial." """
    if int(counts["commitments"].sum()) == 0:
        return "No commitments or priorities match the filters."
    kinds = counts.groupby("kind", sort=False)["commitments"].sum()
    by_status = counts.groupby("status", sort=False)["commitments"].sum()
    parts = [f"{int(by_status[s])} {STATUS_LABELS[s].lower()}" for s in STATUSES if by_status.get(s, 0)]
    where = []
    for framework, part in counts.groupby("framework", sort=True):
        per_kind = part.groupby("kind", sort=False)["commitments"].sum()
        where.append(f"{framework}: {counted(dict(per_kind))}")
    return f"{counted(dict(kinds), joined=' and ')} ({'; '.join(where)}): {', '.join(parts)}."


def participation_chart(figures: pd.DataFrame, *, sources: list[str], as_of: dt.date) -> go.Figure:
    """One panel per metric (they count different things, so they are never stacked or summed). A stated lower
    bound ("over 300", "at least 300") is drawn as a bar to the stated number with an open arrow beyond it and
    labelled in the text's own words ("over 300")."""
    metrics = list(dict.fromkeys(figures["metric"]))
    # Each panel is named by its axis title under it: a panel title above would collide with the axis title of
    # the panel before it.
    fig = make_subplots(rows=len(metrics), cols=1, vertical_spacing=0.16)
    for row, metric in enumerate(metrics, start=1):
        part = figures[figures["metric"] == metric]
        # One colour throughout: the panels, titled and labelled, tell the metrics apart, not colour.
        fig.add_bar(
            row=row,
            col=1,
            y=[plot_text(e) for e in part["event"]],
            x=part["value"],
            orientation="h",
            showlegend=False,
            marker=dict(color=OKABE_ITO[0]),
            text=[f"{t} {metric}" for t in part["as_stated"]],
            textposition="inside",
            insidetextanchor="end",
            textfont=dict(color="#FFFFFF"),
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
        lower = part[part["qualifier"].isin(("over", "at_least"))]
        if not lower.empty:
            span = float(part["value"].max())
            fig.add_scatter(
                row=row,
                col=1,
                y=[plot_text(e) for e in lower["event"]],
                x=lower["value"] + span * 0.04,
                mode="markers+text",
                customdata=lower["as_stated"],
                showlegend=False,
                text=["and more" if q == "over" else "or more" for q in lower["qualifier"]],
                textposition="middle right",
                marker=dict(symbol="triangle-right-open", size=16, color="#000000", line=dict(width=2)),
                hovertemplate="%{y}: %{customdata}, in the source's words<extra></extra>",
            )
        fig.update_xaxes(row=row, col=1, title_text=f"{metric_title(metric)} (count)", rangemode="tozero")
        fig.update_xaxes(row=row, col=1, range=[0, float(part["value"].max()) * 1.35])
    fig.update_layout(height=140 + 170 * len(metrics), bargap=0.45)
    return stamp(fig, title="Attendance as stated (each metric on its own scale)", sources=sources, as_of=as_of)


def metric_title(metric: str) -> str:
    """What a figure counts, as a heading: an editor's own name kept as typed, only its first letter raised."""
    return {
        "delegates": "Delegates",
        "participants": "Participants",
        "countries": "Countries represented",
        "organizations": "Organizations",
    }.get(metric, metric[:1].upper() + metric[1:])


def participation_summary(figures: pd.DataFrame) -> str:
    if figures.empty:
        return "No participation figures for the chosen events."
    parts = [f"{r.event}: {r.as_stated} {r.metric}" for r in figures.itertuples()]
    return "Attendance as stated in the sources, in their own words: " + "; ".join(parts) + "."


QUALIFIER_MEANINGS = {
    "exact": "is the number as stated",
    "over": "means more than {n}, by an amount the source does not say (drawn to {n}{beyond})",
    "at_least": "means {n} or more (drawn to {n}{beyond})",
    "approximately": "means about {n}, not exactly {n}",
    "up_to": "means {n} or fewer",
}


def qualifier_notes(figures: pd.DataFrame, *, arrows: bool = True) -> str:
    """What the qualifiers of the figures shown mean, each with one of those figures as its example (never a
    figure the view does not show): '"over 300" means more than 300, by an amount the source does not say ...'.
    `arrows`: whether the chart it goes with draws an open arrow beyond a bar that is a lower bound (the page's
    and the brief's do; the deck's editable charts label the bar with the text's words instead)."""
    notes = []
    for qualifier, meaning in QUALIFIER_MEANINGS.items():
        shown = figures[figures["qualifier"] == qualifier]
        if not shown.empty:
            example = shown.iloc[0]
            n = f"{int(example['value']):,}"
            beyond = ", with an open arrow beyond" if arrows else ", its label in the text's words"
            notes.append(f'"{example["as_stated"]}" {meaning.format(n=n, beyond=beyond)}.')
    return " ".join(notes)


def participation_notes(figures: pd.DataFrame) -> list[str]:
    """What each figure counts, one line each, for the note under the chart."""
    return [f"{r.event}, {r.as_stated} {r.metric}: {r.counts_what}." for r in figures.itertuples()]


ROLE_CODES = {"party": 1, "responsible": 2}
ROLE_LABELS = {"party": "Party", "responsible": "Responsible"}


def role_label(role: str, inferred: bool) -> str:
    return ROLE_LABELS.get(role, role) + (" (inferred)" if inferred else "")


def party_matrix_chart(matrix: pd.DataFrame, *, sources: list[str], as_of: dt.date) -> go.Figure:
    """Commitment x organization grid with the role written in each cell (after the actor x commitment
    matrices of G7/G20 compliance reports): commitments down the side, where their titles read easily."""
    organizations = sorted(matrix["organization"].unique())
    commitments = list(dict.fromkeys(matrix["commitment"]))
    z, text = [], []
    for commitment in commitments:
        part = matrix[matrix["commitment"] == commitment]
        roles = dict(zip(part["organization"], zip(part["role"], part["inferred"], strict=True), strict=True))
        z.append([ROLE_CODES.get(roles[org][0], 0) if org in roles else 0 for org in organizations])
        text.append([role_label(*roles[org]) if org in roles else "" for org in organizations])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_wrap(plot_text(org)) for org in organizations],
            y=[plot_text(_short(c)) for c in commitments],
            text=text,
            texttemplate="%{text}",
            colorscale=[[0, "#F4F4F4"], [0.5, "#56B4E9"], [1, "#0072B2"]],
            zmin=0,
            zmax=2,
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            textfont=dict(color="#000000", size=13),
        )
    )
    # The column labels name the organizations; an axis title above them would only collide with them.
    fig.update_xaxes(side="top", tickangle=0)
    fig.update_yaxes(title_text="Commitment", autorange="reversed")
    fig.update_layout(height=260 + 42 * len(commitments), margin=dict(t=170, b=30))
    return stamp(fig, title="Who is party to which commitment (role in each cell)", sources=sources, as_of=as_of)


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _wrap(label: str, width: int = 18) -> str:
    """Break a long axis label over lines (plotly does not wrap tick labels by itself)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def party_matrix_summary(matrix: pd.DataFrame) -> str:
    if matrix.empty:
        return "No organization is party to the filtered commitments."
    per_org = matrix.groupby("organization")["commitment"].nunique().sort_values(ascending=False)
    parts = [f"{org} {n}" for org, n in per_org.items()]
    return (
        f"{matrix['commitment'].nunique()} commitments, {len(per_org)} organizations; commitments per "
        f"organization: {', '.join(parts)}."
    )


def deadline_summary(deadlines: pd.DataFrame, counts: "ViewCounts", as_of: dt.date) -> str:
    """The deadlines in a sentence: the counts are of every filtered commitment (`counts`, from the database), the
    first deadline is the first row of `deadlines` (the soonest first, as many as a table shows), and a deadline
    the text does not state literally is said to be inferred wherever it is counted."""
    if deadlines.empty:
        return "None of the filtered commitments sets a deadline."
    first = deadlines.iloc[0]
    plural = "s" if counts.with_deadline != 1 else ""
    text = (
        f'{counts.with_deadline:,} commitment{plural} with a deadline; the earliest, "{first["title"]}", is due '
        f"{first['deadline']}: {first['countdown']} as of {as_of:%-d %B %Y}."
    )
    for state, words in (
        ("overdue", "overdue (assessed, neither complete nor withdrawn)"),
        ("passed_not_assessed", "past the deadline but never assessed, so not known to be overdue"),
    ):
        if counts.deadlines[state]:
            text += f" {counts.deadlines[state]:,} {words}{inferred_note(counts.inferred(state))}."
    if len(deadlines) < counts.with_deadline:
        text += f" The table lists the first {len(deadlines):,}, soonest first; the CSV below holds them all."
    return text


def inferred_note(inferred: int) -> str:
    """What a count of deadlines says when some of them are the tracker's reading of the text, not its words."""
    if not inferred:
        return ""
    return f" ({inferred:,} of them on a deadline the text does not state, inferred)"


def timeline_chart(
    updates: pd.DataFrame,
    *,
    made_on: dt.date,
    as_of: dt.date,
    target: float | None,
    target_label: str,
    target_unit: str = "",
    due_date: dt.date | None = None,
    deadline_label: str = "",
    pace: str = "",
    title: str,
    sources: list[str],
) -> go.Figure:
    """A commitment's progress over time, superseded updates left out (the table lists them).

    With a countable target: one axis in the target's unit, each recorded number a point labelled with its
    update's status, the target as a line, the straight line from the day it was made to the target on the deadline
    (the pace rule's line), and the deadline marked. Without one: the status as steps, each labelled. Either way
    the deadline, where there is one, is a vertical line named with its words (`deadline_label`, "(inferred)"
    included where the text does not state it), and whether it is on track (`pace`, rules.Pace's words) is written
    in the plot's corner.

    Described as a dict and built once: every commitment's page draws one, and plotly's update methods, which check
    each property as it is set, took 20 ms a chart against 3 ms."""
    effective = updates[updates["effective"] & (updates["as_of"] <= as_of)].sort_values(["as_of", "id"])
    made = as_of >= made_on
    if not made:  # not yet made on the day: nothing to draw but the days up to it (the summary says so)
        effective = effective.iloc[0:0]
    last_day = max(made_on, as_of, due_date or as_of)
    layout: dict = {
        "xaxis": {
            "title": {"text": "Date the update describes"},
            "type": "date",  # said, not guessed from the points: a commitment not yet made has none
            "range": [min(made_on, as_of) - dt.timedelta(days=30), last_day + dt.timedelta(days=45)],
        },
        "height": 420,
        # The legend goes under the plot: above it, it would cover the source line under the title.
        "margin": {"b": 110},
        "legend": {"orientation": "h", "y": -0.28, "yanchor": "top", "x": 0},
        "shapes": [],
        "annotations": [],
        **_stamped(title=plot_text(title), sources=sources, as_of=as_of),
    }
    if target is None:
        data = _status_steps(effective, made_on, as_of) if made else []
        layout["yaxis"] = {
            "title": {"text": "Status"},
            "tickvals": list(range(len(STATUSES))),
            "ticktext": [STATUS_LABELS[s] for s in STATUSES],
            "range": [-0.5, len(STATUSES) - 0.3],
        }
        layout["showlegend"] = False
    else:
        data = _progress_points(effective, made_on, due_date, target, target_label) if made else []
        numbers = [v for v in effective["progress_value"] if v == v and v is not None]
        layout["yaxis"] = {
            "title": {"text": plot_text(f"{target_unit[:1].upper()}{target_unit[1:]} (count)" if target_unit else "")},
            "rangemode": "tozero",
            "range": [0, max([target, *numbers]) * 1.2],
            "tickformat": ",~g",
        }
        layout["showlegend"] = made
    if due_date is not None and made:
        layout["shapes"].append(
            {
                "type": "line",
                **{"xref": "x", "yref": "paper", "x0": due_date, "x1": due_date, "y0": 0, "y1": 1},
                "line": {"color": "#262730", "width": 1.5, "dash": "dot"},
            }
        )
        layout["annotations"].append(
            {
                "text": plot_text(f"Deadline: {deadline_label}"),
                # Along the line, on its left: clear of the corner that says whether it is on track.
                **{"xref": "x", "yref": "paper", "x": due_date, "y": 0.5, "xanchor": "right", "yanchor": "middle"},
                "textangle": -90,
                "showarrow": False,
                "font": {"size": 12, "color": "#262730"},
            }
        )
    if pace and made:
        layout["annotations"].append(
            {
                "text": plot_text(f"On track: {pace}"),
                **{"xref": "paper", "yref": "paper", "x": 0.01, "y": 1, "xanchor": "left", "yanchor": "top"},
                "showarrow": False,
                "bgcolor": "#FFFFFF",
                "font": {"size": 13, "color": "#262730"},
            }
        )
    if not made:
        layout["annotations"].append(
            {
                "text": f"Not yet made on {as_of:%-d %B %Y}",
                **{"xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False},
                "font": {"size": 15, "color": "#444444"},
            }
        )
    return figure_of({"data": data, "layout": layout})


def _status_steps(effective: pd.DataFrame, made_on: dt.date, as_of: dt.date) -> list[dict]:
    """The status as steps from the day the commitment was made to the as-of date, each step labelled."""
    dates = [made_on, *effective["as_of"], as_of]
    last = effective["status"].iloc[-1] if len(effective) else "not_assessed"
    codes = ["not_assessed", *effective["status"], last]
    return [
        {
            "type": "scatter",
            "x": dates,
            "y": [STATUSES.index(code) for code in codes],
            "mode": "lines+markers+text",
            "line": {"shape": "hv", "color": OKABE_ITO[0], "width": 3},
            "marker": {"size": [10] * (len(dates) - 1) + [0], "color": OKABE_ITO[0]},
            "name": "Status",
            "text": [STATUS_LABELS[c] for c in codes[:-1]] + [""],
            "textposition": "top center",
            "hovertemplate": "%{x|%-d %b %Y}: %{text}<extra></extra>",
        }
    ]


def _progress_points(
    effective: pd.DataFrame, made_on: dt.date, due_date: dt.date | None, target: float, target_label: str
) -> list[dict]:
    """Recorded numbers, each labelled with its update's status; an update with no number is marked on the axis
    ("Limited, no number"); the target as a line; the pace rule's straight line where there is a deadline."""
    counted_rows = effective[effective["progress_value"].notna()]
    uncounted = effective[effective["progress_value"].isna()]
    end = max(due_date or made_on, *effective["as_of"], made_on)
    data: list[dict] = []
    if due_date is not None:
        data.append(
            {
                "type": "scatter",
                "x": [made_on, due_date],
                "y": [0, target],
                "mode": "lines",
                "name": "Straight line to the target (on pace)",
                "line": {"color": "#555555", "dash": "dot", "width": 1.5},
                "hoverinfo": "skip",
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": [made_on, end],
            "y": [target, target],
            "mode": "lines",
            "name": plot_text(f"Target: {target_label}"),
            "line": {"color": "#555555", "dash": "dash", "width": 1.5},
            "hoverinfo": "skip",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": list(counted_rows["as_of"]),
            "y": list(counted_rows["progress_value"]),
            "mode": "lines+markers+text",
            "name": "Recorded progress, with the update's status",
            "line": {"color": OKABE_ITO[0], "width": 3},
            "marker": {"size": 10, "color": OKABE_ITO[0]},
            "text": [
                f"{STATUS_LABELS[s]}: {v:,g}"
                for s, v in zip(counted_rows["status"], counted_rows["progress_value"], strict=True)
            ],
            "textposition": "top left",
            "hovertemplate": "%{x|%-d %b %Y}: %{text}<extra></extra>",
        }
    )
    if len(uncounted):
        data.append(
            {
                "type": "scatter",
                "x": list(uncounted["as_of"]),
                "y": [0] * len(uncounted),
                "mode": "markers+text",
                "name": "An update with no number recorded",
                "marker": {"size": 10, "symbol": "circle-open", "color": OKABE_ITO[1], "line": {"width": 2}},
                "text": [f"{STATUS_LABELS[s]}, no number" for s in uncounted["status"]],
                "textposition": "top left",
                "hovertemplate": "%{x|%-d %b %Y}: %{text}<extra></extra>",
            }
        )
    return data


def timeline_summary(
    updates: pd.DataFrame, as_of: dt.date, made_on: dt.date, made_on_words: str, pace: str = ""
) -> str:
    """What the timeline shows, in a sentence; `made_on_words`: the day the commitment counts from, as every output
    writes it (words.made_on_words); `pace`: whether it is on track, in words (rules.Pace), where that applies."""
    if as_of < made_on:
        return f"Not yet made on {as_of:%-d %B %Y}: the commitment counts as made on {made_on_words}."
    effective = updates[updates["effective"] & (updates["as_of"] <= as_of)]
    if effective.empty:
        return f"No progress recorded up to {as_of:%-d %B %Y}: the commitment is not assessed." + (
            f" On track: {pace}." if pace else ""
        )
    last = effective.sort_values(["as_of", "id"]).iloc[-1]
    corrected = int((~updates["effective"]).sum())
    note = f"; {corrected} update{'s' if corrected != 1 else ''} corrected since" if corrected else ""
    return (
        f"{len(effective)} update{'s' if len(effective) != 1 else ''} up to {as_of:%-d %B %Y}; the latest, as of "
        f"{last['as_of']:%-d %B %Y}, says {STATUS_LABELS[last['status']].lower()}{note}."
    ) + (f" On track: {pace}." if pace else "")
