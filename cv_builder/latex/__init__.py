"""The LaTeX wing: turn a view of the record into checked PDFs (escaping, markup to
LaTeX, Jinja rendering, precompiled formats, TeX runs, auto-fit, checks). Imports the
record wing and the spine's errors, options, select and stamp; never interop or cli."""
