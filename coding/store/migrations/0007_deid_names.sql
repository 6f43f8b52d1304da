-- The project's name list for de-identification (docs/PRIVACY.md): names
-- researchers know identify someone though no transcript labels them (a
-- participant's nickname, a person mentioned, a town, a hospital). They
-- are matched whatever their case and accents, so one entry per folded
-- form (lower case, no accents: corpus.FoldWord of each word).
CREATE TABLE deid_names (
	id             TEXT PRIMARY KEY,
	name           TEXT NOT NULL,
	folded         TEXT NOT NULL UNIQUE,
	-- name (a participant's other name), person, place or organisation.
	kind           TEXT NOT NULL,
	-- The participant whose nickname it is; their pseudonym replaces it.
	participant_id TEXT REFERENCES participants(id),
	-- What replaces it; empty: the participant's pseudonym, or the
	-- placeholder of its kind ([place], [institution], [name]).
	replacement    TEXT NOT NULL DEFAULT '',
	added_by       TEXT NOT NULL DEFAULT '',
	added_at       TEXT NOT NULL
);
