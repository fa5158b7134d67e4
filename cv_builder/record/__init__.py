"""The record wing: read and check a person's record (YAML with positions, the model, dates,
validation, the variants it declares, its .bib). Imports only errors and options from
the spine, and neither Jinja2 nor subprocess nor any other wing."""
