-- Suggestions of passages to code (docs/ANALYSIS.md, "Suggestions"): the
-- passages a coder said are not for a code, so that they are never
-- suggested again for it. Each row is a coder's own judgement, their work
-- like a coding: under blinding nobody else sees it, and a copy made for
-- another coder leaves it out. Positions are code points in the stored
-- text, half-open, as for codings; a rejection is made and undone by its
-- events (suggestion.rejected, undo).
CREATE TABLE suggestion_rejects (
	id          TEXT PRIMARY KEY,
	code_id     TEXT NOT NULL,
	source_id   TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	coder_id    TEXT NOT NULL REFERENCES coders(id),
	start       INTEGER NOT NULL,
	end         INTEGER NOT NULL CHECK (end > start),
	rejected_at TEXT NOT NULL,
	UNIQUE (code_id, source_id, coder_id, start, end)
);
CREATE INDEX suggestion_rejects_code ON suggestion_rejects(code_id);
