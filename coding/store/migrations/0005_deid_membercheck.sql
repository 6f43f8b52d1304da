-- De-identification and member checking (docs/PRIVACY.md): what may
-- identify someone in the text and the researchers' decisions on it, the
-- project's word and allow lists, withdrawals, member-check packets sent,
-- quotes cleared for other participants' packets, and the answers.
-- Project-wide values (the packet signing secret, the packet
-- introductions per language) live in `settings`.

-- One place in a source's stored text that may identify someone.
CREATE TABLE deid_findings (
	id             TEXT PRIMARY KEY,
	source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	turn_seq       INTEGER NOT NULL,
	-- Code points in the stored text, half-open.
	start          INTEGER NOT NULL,
	end            INTEGER NOT NULL CHECK (end > start),
	-- Which occurrence of text inside its turn (0 = first), so that the
	-- finding is found again after a correction moved the text.
	occurrence     INTEGER NOT NULL DEFAULT 0,
	text           TEXT NOT NULL,
	kind           TEXT NOT NULL,   -- name, person, place, organisation, email, phone, url, listed
	detector       TEXT NOT NULL,   -- known-name, ner, honorific, word-list, pattern
	-- The replacement; empty for a participant's name means "the
	-- participant's pseudonym at the time of export".
	replacement    TEXT NOT NULL DEFAULT '',
	participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
	status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'applied')),
	found_at       TEXT NOT NULL,
	decided_by     TEXT NOT NULL DEFAULT '',
	decided_at     TEXT NOT NULL DEFAULT '',
	reason         TEXT NOT NULL DEFAULT '',
	UNIQUE (source_id, start, end)
);
CREATE INDEX deid_findings_status ON deid_findings(status);

-- The project's own list of words that identify someone (a street, a
-- ward, a nickname), each with its replacement; they are replaced
-- wherever they occur when text is rendered for export.
CREATE TABLE deid_words (
	id          TEXT PRIMARY KEY,
	text        TEXT NOT NULL UNIQUE,
	replacement TEXT NOT NULL,
	kind        TEXT NOT NULL DEFAULT 'listed',
	added_by    TEXT NOT NULL DEFAULT '',
	added_at    TEXT NOT NULL
);

-- Reviewed exceptions for the gate: a word that is a name but also a
-- common word ("Hope", "Luz"), allowed everywhere or only inside a phrase.
CREATE TABLE deid_allowed (
	id       TEXT PRIMARY KEY,
	word     TEXT NOT NULL,
	phrase   TEXT NOT NULL DEFAULT '',
	reason   TEXT NOT NULL,
	added_by TEXT NOT NULL DEFAULT '',
	added_at TEXT NOT NULL,
	UNIQUE (word, phrase)
);

-- A participant who withdrew from the study as a whole. Quote-by-quote
-- withdrawals are member-check answers ("remove").
CREATE TABLE withdrawals (
	participant_id TEXT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
	reason         TEXT NOT NULL DEFAULT '',
	withdrawn_by   TEXT NOT NULL DEFAULT '',
	withdrawn_at   TEXT NOT NULL
);

-- A member-check packet written for a participant.
CREATE TABLE participant_packets (
	id             TEXT PRIMARY KEY,
	participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	language       TEXT NOT NULL,
	themes         INTEGER NOT NULL,
	quotes         INTEGER NOT NULL,
	files          TEXT NOT NULL DEFAULT '[]',  -- JSON list of the files written
	created_by     TEXT NOT NULL DEFAULT '',
	created_at     TEXT NOT NULL
);
CREATE INDEX participant_packets_participant ON participant_packets(participant_id);

-- A coding whose words a researcher cleared to be shown, unattributed, to
-- other participants in the group summary of their packets.
CREATE TABLE quote_clearances (
	coding_id  TEXT PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
	cleared_by TEXT NOT NULL DEFAULT '',
	cleared_at TEXT NOT NULL
);

-- The current answer of a participant to one item of their packet: a theme
-- ("does this reflect your experience?") or one of their quotes (keep,
-- remove, edit). Every change is also an event.
CREATE TABLE member_check_answers (
	id             TEXT PRIMARY KEY,
	participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	item           TEXT NOT NULL CHECK (item IN ('theme', 'quote')),
	theme_id       TEXT NOT NULL DEFAULT '',
	-- For quotes: the coding, its source and the quote's span (code points)
	-- and the SHA-256 of the source text when the packet was written.
	coding_id      TEXT NOT NULL DEFAULT '',
	source_id      TEXT NOT NULL DEFAULT '',
	start          INTEGER NOT NULL DEFAULT 0,
	end            INTEGER NOT NULL DEFAULT 0,
	source_sha256  TEXT NOT NULL DEFAULT '',
	quote          TEXT NOT NULL DEFAULT '',
	-- yes, partly, no (themes); keep, remove, edit (quotes); '' = no choice.
	answer         TEXT NOT NULL DEFAULT '',
	-- What the participant would change or add (themes), or their corrected
	-- wording (quotes).
	comment        TEXT NOT NULL DEFAULT '',
	packet_id      TEXT NOT NULL DEFAULT '',
	via            TEXT NOT NULL DEFAULT '',    -- workbook, paper, phone, html, …
	received_at    TEXT NOT NULL,
	recorded_by    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX member_check_answers_item ON member_check_answers(participant_id, item, theme_id, coding_id, start, end);
