"""Layer 2, the charts: the chart registry, the chart font and drawing specs as SVG and PNG."""
