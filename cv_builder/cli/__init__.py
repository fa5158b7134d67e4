"""The face: the installed command (entry: the quick no-op answer), the click commands,
building many records, watch mode. May import everything; nothing imports it. Kept empty:
the no-op path imports cli.entry and must not load click."""
