"""The stylesheet of the one-page HTML export: inline, so the page needs nothing from
elsewhere; a dark mode and a print layout."""

STYLE = """
:root { color-scheme: light dark; --muted: #5f6b7a; --accent: #1f4e8c; }
@media (prefers-color-scheme: dark) { :root { --muted: #a9b4c2; --accent: #8db8ff; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { margin-bottom: 0; } h2 { color: var(--accent); border-bottom: 1px solid; margin-top: 2rem; }
h3, h4 { margin: 1rem 0 0; font-size: 1rem; }
a { color: var(--accent); }
.headline { margin: 0; font-size: 1.15rem; }
.contact { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.when, .muted { color: var(--muted); margin: 0; }
article p { margin: 0; }
ul, ol { margin: .3rem 0; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""
