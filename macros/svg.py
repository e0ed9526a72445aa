"""Vega-Lite spec -> SVG at build time, cached by content so that a rebuild renders only what changed."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import vl_convert

CACHE_VERSION = "1"
IDS = re.compile(r'\bid="([^"]+)"')


class SvgRenderer:
    """Renders specs to SVG, keeping a cache on disk and counting the time spent rendering."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self.seconds = 0.0
        self.rendered = 0
        self.cached = 0

    def render(self, spec: dict, prefix: str) -> str:
        text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(f"{CACHE_VERSION}|{vl_convert.__version__}|{prefix}|{text}".encode()).hexdigest()
        path = self.cache_dir / f"{key}.svg" if self.cache_dir else None
        if path is not None and path.is_file():
            self.cached += 1
            return path.read_text(encoding="utf-8")
        start = time.perf_counter()
        svg = prefix_ids(vl_convert.vegalite_to_svg(spec), prefix)
        self.seconds += time.perf_counter() - start
        self.rendered += 1
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(svg, encoding="utf-8")
        return svg

    def png(self, svg: str) -> bytes:
        """The chart as PNG, for readers who need a picture; cached like the SVG."""
        key = hashlib.sha256(f"{CACHE_VERSION}|png|{vl_convert.__version__}|{svg}".encode()).hexdigest()
        path = self.cache_dir / f"{key}.png" if self.cache_dir else None
        if path is not None and path.is_file():
            return path.read_bytes()
        start = time.perf_counter()
        data = vl_convert.svg_to_png(svg, scale=2)
        self.seconds += time.perf_counter() - start
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return data

    def javascript_bundle(self) -> str:
        """vega, vega-lite and vega-embed as one script for the live charts; making it takes
        seconds, so it is kept in the cache, once per vl-convert version."""
        path = self.cache_dir / f"vega-bundle-{vl_convert.__version__}.js" if self.cache_dir else None
        if path is not None and path.is_file():
            return path.read_text(encoding="utf-8")
        bundle = vl_convert.javascript_bundle()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(bundle, encoding="utf-8")
        return bundle


def prefix_ids(svg: str, prefix: str) -> str:
    """Give every id in the SVG a per-chart prefix: vl-convert numbers them per process (clip1…),
    so two charts on one page would otherwise share ids."""
    for old in set(IDS.findall(svg)):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg
