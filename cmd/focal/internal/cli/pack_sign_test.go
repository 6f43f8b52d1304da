package cli

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/pack"
)

// Issue 22: a pack is taken only from the copy the master made for its
// coder, unchanged, and only for that coder's layer; a copy holds no
// secret of the master's. Each refusal is one line, and leaves the master
// as it was.
func TestSignedPacksEndToEnd(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal", "--title", "Signed")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ann")
	r.ok("coder", "add", "bob")
	if out := r.ok("--as", "amara", "blind"); !strings.Contains(out, "on") {
		r.ok("--as", "amara", "blind", "on")
	}
	r.ok("--as", "bob", "coding", "add", "--source", "fg01", "--code", "routine", "--quote", "Every single day.")
	bob := decode[[]struct {
		ID string `json:"id"`
	}](t, r.ok("--as", "bob", "coding", "list", "--json"))[0].ID
	master := filepath.Join(r.dir, "study.focal")
	// The project has signed a member-check packet before: it holds the
	// secret that signs them (set here as `membercheck export` would).
	masterSecret := hex.EncodeToString([]byte("the master's member-check secret"))
	sqlExec(t, master, `INSERT INTO settings(key, value) VALUES ('membercheck.secret', ?)`, masterSecret)

	// bob's copy made first, then ann's: neither holds the other's key, nor
	// the member-check secret, with blinding or without.
	if err := os.Mkdir(filepath.Join(r.dir, "copies"), 0o700); err != nil {
		t.Fatal(err)
	}
	r.ok("--as", "amara", "copy", "--out", "copies/bob.focal", "--coder", "bob")
	out := r.ok("--as", "ann", "copy", "--out", "copies/ann.focal")
	if strings.Contains(out, "no key") {
		t.Errorf("ann's copy said:\n%s", out)
	}
	keys := sqlStrings(t, master, `SELECT secret FROM copy_keys ORDER BY made_at, rowid`)
	if len(keys) != 2 {
		t.Fatalf("the master keeps %d copy keys, want bob's and ann's", len(keys))
	}
	annCopy := filepath.Join(r.dir, "copies/ann.focal")
	data, err := os.ReadFile(annCopy)
	if err != nil {
		t.Fatal(err)
	}
	for what, secret := range map[string]string{"the member-check secret": masterSecret, "bob's copy's key": keys[0]} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("ann's copy holds %s", what)
		}
	}
	if !bytes.Contains(data, []byte(keys[1])) {
		t.Error("ann's copy does not hold its own key")
	}
	if got := sqlStrings(t, annCopy, `SELECT key FROM settings WHERE key LIKE 'membercheck.secret%' UNION ALL SELECT id FROM copy_keys`); len(got) > 0 {
		t.Errorf("ann's copy holds %v", got)
	}

	// ann codes in her copy and packs her work.
	r.ok("-p", "copies/ann.focal", "--as", "ann", "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.")
	r.ok("-p", "copies/ann.focal", "--as", "ann", "pack", "--coder", "ann", "--out", "copies/ann.focalpack")
	signed := string(readFileIn(t, r.dir, "copies/ann.focalpack"))
	if !strings.Contains(strings.SplitN(signed, "\n", 2)[0], `"signature":{"key":"`) {
		t.Fatalf("ann's pack is not signed:\n%s", signed)
	}
	annID := decode[pack.Header](t, strings.SplitN(signed, "\n", 2)[0]).Coder.ID
	bobID := sqlStrings(t, master, `SELECT id FROM coders WHERE name = 'bob'`)[0]
	annKey := ownKey(t, annCopy)
	// The pack names its key; it carries no secret.
	for what, secret := range map[string]string{"the member-check secret": masterSecret, "its copy's key": hex.EncodeToString(annKey.secret)} {
		if strings.Contains(signed, secret) {
			t.Errorf("ann's pack carries %s", what)
		}
	}

	refused := func(name, file, want string, extra ...string) {
		t.Helper()
		before := sqlStrings(t, master, `SELECT count(*) || ' ' || (SELECT group_concat(id) FROM codings) FROM events`)
		errOut := r.fail(1, append([]string{"--as", "amara", "merge", file}, extra...)...)
		if !strings.HasPrefix(errOut, "focal: merge "+file+": pack refused: ") || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: merge said %q, want one line saying %q", name, errOut, want)
		}
		if after := sqlStrings(t, master, `SELECT count(*) || ' ' || (SELECT group_concat(id) FROM codings) FROM events`); after[0] != before[0] {
			t.Errorf("%s: the refused merge changed the master: %v → %v", name, before, after)
		}
	}
	// A span changed after signing.
	tampered := regexp.MustCompile(`"start":(\d+)`).ReplaceAllStringFunc(signed, func(m string) string {
		return fmt.Sprintf(`"start":%d`, atoi(t, strings.TrimPrefix(m, `"start":`))+1)
	})
	if tampered == signed {
		t.Fatal("no span in ann's pack")
	}
	r.write("copies/tampered.focalpack", tampered)
	refused("a span changed", "copies/tampered.focalpack", "does not match its signature")
	// The same pack under bob's name: signed in ann's copy.
	r.write("copies/as-bob.focalpack", strings.ReplaceAll(strings.ReplaceAll(signed, annID, bobID), `"ann"`, `"bob"`))
	refused("naming bob", "copies/as-bob.focalpack", "signed in the copy made for ann")
	// Signed with a key ann made up.
	forged := readPack(t, signed)
	if err := forged.Sign(forged.Header.Signature.Key, []byte("ann's own idea of a key")); err != nil {
		t.Fatal(err)
	}
	writePack(t, r, "copies/forged.focalpack", forged)
	refused("a made-up key", "copies/forged.focalpack", "does not match its signature")
	// ann, with her own copy's key, signs a removal of bob's coding.
	hostile := readPack(t, signed)
	src := sqlStrings(t, master, `SELECT s.id || ' ' || c.id || ' ' || g.start || ' ' || g.end FROM codings g JOIN sources s ON s.id = g.source_id JOIN codes c ON c.id = g.code_id WHERE g.id = ?`, bob)[0]
	f := strings.Fields(src)
	rec, _ := json.Marshal(map[string]any{"id": bob, "coder": "ann", "code": "routine", "code_id": f[1], "source": "fg01", "source_id": f[0], "start": atoi(t, f[2]), "end": atoi(t, f[3]), "memo": ""})
	last := hostile.Events[len(hostile.Events)-1]
	hostile.Events = append(hostile.Events, pack.Event{Seq: last.Seq + 1, ID: uuid.NewString(), At: last.At, Actor: "ann", Kind: event.CodingRemoved, EntityID: bob, Before: rec})
	if err := hostile.Sign(annKey.id, annKey.secret); err != nil {
		t.Fatal(err)
	}
	writePack(t, r, "copies/hostile.focalpack", hostile)
	refused("removing bob's coding", "copies/hostile.focalpack", "writes only its own coder's codings")
	if n := len(decode[[]any](t, r.ok("--as", "bob", "coding", "list", "--json"))); n != 1 {
		t.Errorf("bob has %d codings after ann's hostile pack, want 1", n)
	}
	// An unsigned pack, as from a copy of an earlier release: refused, and
	// taken with --unsigned, which the log records.
	unsigned := readPack(t, signed)
	unsigned.Header.Signature = nil
	writePack(t, r, "copies/old.focalpack", unsigned)
	refused("unsigned", "copies/old.focalpack", "is not signed")
	if out := r.ok("--as", "amara", "merge", "copies/old.focalpack", "--unsigned", "--dry-run"); !strings.Contains(out, "1 coding added") || !strings.Contains(out, "not signed") {
		t.Errorf("merge --unsigned --dry-run said:\n%s", out)
	}
	// ann's pack as she made it merges.
	if out := r.ok("--as", "amara", "merge", "copies/ann.focalpack"); !strings.Contains(out, "1 coding added") {
		t.Errorf("merging ann's pack said:\n%s", out)
	}
	if got := sqlStrings(t, master, `SELECT json_extract(after, '$.signed') FROM events WHERE kind = 'pack.merged'`); strings.Join(got, ",") != "1" {
		t.Errorf("the merge's event says signed %v, want 1 (true)", got)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func readFileIn(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readPack(t *testing.T, s string) *pack.Pack {
	t.Helper()
	p, err := pack.Read(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func writePack(t *testing.T, r *runner, name string, p *pack.Pack) {
	t.Helper()
	var buf bytes.Buffer
	if err := pack.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	r.write(name, buf.String())
}

type copyKey struct {
	id     string
	secret []byte
}

// ownKey reads the key a copy signs its packs with, as anyone holding the
// copy could.
func ownKey(t *testing.T, path string) copyKey {
	t.Helper()
	v := sqlStrings(t, path, `SELECT value FROM settings WHERE key = 'copy.key'`)
	if len(v) != 1 {
		t.Fatalf("%s has %d keys of its own", path, len(v))
	}
	var k struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	if err := json.Unmarshal([]byte(v[0]), &k); err != nil {
		t.Fatal(err)
	}
	secret, err := hex.DecodeString(k.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return copyKey{k.ID, secret}
}

// sqlStrings runs a query on a project file, as anyone holding it could.
func sqlStrings(t *testing.T, path, query string, args ...any) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sqlExec(t *testing.T, path, query string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}
