package study

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
)

// copyProject is newProject with ben's and carl's work: a coding each,
// with a memo in it and a coding memo on it; and the member-check secret.
type copyProject struct {
	project
	ben, carl store.Coding
	secret    string
}

func newCopyProject(t *testing.T) copyProject {
	t.Helper()
	p := copyProject{project: newProject(t)}
	ctx := t.Context()
	sp := p.span(t, "First sentence here.")
	res, err := p.st.AddCoding(ctx, As("ben"), store.NewCoding{Source: "fg01", Code: "isolation", Start: sp.Start, End: sp.End, Memo: "BENMEMO-own"})
	if err != nil {
		t.Fatal(err)
	}
	p.ben = res.Coding
	sp = p.span(t, "Say more.")
	if res, err = p.st.AddCoding(ctx, As("carl"), store.NewCoding{Source: "fg01", Code: "routine", Start: sp.Start, End: sp.End, Memo: "CARLMEMO-on-coding"}); err != nil {
		t.Fatal(err)
	}
	p.carl = res.Coding
	if _, err := p.st.AddMemo(ctx, As("carl"), store.MemoTarget{Kind: store.MemoOnCoding, Ref: p.carl.ID}, "", "CARLMEMO-coding-memo"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.st.AddMemo(ctx, As("ben"), store.MemoTarget{Kind: store.MemoOnCoding, Ref: p.ben.ID}, "", "BENMEMO-coding-memo"); err != nil {
		t.Fatal(err)
	}
	secret, err := p.st.MemberCheckSecret(ctx, As("amara"))
	if err != nil {
		t.Fatal(err)
	}
	p.secret = hex.EncodeToString(secret)
	return p
}

// codersIn lists whose codings a project file holds, read with SQL as
// anyone holding the file could.
func codersIn(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT c.name FROM codings g JOIN coders c ON c.id = g.coder_id ORDER BY c.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// Issue 15: under blinding a copy leaves the master holding only what its
// maker and its coder may both see; without blinding it is whole.
func TestCopyHoldsOnlyWhatMayBeSeen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		maker, coder string
		unblind      bool
		want         []string // whose codings the copy holds
		refused      string
	}{
		{name: "a coder copies for themself", maker: "ben", want: []string{"ben"}},
		{name: "a coder names themself", maker: "ben", coder: "ben", want: []string{"ben"}},
		{name: "nobody named copies for ben", coder: "ben", want: []string{"ben"}},
		{name: "a PI copies for ben", maker: "amara", coder: "ben", want: nil},
		{name: "ben copies for carl", maker: "ben", coder: "carl", want: nil},
		{name: "nobody named, for nobody", refused: "--as"},
		{name: "for someone not in the project", maker: "amara", coder: "zoe", refused: "add the coder before copying"},
		{name: "as the consensus layer", maker: "consensus", refused: "consensus layer"},
		{name: "for the consensus layer", maker: "amara", coder: "consensus", refused: "consensus layer"},
		{name: "without blinding", maker: "amara", coder: "ben", unblind: true, want: []string{"ben", "carl"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newCopyProject(t)
			if tc.unblind {
				p.unblind(t)
			}
			out := filepath.Join(t.TempDir(), "copy.focal")
			_, err := p.st.Copy(t.Context(), As(tc.maker), CopyRequest{Out: out, Coder: tc.coder})
			if tc.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("copy: %v, want a refusal saying %q", err, tc.refused)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a refused copy left %s behind", out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := codersIn(t, out); !slices.Equal(got, tc.want) {
				t.Errorf("the copy holds codings of %v, want %v", got, tc.want)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
				t.Errorf("the copy's mode is %v", fi.Mode().Perm())
			}
			// Whatever is not the copy's to hold is nowhere in the file:
			// not in a table, the log, or a free page.
			hidden := map[string]bool{}
			for _, who := range []string{"ben", "carl"} {
				hidden[who] = !slices.Contains(tc.want, who)
			}
			for what, secret := range map[string]struct {
				text   string
				hidden bool
			}{
				"ben's coding":            {p.ben.ID, hidden["ben"]},
				"ben's memo on it":        {"BENMEMO-own", hidden["ben"]},
				"ben's coding memo":       {"BENMEMO-coding-memo", hidden["ben"]},
				"carl's coding":           {p.carl.ID, hidden["carl"]},
				"carl's memo on it":       {"CARLMEMO-on-coding", hidden["carl"]},
				"carl's coding memo":      {"CARLMEMO-coding-memo", hidden["carl"]},
				"the member-check secret": {p.secret, true}, // never leaves the master
				"the codebook (shared)":   {"isolation", false},
				"the transcript (shared)": {"Second sentence here.", false},
			} {
				if in := bytes.Contains(data, []byte(secret.text)); in == secret.hidden {
					t.Errorf("%s: in the copy %v, want %v", what, in, !secret.hidden)
				}
			}
		})
	}
}

// A copy cut for a coder still works as a copy: its log stays
// append-only, the coder codes in it, and their pack merges into the
// master.
func TestCopyPacksAndMergesBack(t *testing.T) {
	t.Parallel()
	p := newCopyProject(t)
	ctx := t.Context()
	out := filepath.Join(t.TempDir(), "ben.focal")
	if _, err := p.st.Copy(ctx, As("amara"), CopyRequest{Out: out, Coder: "ben"}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM events`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("the copy's log can be rewritten after the cut: %v", err)
	}
	db.Close()
	c, err := Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sp := p.span(t, "Second sentence here.")
	added, err := c.AddCoding(ctx, As("ben"), store.NewCoding{Source: "fg01", Code: "isolation", Start: sp.Start, End: sp.End})
	if err != nil {
		t.Fatal(err)
	}
	pk, err := c.MakePack(ctx, As("ben"), store.PackRequest{Coder: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.st.MergePack(ctx, As("amara"), pk, store.MergeOptions{File: "ben.focalpack"})
	if err != nil {
		t.Fatalf("merge ben's pack: %v", err)
	}
	if rep.CodingsAdded != 1 {
		t.Errorf("the merge added %d codings, want 1", rep.CodingsAdded)
	}
	bens, err := p.st.Codings(ctx, As("ben"), store.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range bens {
		ids = append(ids, c.ID)
	}
	if !slices.Contains(ids, added.Coding.ID) || !slices.Contains(ids, p.ben.ID) || len(ids) != 2 {
		t.Errorf("ben's codings in the master after the merge: %v; want his first %s and the new %s", ids, p.ben.ID, added.Coding.ID)
	}
}
