-- The team server's authorized keys: each SSH public key lets one coder in,
-- with that coder's role (docs/SERVE.md).
CREATE TABLE team_keys (
	id          TEXT PRIMARY KEY,
	coder_id    TEXT NOT NULL REFERENCES coders(id),
	-- SHA256:… as ssh-keygen -l prints it; one key belongs to one coder.
	fingerprint TEXT NOT NULL UNIQUE,
	-- The key in authorized_keys format ("ssh-ed25519 AAAA… comment").
	public_key  TEXT NOT NULL,
	added_by    TEXT NOT NULL DEFAULT '',
	added_at    TEXT NOT NULL
);
CREATE INDEX team_keys_coder ON team_keys(coder_id);
