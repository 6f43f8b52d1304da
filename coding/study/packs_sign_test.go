package study

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/store"
)

// signedRound is a master with ben's and carl's work (blinding on), and a
// copy that ben made for himself, in which he coded once more.
type signedRound struct {
	copyProject
	copy  *Study
	added store.Coding // ben's new coding in his copy
}

func newSignedRound(t *testing.T) signedRound {
	t.Helper()
	r := signedRound{copyProject: newCopyProject(t)}
	ctx := t.Context()
	out := filepath.Join(t.TempDir(), "ben.focal")
	made, err := r.st.Copy(ctx, As("ben"), CopyRequest{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if made.Key == "" {
		t.Fatal("ben's copy has no key")
	}
	if r.copy, err = Open(ctx, out); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.copy.Close() })
	sp := r.span(t, "Second sentence here.")
	res, err := r.copy.AddCoding(ctx, As("ben"), store.NewCoding{Source: "fg01", Code: "isolation", Start: sp.Start, End: sp.End})
	if err != nil {
		t.Fatal(err)
	}
	r.added = res.Coding
	return r
}

// pack is ben's pack, as written to a file and read back.
func (r signedRound) pack(t *testing.T) *pack.Pack {
	t.Helper()
	pk, err := r.copy.MakePack(t.Context(), As("ben"), store.PackRequest{Coder: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	return roundTrip(t, pk)
}

func roundTrip(t *testing.T, pk *pack.Pack) *pack.Pack {
	t.Helper()
	var buf bytes.Buffer
	if err := pack.Write(&buf, pk); err != nil {
		t.Fatal(err)
	}
	back, err := pack.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// state is what a refused merge must leave as it was: every event and
// every coding of the master, read with SQL.
func state(t *testing.T, st *Study) string {
	t.Helper()
	db, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var events, codings string
	if err := db.QueryRow(`SELECT count(*) || ':' || coalesce(max(seq), 0) FROM events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT coalesce(group_concat(id || start || end || coder_id, ','), '') FROM (SELECT * FROM codings ORDER BY id)`).Scan(&codings); err != nil {
		t.Fatal(err)
	}
	return events + " " + codings
}

// edit changes the data of the pack's events of one kind.
func edit(pk *pack.Pack, kind event.Kind, change func(map[string]any)) {
	for i, e := range pk.Events {
		if e.Kind != kind {
			continue
		}
		raw := e.After
		if len(raw) == 0 {
			raw = e.Before
		}
		var m map[string]any
		json.Unmarshal(raw, &m)
		change(m)
		b, _ := json.Marshal(m)
		if len(e.After) > 0 {
			pk.Events[i].After = b
		} else {
			pk.Events[i].Before = b
		}
		if id, ok := m["id"].(string); ok {
			pk.Events[i].EntityID = id
		}
	}
}

// ownKey is the key of ben's copy, which a hostile ben holds.
func (r signedRound) ownKey(t *testing.T) store.CopyKey {
	t.Helper()
	k, ok, err := r.copy.store.OwnCopyKey(t.Context())
	if err != nil || !ok {
		t.Fatalf("ben's copy's key: %v %v", ok, err)
	}
	return k
}

// Issue 22: the master takes a pack only from the copy it made for the
// pack's coder, unchanged, and only for that coder's layer. Whatever it
// refuses, it refuses whole, and nothing changes.
func TestMergeTakesOnlySignedPacksOfTheirCoder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		forge  func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack
		opts   store.MergeOptions
		refuse string // "" when the merge is taken
	}{
		{name: "ben's pack as made", forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack { return pk }},
		{name: "signed with another key under the same key id", refuse: "does not match its signature",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				if err := pk.Sign(pk.Header.Signature.Key, []byte("a key ben made up, 32 bytes long")); err != nil {
					t.Fatal(err)
				}
				return pk
			}},
		{name: "signed with a key the master never gave", refuse: "never gave to a copy",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				if err := pk.Sign(uuid.NewString(), []byte("a key ben made up, 32 bytes long")); err != nil {
					t.Fatal(err)
				}
				return pk
			}},
		{name: "a span changed after signing", refuse: "does not match its signature",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				edit(pk, event.CodingAdded, func(m map[string]any) { m["end"] = m["end"].(float64) - 1 })
				return roundTrip(t, pk)
			}},
		{name: "naming carl, signed in ben's copy", refuse: "signed in the copy made for ben",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				carl, err := r.st.store.Coder(t.Context(), "carl")
				if err != nil {
					t.Fatal(err)
				}
				pk.Header.Coder = pack.Coder{ID: carl.ID, Name: "carl", Role: "coder"}
				var codings []pack.Event
				for _, e := range pk.Events {
					if e.Kind == event.CodingAdded {
						codings = append(codings, e)
					}
				}
				pk.Events = codings
				edit(pk, event.CodingAdded, func(m map[string]any) { m["coder"] = "carl" })
				k := r.ownKey(t)
				if err := pk.Sign(k.ID, k.Secret); err != nil {
					t.Fatal(err)
				}
				return roundTrip(t, pk)
			}},
		{name: "removing carl's coding, signed by ben", refuse: "writes only its own coder's",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				k := r.ownKey(t)
				c := r.carl
				rec := map[string]any{"id": c.ID, "code": c.Code, "code_id": c.CodeID, "coder": "ben", "source": c.Source, "source_id": c.SourceID, "start": c.Start, "end": c.End, "memo": ""}
				b, _ := json.Marshal(rec)
				last := pk.Events[len(pk.Events)-1]
				pk.Events = append(pk.Events, pack.Event{Seq: last.Seq + 1, ID: uuid.NewString(), At: last.At, Actor: "ben",
					Kind: event.CodingRemoved, EntityID: c.ID, Before: b})
				if err := pk.Sign(k.ID, k.Secret); err != nil {
					t.Fatal(err)
				}
				return roundTrip(t, pk)
			}},
		{name: "adding a coding under carl's coding's id, signed by ben", refuse: "writes only its own coder's",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				edit(pk, event.CodingAdded, func(m map[string]any) { m["id"] = r.carl.ID })
				k := r.ownKey(t)
				if err := pk.Sign(k.ID, k.Secret); err != nil {
					t.Fatal(err)
				}
				return roundTrip(t, pk)
			}},
		{name: "a memo on carl's coding, signed by ben", refuse: "writes only its own coder's",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				k := r.ownKey(t)
				ben, _ := r.st.store.Coder(t.Context(), "ben")
				id := uuid.NewString()
				b, _ := json.Marshal(map[string]any{"id": id, "author": "ben", "author_id": ben.ID, "body": "seen", "target_kind": "coding", "target_id": r.carl.ID})
				last := pk.Events[len(pk.Events)-1]
				pk.Events = append(pk.Events, pack.Event{Seq: last.Seq + 1, ID: uuid.NewString(), At: last.At, Actor: "ben", Kind: event.MemoAdded, EntityID: id, After: b})
				if err := pk.Sign(k.ID, k.Secret); err != nil {
					t.Fatal(err)
				}
				return roundTrip(t, pk)
			}},
		{name: "unsigned, as from a copy of an earlier release", refuse: "is not signed",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				pk.Header.Signature = nil
				return roundTrip(t, pk)
			}},
		{name: "unsigned, taken with --unsigned", opts: store.MergeOptions{Unsigned: true},
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				pk.Header.Signature = nil
				return roundTrip(t, pk)
			}},
		{name: "unsigned and removing carl's coding, with --unsigned", opts: store.MergeOptions{Unsigned: true}, refuse: "writes only its own coder's",
			forge: func(t *testing.T, r signedRound, pk *pack.Pack) *pack.Pack {
				edit(pk, event.CodingAdded, func(m map[string]any) { m["id"] = r.carl.ID })
				pk.Header.Signature = nil
				return roundTrip(t, pk)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newSignedRound(t)
			ctx := t.Context()
			pk := tc.forge(t, r, r.pack(t))
			before := state(t, r.st)
			opts := tc.opts
			opts.File = "ben.focalpack"
			rep, err := r.st.MergePack(ctx, As("amara"), pk, opts)
			if tc.refuse != "" {
				if !errors.Is(err, ErrPackRefused) || !strings.Contains(err.Error(), tc.refuse) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("merge: %v; want a one-line refusal saying %q", err, tc.refuse)
				}
				if after := state(t, r.st); after != before {
					t.Errorf("a refused merge changed the master:\n%s\n%s", before, after)
				}
				if _, err := r.st.store.Coding(ctx, r.carl.ID); err != nil {
					t.Errorf("carl's coding after the refusal: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("merge: %v", err)
			}
			if rep.CodingsAdded != 1 {
				t.Errorf("the merge added %d codings, want ben's 1", rep.CodingsAdded)
			}
			if _, err := r.st.store.Coding(ctx, r.added.ID); err != nil {
				t.Errorf("ben's new coding is not in the master: %v", err)
			}
			merged := lastEvent(t, ctx, r.st, event.PackMerged)
			var after struct {
				Signed *bool `json:"signed"`
			}
			if err := json.Unmarshal(merged, &after); err != nil || after.Signed == nil || *after.Signed != !opts.Unsigned {
				t.Errorf("the merge's event says signed %v (%s), want %v", after.Signed, merged, !opts.Unsigned)
			}
		})
	}
}

