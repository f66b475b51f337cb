"""The parser's version, stored with every record it makes: bump it whenever a change can
alter a record, so the archive can tell parser changes from agencies' edits."""

PARSER_VERSION = "0.3.0"
