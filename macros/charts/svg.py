"""Charts at build time: Vega-Lite specs, SVG and PNG (and the web fonts that draw the SVGs), each
kept in a cache on disk under a key made from its content, so that a rebuild makes again only what
changed."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import fontTools
import uharfbuzz
import vl_convert

from .font import WEIGHTS, chart_font, chart_text, check_glyphs, web_font

CACHE_VERSION = "4"
IDS = re.compile(r'\bid="([^"]+)"')
BINARY = (".png", ".woff")
# What a live chart may draw that its static SVGs do not: vega lays it out again at the column's
# width, which can give other tick values and cut a long label short with an ellipsis.
LIVE_EXTRA = "0123456789.,-−%…"


@dataclass(frozen=True)
class WebFont:
    """One weight of the chart font, cut for one page: its file name, CSS weight and WOFF bytes."""

    name: str
    weight: int
    data: bytes


def content_key(*parts: str) -> str:
    return hashlib.sha256("|".join([CACHE_VERSION, *parts]).encode()).hexdigest()


class SvgRenderer:
    """Makes chart files through the cache, counting what it rendered and the time it took."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        # Registered before the first chart: vl-convert then measures and draws with it.
        self.font = chart_font()
        self.seconds = 0.0
        self.rendered = 0
        self.cached = 0

    def through_cache(self, name: str, make: Callable[[], str | bytes]) -> str | bytes:
        """The cached file `name`, or what `make` returns (then stored under that name)."""
        path = self.cache_dir / name if self.cache_dir else None
        binary = name.endswith(BINARY)
        if path is not None and path.is_file():
            return path.read_bytes() if binary else path.read_text(encoding="utf-8")
        made = make()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and moved into place: builds that share a cache (a preview next to a
            # build, parallel test workers) never read a half-written file.
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            if binary:
                partial.write_bytes(made)
            else:
                partial.write_text(made, encoding="utf-8")
            os.replace(partial, path)
        return made

    def render(self, spec: dict, prefix: str, check: Callable[[], None] | None = None) -> str:
        """The spec drawn as SVG, its ids given `prefix`. The cache keeps the drawing without the
        prefix, so that one spec shown under two names (a copied document's chart) is drawn once.
        `check` runs before the spec is drawn, and only then: a drawing in the cache is of a spec
        that passed it when it was drawn, as the cache's key is the spec itself."""
        text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        name = content_key(vl_convert.__version__, self.font.version, text) + ".svg"
        fresh = self.rendered

        def make() -> str:
            if check is not None:
                check()
            self.rendered += 1
            return self.timed(lambda: vl_convert.vegalite_to_svg(spec))

        svg = prefix_ids(self.through_cache(name, make), prefix)
        self.cached += self.rendered == fresh
        check_glyphs(svg, prefix)
        return svg

    def png(self, svg: str) -> bytes:
        """The chart as PNG at twice its size, sharp enough for a slide."""
        name = content_key("png", vl_convert.__version__, self.font.version, svg) + ".png"
        return self.through_cache(name, lambda: self.timed(lambda: vl_convert.svg_to_png(svg, scale=2)))

    def javascript_bundle(self) -> str:
        """vega, vega-lite and vega-embed as one script for the live charts; making it takes
        seconds, so it is kept once per vl-convert version."""
        return self.through_cache(f"vega-bundle-{vl_convert.__version__}.js", vl_convert.javascript_bundle)

    def web_fonts(self, html: str) -> list[WebFont]:
        """The chart font cut down to the characters that the charts in `html` (a page) draw, as
        WOFF files for the browser, named by what they hold: a page fetches a few kilobytes for its
        own charts instead of one font for the whole site's. Each cut is kept in the cache."""
        drawn = "".join(sorted(set(chart_text(html)) | set(LIVE_EXTRA)))
        key = content_key("woff", self.font.version, uharfbuzz.__version__, fontTools.version, drawn)
        fonts = []
        for name, weight in WEIGHTS.items():
            woff = f"{key[:16]}-{name.removesuffix('.otf')}.woff"
            data = self.through_cache(f"{key}-{woff}", lambda name=name: web_font(name, drawn))
            fonts.append(WebFont(woff, weight, data))
        return fonts

    def timed(self, work: Callable[[], str | bytes]) -> str | bytes:
        start = time.perf_counter()
        result = work()
        self.seconds += time.perf_counter() - start
        return result


def prefix_ids(svg: str, prefix: str) -> str:
    """Give every id in the SVG a per-chart prefix: vl-convert numbers them per process (clip1…),
    so two charts on one page would otherwise share ids."""
    for old in set(IDS.findall(svg)):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg
