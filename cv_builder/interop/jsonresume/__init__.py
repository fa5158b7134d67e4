"""JSON Resume (schema v1.0.0) in and out: read.py makes a record of a resume.json,
write.py a resume.json of a record; here, what both sides share.

Why the leftovers: each side holds facts the other has no place for. Every such field
is named in a warning (and on import kept as a comment at the end of the record), so
nothing is ever dropped silently.
"""

from __future__ import annotations

from ..conversion import SELECTION_FIELDS, Conversion  # noqa: F401  (shared with rendercv)

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
VERSION = "v1.0.0"

# Tags that send an entry to a JSON Resume section on export: imports made before the
# record had sections of its own put volunteer work, certificates... there this way.
VOLUNTEER, CERTIFICATE, LANGUAGES, INTERESTS = "volunteer", "certificate", "languages", "interests"
TALK_TYPES = ("talk", "presentation")
OPEN_SOURCE_TYPE = "open source"
ROLE_SEPARATOR = "; "  # project roles: a list in JSON Resume, one text in the record
