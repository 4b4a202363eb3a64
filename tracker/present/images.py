"""Chart images (PNG, SVG) rendered by plotly through kaleido and Debian's Chromium.

Starting the browser costs seconds; rendering a chart once it runs costs about a tenth of one. So the rendering
server starts once per process, on the first image, and serves every image after it: a deck, a brief, or the
dashboard's downloads. Nothing is fetched from the network: plotly.js comes from the installed package, MathJax
(by default a CDN script) is turned off, and kaleido finds /usr/bin/chromium itself.
"""

import hashlib
import re
import shutil
import threading
import warnings

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from tracker.domain.errors import TrackerError

# Presentation resolution: 16:9, sharp on a projector and in a slide.
PRESENTATION_WIDTH = 1600
PRESENTATION_HEIGHT = 900
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

_lock = threading.Lock()
_started = False


class ImageUnavailable(TrackerError, RuntimeError):
    """Images cannot be rendered here; the message says what to install."""


def _ensure_server() -> None:
    global _started
    with _lock:
        if _started:
            return
        if not any(shutil.which(path) for path in CHROMIUM_PATHS):
            raise ImageUnavailable("chart images need Chromium: install it with `apt-get install -y chromium`")
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started = True


def warm_up() -> None:
    """Start the rendering server in the background, so that the browser starts while the caller reads its data
    (a brief's queries take about as long as the start). A problem is left for the first render to report."""

    def start() -> None:
        try:
            _ensure_server()
        except Exception:
            pass

    threading.Thread(target=start, name="image-renderer-start", daemon=True).start()


def render(
    fig: go.Figure, fmt: str = "png", *, width: int = PRESENTATION_WIDTH, height: int = PRESENTATION_HEIGHT
) -> bytes:
    """The figure as PNG or SVG bytes of exactly width x height pixels."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}: png or svg")
    _ensure_server()
    sized = go.Figure(fig).update_layout(width=width, height=height)
    with warnings.catch_warnings():
        # plotly passes its own options, which a running server does not need; it warns that it ignores them.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        image = pio.to_image(sized, format=fmt, width=width, height=height, scale=1)
    return steady_svg(image) if fmt == "svg" else image


_DRAWING_ID = re.compile(rb'id="defs-([0-9a-z]+)"')


def steady_svg(image: bytes) -> bytes:
    """The SVG with the random name plotly gives each drawing (in its clip paths' ids) replaced by one made from
    the drawing itself: the same chart twice is the same bytes, and two different charts still never share ids."""
    found = _DRAWING_ID.search(image)
    if found is None:
        return image
    random_name = found.group(1)
    steady_name = hashlib.sha256(image.replace(random_name, b"")).hexdigest()[:6].encode()
    return image.replace(random_name, steady_name)
