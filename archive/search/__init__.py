"""Full-text search over report versions: `tokens` (what a text is cut into), `index` (the
write side, kept in step with every new version), `query` (the read side) and `snippets`."""
