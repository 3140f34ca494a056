"""Column names of psm_qual's long-format tables, defined once.

Every DataFrame that crosses a module boundary uses these names; import them rather than typing
the strings.
"""

from __future__ import annotations

# Sources table: one row per source file (contract 1).
SOURCE_ID = "source_id"
INFORMANT = "informant"
GROUP = "group"
TECHNIQUE = "technique"
DATE = "date"
LANGUAGE = "language"
TITLE = "title"
PATH = "path"
FORMAT = "format"
SOURCE_COLUMNS = (SOURCE_ID, INFORMANT, GROUP, TECHNIQUE, DATE, LANGUAGE, TITLE, PATH, FORMAT)

# Segments table: one row per segment (contract 2).
SEGMENT_ID = "segment_id"
START = "start"
END = "end"
SPEAKER = "speaker"
TEXT = "text"
ROLE = "role"  # "informant" or "interviewer" (turn role, not a PSM role)
TIMESTAMP = "timestamp"  # captions and chat messages; empty otherwise
SEGMENT_COLUMNS = (
    SEGMENT_ID, SOURCE_ID, START, END, SPEAKER, TEXT, INFORMANT, GROUP, TECHNIQUE, LANGUAGE,
)
SEGMENT_EXTRA_COLUMNS = (ROLE, TIMESTAMP)
MEDIA = "media"  # bool: a chat message that is a media placeholder (optional column)

# Codings table: one row per (span, code, coder) (contract 4). The first five are required.
CODE = "code"
CODER = "coder"
MEMO = "memo"
CREATED_AT = "created_at"
CODING_COLUMNS = (SOURCE_ID, START, END, CODE, CODER, MEMO, CREATED_AT)
CODING_REQUIRED = CODING_COLUMNS[:5]

# Informants table (informants.csv).
INFORMANT_ID = "id"
LABEL = "label"
DESCRIPTION = "description"
INFORMANT_COLUMNS = (INFORMANT_ID, GROUP, LABEL, DESCRIPTION)

TECHNIQUES = ("interview", "observation", "documentation")
INTERVIEWER_ROLE = "interviewer"
INFORMANT_ROLE = "informant"
