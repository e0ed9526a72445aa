"""Layer 4, the HTML: tables, charts, findings, citations and whole generated pages as finished
HTML, from the catalog, the page index and the chart registry (the documents are layer 3)."""
