"""The interop wing: other formats in and out (JSON Resume, BibTeX into a record file,
text/Markdown/HTML exports, the starter record). Imports the record wing and the spine's
errors, options, select and publish; never latex (only through build) or cli."""
