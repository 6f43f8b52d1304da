-- The keys of offline copies (docs/PACKS.md, "Signatures"). Every
-- `focal copy` for a coder gets a key of its own: the master keeps it here,
-- the copy keeps it in `settings` (key `copy.key`), and every pack made in
-- the copy is signed with it (HMAC-SHA256), so that the master takes a
-- coder's work only from the copy it made for that coder, unchanged.
-- Copies never hold this table's rows.
CREATE TABLE copy_keys (
	id       TEXT PRIMARY KEY,          -- named in a pack's signature
	coder_id TEXT NOT NULL REFERENCES coders(id),
	secret   TEXT NOT NULL,             -- 32 random bytes, hex
	file     TEXT NOT NULL DEFAULT '',  -- the copy's file name, for people
	made_by  TEXT NOT NULL DEFAULT '',
	made_at  TEXT NOT NULL
);
CREATE INDEX copy_keys_coder ON copy_keys(coder_id);