func lastEvent(t *testing.T, ctx context.Context, st *Study, kind event.Kind) json.RawMessage {
	t.Helper()
	events, err := st.store.Events(ctx, "", string(kind), 0)
	if err != nil || len(events) == 0 {
		t.Fatalf("no %s event: %v", kind, err)
	}
	return events[len(events)-1].After
}

// A copy is for one coder: its packs carry that coder's work only, and
// are signed with its key; a project without a key (the master) makes
// unsigned packs.
func TestPackIsSignedForTheCopysCoderOnly(t *testing.T) {
	t.Parallel()
	p := newCopyProject(t)
	p.unblind(t)
	ctx := t.Context()
	out := filepath.Join(t.TempDir(), "ben.focal")
	if _, err := p.st.Copy(ctx, As("amara"), CopyRequest{Out: out, Coder: "ben"}); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pk, err := c.MakePack(ctx, As("ben"), store.PackRequest{Coder: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	if pk.Header.Signature == nil {
		t.Fatal("ben's pack from ben's copy is not signed")
	}
	if _, err := c.MakePack(ctx, As("amara"), store.PackRequest{Coder: "carl"}); err == nil || !strings.Contains(err.Error(), "this copy was made for ben") {
		t.Errorf("carl's work packed in ben's copy: %v", err)
	}
	master, err := p.st.MakePack(ctx, As("amara"), store.PackRequest{Coder: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	if master.Header.Signature != nil {
		t.Error("a pack made in the master is signed")
	}
}

// Issue 22: the member-check secret and the keys of copies never leave
// the master: a copy (with or without blinding) holds only its own key.
func TestCopyHoldsNoSecretOfTheMaster(t *testing.T) {
	t.Parallel()
	for _, blind := range []bool{true, false} {
		p := newCopyProject(t)
		if !blind {
			p.unblind(t)
		}
		ctx := t.Context()
		dir := t.TempDir()
		carlCopy := filepath.Join(dir, "carl.focal")
		if _, err := p.st.Copy(ctx, As("carl"), CopyRequest{Out: carlCopy}); err != nil {
			t.Fatal(err)
		}
		benCopy := filepath.Join(dir, "ben.focal")
		made, err := p.st.Copy(ctx, As("ben"), CopyRequest{Out: benCopy})
		if err != nil {
			t.Fatal(err)
		}
		carlKey := keysIn(t, p.st.Path())
		if len(carlKey) != 2 {
			t.Fatalf("blind %v: the master keeps %d copy keys, want 2 (carl's and ben's)", blind, len(carlKey))
		}
		data, err := os.ReadFile(benCopy)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(p.secret)) {
			t.Errorf("blind %v: ben's copy holds the member-check secret", blind)
		}
		for id, secret := range carlKey {
			if in := bytes.Contains(data, []byte(secret)); in != (id == made.Key) {
				t.Errorf("blind %v: ben's copy holds key %s (its own is %s): %v", blind, id, made.Key, in)
			}
		}
		if n := len(keysIn(t, benCopy)); n != 0 {
			t.Errorf("blind %v: ben's copy has %d rows of copy keys", blind, n)
		}
		db, err := sql.Open("sqlite", benCopy)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM settings WHERE key = 'membercheck.secret'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("blind %v: the member-check secret in ben's copy's settings: %d %v", blind, n, err)
		}
		db.Close()
	}
}

// keysIn reads a project file's copy keys, id → secret (hex), with SQL.
func keysIn(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, secret FROM copy_keys`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, secret string
		if err := rows.Scan(&id, &secret); err != nil {
			t.Fatal(err)
		}
		if _, err := hex.DecodeString(secret); err != nil || len(secret) != 64 {
			t.Errorf("key %s is not 32 bytes in hex: %q", id, secret)
		}
		out[id] = secret
	}
	return out
}
