package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/store"
)

// packCoders are the four coders who each code in their own copy.
var packCoders = []string{"amara", "ben", "carmen", "dev"}

// TestPacks splits the demo study into four coders' copies, packs each
// coder's work and merges the packs into the master, which must then equal
// the project in which all four coded together; and it checks what a merge
// refuses and reports.
func TestPacks(t *testing.T) {
	// -short is asked for by hand, for a quick run; CI runs without it.
	if testing.Short() {
		t.Skip("builds the demo sources")
	}
	t.Parallel()
	dir := t.TempDir()
	ctx := t.Context()
	base := buildPackBase(t, dir)

	// The reference: everyone codes in one project.
	one := copyProject(t, base, filepath.Join(dir, "one.focal"))
	for _, c := range packCoders {
		doPackWork(t, one, c)
	}
	// The split: a copy per coder, a pack per copy, all merged into the master.
	master := copyProject(t, base, filepath.Join(dir, "master.focal"))
	copies := map[string]*store.Store{}
	packs := map[string]string{}
	for _, c := range packCoders {
		copies[c] = copyProject(t, base, filepath.Join(dir, c+".focal"))
		doPackWork(t, copies[c], c)
		packs[c] = writeTestPack(t, copies[c], store.PackRequest{Coder: c}, filepath.Join(dir, c+pack.Extension))
	}
	for _, c := range packCoders {
		rep := mergeFile(t, master, packs[c], store.MergeOptions{File: packs[c]})
		if rep.Skipped != 0 || len(rep.SameName) != 0 || rep.Applied == 0 || rep.CoderAdded {
			t.Errorf("merge of %s's pack: %+v", c, rep)
		}
	}

	t.Run("the merged master equals coding in one project", func(t *testing.T) {
		got, want := readPackState(t, master), readPackState(t, one)
		for _, part := range []struct {
			name      string
			got, want map[string]string
		}{{"codings", got.codings, want.codings}, {"codes", got.codes, want.codes}, {"memos", got.memos, want.memos}} {
			if g, w := sortedValues(part.got), sortedValues(part.want); !slices.Equal(g, w) {
				t.Errorf("%s differ: %d in the master, %d in one project\nonly in master: %v\nonly in one: %v",
					part.name, len(g), len(w), missingFrom(g, w), missingFrom(w, g))
			}
		}
		if !reflect.DeepEqual(got.done, want.done) {
			t.Errorf("done marks: master %v, one project %v", got.done, want.done)
		}
		if len(got.codings) < 700 {
			t.Errorf("only %d codings: the replay did not code the demo", len(got.codings))
		}
		for _, scratch := range []string{"scratch", "scratch/tmp"} {
			if _, err := master.Code(ctx, scratch); err == nil {
				t.Errorf("the code %s, undone in amara's copy, reached the master", scratch)
			}
		}
	})

	t.Run("codings, codes and memos keep their UUIDs", func(t *testing.T) {
		got := readPackState(t, master)
		union := packState{codings: map[string]string{}, codes: map[string]string{}, memos: map[string]string{}}
		for _, c := range packCoders {
			st := readPackState(t, copies[c])
			for id, v := range st.codings {
				if strings.HasPrefix(v, c+"|") {
					union.codings[id] = v
				}
			}
			for id, v := range st.memos {
				if strings.HasPrefix(v, c+"|") {
					union.memos[id] = v
				}
			}
			maps := st.codes
			for id, v := range maps {
				union.codes[id] = v
			}
		}
		for _, part := range []struct {
			name      string
			got, want map[string]string
		}{{"codings", got.codings, union.codings}, {"codes", got.codes, union.codes}, {"memos", got.memos, union.memos}} {
			if !reflect.DeepEqual(part.got, part.want) {
				t.Errorf("%s by id differ between the master (%d) and the copies (%d)", part.name, len(part.got), len(part.want))
			}
		}
		ben, err := copies["ben"].Code(ctx, "belonging/being-the-only-one")
		if err != nil {
			t.Fatal(err)
		}
		if here, err := master.Code(ctx, ben.ID); err != nil || here.Path != ben.Path {
			t.Errorf("ben's new code %s is %+v, %v in the master", ben.ID, here, err)
		}
	})

	t.Run("merging again changes nothing", func(t *testing.T) {
		before := countEvents(t, master)
		state := readPackState(t, master)
		for _, c := range packCoders {
			rep := mergeFile(t, master, packs[c], store.MergeOptions{File: packs[c]})
			if rep.Applied != 0 || rep.AlreadyMerged != rep.Events || len(rep.Notes) != 0 {
				t.Errorf("second merge of %s's pack: %+v", c, rep)
			}
		}
		if after := countEvents(t, master); after != before {
			t.Errorf("the log grew from %d to %d events", before, after)
		}
		if !reflect.DeepEqual(readPackState(t, master), state) {
			t.Error("the project changed")
		}
	})

	t.Run("a codebook rename is refused", func(t *testing.T) {
		ben := copies["ben"]
		if _, err := ben.RenameCode(store.WithActor(ctx, "ben"), "support/peer-support", "peers"); err != nil {
			t.Fatal(err)
		}
		p, err := ben.MakePack(ctx, store.PackRequest{Coder: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		before := countEvents(t, master)
		_, err = master.MergePack(ctx, p, store.MergeOptions{File: "ben.focalpack"})
		if !errors.Is(err, store.ErrPackRefused) || !strings.Contains(err.Error(), "code.renamed support/peer-support → support/peers") || !strings.Contains(err.Error(), "--work-only") {
			t.Errorf("merge of a pack with a rename: %v", err)
		}
		if after := countEvents(t, master); after != before {
			t.Errorf("a refused pack changed the log (%d → %d events)", before, after)
		}
		p, err = ben.MakePack(ctx, store.PackRequest{Coder: "ben", WorkOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Header.LeftOut) != 1 || len(p.MasterChanges()) != 0 {
			t.Fatalf("work-only pack: left out %v, carries %d changes", p.Header.LeftOut, len(p.MasterChanges()))
		}
		rep, err := master.MergePack(ctx, p, store.MergeOptions{})
		if err != nil || rep.Applied != 0 || len(rep.LeftOut) != 1 || rep.LeftOut[0].What != "code.renamed support/peer-support → support/peers" {
			t.Errorf("work-only pack: %+v, %v", rep, err)
		}
		if _, err := master.Code(ctx, "support/peer-support"); err != nil {
			t.Errorf("the master's code was renamed: %v", err)
		}
	})

	t.Run("a pack of another project is refused", func(t *testing.T) {
		other, err := store.Create(store.WithActor(ctx, "ben"), filepath.Join(dir, "other.focal"), "Another study")
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if _, err := other.AddCoder(ctx, "ben", "coder"); err != nil {
			t.Fatal(err)
		}
		if _, err := other.AddMemo(store.WithActor(ctx, "ben"), store.MemoTarget{}, "", "a note in another study"); err != nil {
			t.Fatal(err)
		}
		p, err := other.MakePack(ctx, store.PackRequest{Coder: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		before := countEvents(t, master)
		_, err = master.MergePack(ctx, p, store.MergeOptions{File: "ben.focalpack"})
		if !errors.Is(err, store.ErrPackRefused) || !strings.Contains(err.Error(), "another project") || !strings.Contains(err.Error(), "Another study") {
			t.Errorf("merge of another project's pack: %v", err)
		}
		if after := countEvents(t, master); after != before {
			t.Errorf("a refused pack changed the log (%d → %d events)", before, after)
		}
	})

	t.Run("a pack whose source text differs is refused", func(t *testing.T) {
		cp := copyProject(t, master, filepath.Join(dir, "ben-corrected.focal"))
		src, err := cp.Source(ctx, "fg02-belonging-en")
		if err != nil {
			t.Fatal(err)
		}
		text, err := cp.SourceText(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		corrected := strings.Replace(text, " the ", " the very ", 1)
		if _, err := cp.CorrectSource(store.WithActor(ctx, "amara"), store.Correction{Source: src.ID, NewText: corrected, Units: unitsFor(src.Language)}); err != nil {
			t.Fatal(err)
		}
		if _, err := cp.AddCoding(store.WithActor(ctx, "ben"), store.NewCoding{Source: src.Name, Code: "belonging/isolation", Start: 0, End: 10}); err != nil {
			t.Fatal(err)
		}
		p, err := cp.MakePack(ctx, store.PackRequest{Coder: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		before := countEvents(t, master)
		_, err = master.MergePack(ctx, p, store.MergeOptions{})
		if !errors.Is(err, store.ErrPackRefused) || !strings.Contains(err.Error(), "the text of source fg02-belonging-en differs") {
			t.Errorf("merge of a pack on a corrected source: %v", err)
		}
		if after := countEvents(t, master); after != before {
			t.Errorf("a refused pack changed the log (%d → %d events)", before, after)
		}
	})

	t.Run("a removal of a coding the master never had is reported", func(t *testing.T) {
		cp := copyProject(t, master, filepath.Join(dir, "ben-removal.focal"))
		as := store.WithActor(ctx, "ben")
		added, err := cp.AddCoding(as, store.NewCoding{Source: "fg01-belonging-en", Code: "belonging/isolation", Start: 3, End: 9})
		if err != nil {
			t.Fatal(err)
		}
		first, err := cp.MakePack(ctx, store.PackRequest{Coder: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cp.RemoveCoding(as, added.Coding.ID); err != nil {
			t.Fatal(err)
		}
		p, err := cp.MakePack(ctx, store.PackRequest{Coder: "ben", Since: fmt.Sprint(first.Header.Until)})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Events) != 1 || p.Events[0].Kind != pack.KindCodingRemoved {
			t.Fatalf("pack since %d: %+v", first.Header.Until, p.Events)
		}
		rep, err := master.MergePack(ctx, p, store.MergeOptions{})
		if err != nil || rep.Skipped != 1 || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0].Note, "never had") {
			t.Errorf("merge: %+v, %v", rep, err)
		}
	})

	t.Run("an undo of work sent before travels as its reverse", func(t *testing.T) {
		cp := copyProject(t, master, filepath.Join(dir, "ben-undo.focal"))
		as := store.WithActor(ctx, "ben")
		added, err := cp.AddCoding(as, store.NewCoding{Source: "fg01-belonging-en", Code: "belonging/isolation", Start: 11, End: 19})
		if err != nil {
			t.Fatal(err)
		}
		first, err := cp.MakePack(ctx, store.PackRequest{Coder: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := master.MergePack(ctx, first, store.MergeOptions{}); err != nil || rep.CodingsAdded != 1 {
			t.Fatalf("first pack: %+v, %v", rep, err)
		}
		if _, err := cp.Undo(as); err != nil {
			t.Fatal(err)
		}
		p, err := cp.MakePack(ctx, store.PackRequest{Coder: "ben", Since: fmt.Sprint(first.Header.Until)})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			rep, err := master.MergePack(ctx, p, store.MergeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if cs, _ := master.Codings(ctx, store.CodingFilter{Viewer: "ben", Coder: "ben", Source: "fg01-belonging-en"}); slices.ContainsFunc(cs, func(c store.Coding) bool { return c.ID == added.Coding.ID }) {
				t.Errorf("the undone coding is still in the master (%+v)", rep)
			}
		}
	})

	t.Run("codes created independently under one name are reported", func(t *testing.T) {
		spare := copyProject(t, master, filepath.Join(dir, "master-spare.focal"))
		var mentorPacks []*pack.Pack
		for i, c := range []string{"carmen", "dev"} {
			cp := copyProject(t, master, filepath.Join(dir, c+"-mentor.focal"))
			if _, err := cp.AddCoding(store.WithActor(ctx, c), store.NewCoding{Source: "fg02-belonging-en", Code: "support/mentor-ship", Start: 20 + i, End: 40}); err != nil {
				t.Fatal(err)
			}
			p, err := cp.MakePack(ctx, store.PackRequest{Coder: c})
			if err != nil {
				t.Fatal(err)
			}
			mentorPacks = append(mentorPacks, p)
		}
		if rep, err := master.MergePack(ctx, mentorPacks[0], store.MergeOptions{}); err != nil || rep.CodesCreated != 1 || len(rep.SameName) != 0 {
			t.Fatalf("carmen's mentor-ship: %+v, %v", rep, err)
		}
		rep, err := master.MergePack(ctx, mentorPacks[1], store.MergeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := "focal code merge 'support/mentor-ship (dev)' support/mentor-ship"
		if len(rep.SameName) != 1 || rep.SameName[0].KeptAs != "support/mentor-ship (dev)" || rep.SameName[0].Command != want || rep.SameName[0].Merged {
			t.Fatalf("dev's mentor-ship: %+v", rep.SameName)
		}
		// The command the report gives works as given.
		out, errOut, code := packCLI(t, "-p", master.Path(), "--as", "amara", "code", "merge", "support/mentor-ship (dev)", "support/mentor-ship")
		if code != 0 {
			t.Fatalf("%s: %s%s", want, out, errOut)
		}
		// --merge-same-name does it in passing.
		for i, p := range mentorPacks {
			rep, err := spare.MergePack(store.WithActor(ctx, "amara"), p, store.MergeOptions{MergeSameName: true})
			if err != nil || (i == 1 && (len(rep.SameName) != 1 || !rep.SameName[0].Merged)) {
				t.Fatalf("merge with --merge-same-name: %+v, %v", rep, err)
			}
		}
		for _, s := range []*store.Store{master, spare} {
			cs, err := s.Codings(ctx, store.CodingFilter{Viewer: "dev", Coder: "dev", Code: "support/mentor-ship"})
			if err != nil || len(cs) != 1 {
				t.Errorf("%s: dev's codings under support/mentor-ship: %v, %v", filepath.Base(s.Path()), cs, err)
			}
		}
	})

	t.Run("commands", func(t *testing.T) {
		masterFile := copyProject(t, master, filepath.Join(dir, "cli-master.focal")).Path()
		anaFile := filepath.Join(dir, "cli-ben.focal")
		packFile := filepath.Join(dir, "cli-ben.focalpack")
		out := packCLIok(t, "-p", masterFile, "copy", "--out", anaFile, "--coder", "ben")
		if !strings.Contains(out, "copied") || !strings.Contains(out, "pack --coder ben") {
			t.Errorf("copy said:\n%s", out)
		}
		if fi, err := os.Stat(anaFile); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("the copy's mode: %v, %v", fi, err)
		}
		if _, errOut, code := packCLI(t, "-p", masterFile, "copy", "--out", anaFile); code != 1 || !strings.Contains(errOut, "already exists") {
			t.Errorf("copy over an existing file: %d %s", code, errOut)
		}
		if _, errOut, code := packCLI(t, "-p", masterFile, "copy", "--out", filepath.Join(dir, "x.focal"), "--coder", "zoe"); code != 1 || !strings.Contains(errOut, "no coder named") {
			t.Errorf("copy for an unknown coder: %d %s", code, errOut)
		}
		packCLIok(t, "-p", anaFile, "--as", "ben", "coding", "add", "--source", "fg01-belonging-en", "--code", "belonging/isolation", "--turn", "3")
		out = packCLIok(t, "-p", anaFile, "pack", "--coder", "ben", "--out", packFile)
		if !strings.Contains(out, "wrote "+packFile) || !strings.Contains(out, "codings added") || !strings.Contains(out, "--since") {
			t.Errorf("pack said:\n%s", out)
		}
		out = packCLIok(t, "-p", masterFile, "merge", packFile, "--dry-run")
		if !strings.Contains(out, "would merge") || !strings.Contains(out, "1 coding added") || !strings.Contains(out, "dry run") {
			t.Errorf("merge --dry-run said:\n%s", out)
		}
		out = packCLIok(t, "-p", masterFile, "merge", packFile)
		if !strings.Contains(out, "merged "+packFile) || !strings.Contains(out, "1 coding added") {
			t.Errorf("merge said:\n%s", out)
		}
		reports := decode[[]map[string]any](t, packCLIok(t, "-p", masterFile, "merge", packFile, "--json"))
		if len(reports) != 1 || reports[0]["applied"] != float64(0) || reports[0]["coder"] != "ben" {
			t.Errorf("merge again --json: %v", reports)
		}
		if out := packCLIok(t, "-p", masterFile, "merge", packFile); !strings.Contains(out, "nothing new") {
			t.Errorf("merge again said:\n%s", out)
		}
		bad := filepath.Join(dir, "bad.focalpack")
		os.WriteFile(bad, []byte("{\"focalpack\":1}\n"), 0o600)
		if _, errOut, code := packCLI(t, "-p", masterFile, "merge", bad); code != 1 || !strings.Contains(errOut, "focal: merge "+bad+": line 1 (header): project id") {
			t.Errorf("merge of a damaged pack: %d %s", code, errOut)
		}
		if _, errOut, code := packCLI(t, "-p", anaFile, "pack"); code != 2 || !strings.Contains(errOut, "--coder") {
			t.Errorf("pack without a coder: %d %s", code, errOut)
		}
		if _, errOut, code := packCLI(t, "-p", anaFile, "pack", "--coder", "ben", "--since", "soon"); code != 1 || !strings.Contains(errOut, "--since") {
			t.Errorf("pack --since soon: %d %s", code, errOut)
		}
	})
}

// buildPackBase makes the project every copy starts from: the demo's
// sources and participants, four coders and the demo codebook without
// belonging/being-the-only-one, which ben creates while coding.
func buildPackBase(t *testing.T, dir string) *store.Store {
	t.Helper()
	ctx := store.WithActor(t.Context(), "amara")
	s, err := store.Create(ctx, filepath.Join(dir, "base.focal"), "Belonging in residency (packs)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := buildDemo(ctx, s, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, c := range packCoders {
		role := "coder"
		if c == "amara" {
			role = "pi"
		}
		if _, err := s.AddCoder(ctx, c, role); err != nil {
			t.Fatal(err)
		}
	}
	codebook, err := readDemoCSVs("codebook")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codebook {
		if c["path"] == "belonging/being-the-only-one" {
			continue
		}
		if _, err := s.AddCode(ctx, store.NewCode{Path: c["path"], Definition: c["definition"], WhenToUse: c["when_to_use"],
			WhenNotToUse: c["when_not_to_use"], Example: c["example"], Color: c["color"]}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func copyProject(t *testing.T, from *store.Store, path string) *store.Store {
	t.Helper()
	if err := from.CopyTo(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// doPackWork replays one coder's work, the same in a copy as in a shared
// project: the demo's codings (dev codes a share of carmen's passages and
// invents a code), done marks, memos, a memo on a coding, and per coder one
// more kind of change: a removal, a memo edit, an undone coding, a done
// mark taken back.
func doPackWork(t *testing.T, s *store.Store, coder string) {
	t.Helper()
	ctx := t.Context()
	as := store.WithActor(ctx, coder)
	rows, err := readDemoCSVs("codings-")
	if err != nil {
		t.Fatal(err)
	}
	spans := demoSpanFinder{s: s, ctx: ctx, views: map[string]*demoSourceView{}}
	batches := map[string][]store.CodingRow{}
	var sources []string
	for i, r := range rows {
		code := r["code"]
		switch {
		case coder == "dev" && r["coder"] == "carmen" && r["source"] != "fg01-belonging-en" && i%3 == 0:
			if code == "workload/fatigue" {
				code = "workload/night-float"
			}
		case r["coder"] != coder:
			continue
		}
		span, err := spans.find(r["source"], r["speaker"], r["quote"])
		if err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
		if _, seen := batches[r["source"]]; !seen {
			sources = append(sources, r["source"])
		}
		batches[r["source"]] = append(batches[r["source"]], store.CodingRow{Coder: coder, Line: i + 2,
			NewCoding: store.NewCoding{Source: r["source"], Code: code, Start: span.Start, End: span.End, Memo: r["memo"]}})
	}
	for _, src := range sources {
		if _, err := s.ImportCodings(as, batches[src]); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSourceDone(as, src, true); err != nil {
			t.Fatal(err)
		}
	}
	memos, err := readDemoCSVs("memos")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range memos {
		if m["author"] != coder {
			continue
		}
		target := store.MemoTarget{Kind: m["target_kind"], Ref: m["target"]}
		if target.Kind == store.MemoOnProject {
			target = store.MemoTarget{}
		}
		if _, err := s.AddMemo(as, target, "", strings.ReplaceAll(m["text"], `\n`, "\n")); err != nil {
			t.Fatalf("%s's memo on %s: %v", coder, m["target"], err)
		}
	}
	mine, err := s.Codings(ctx, store.CodingFilter{Viewer: coder, Coder: coder})
	if err != nil || len(mine) < 3 {
		t.Fatalf("%s's codings: %d, %v", coder, len(mine), err)
	}
	if _, err := s.AddMemo(as, store.MemoTarget{Kind: store.MemoOnCoding, Ref: mine[0].ID}, "First", "The first passage "+coder+" coded."); err != nil {
		t.Fatal(err)
	}
	switch coder {
	case "amara":
		if _, err := s.AddCoding(as, store.NewCoding{Source: "fg01-belonging-en", Code: "scratch/tmp", Start: 0, End: 5}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Undo(as); err != nil {
			t.Fatal(err)
		}
	case "ben":
		if _, err := s.RemoveCoding(as, mine[2].ID); err != nil {
			t.Fatal(err)
		}
	case "carmen":
		own, err := s.Memos(ctx, store.MemoFilter{Viewer: coder, Author: coder, Kind: store.MemoOnProject})
		if err != nil || len(own) != 1 {
			t.Fatalf("carmen's project memos: %v, %v", own, err)
		}
		if _, _, err := s.EditMemo(as, own[0].ID, own[0].Body+"\n\nRevisited after the harmonisation meeting."); err != nil {
			t.Fatal(err)
		}
	case "dev":
		if err := s.SetSourceDone(as, "fg03-pertenencia-es", false); err != nil {
			t.Fatal(err)
		}
	}
}

func writeTestPack(t *testing.T, s *store.Store, req store.PackRequest, path string) string {
	t.Helper()
	p, err := s.MakePack(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if err := writePackFile(&App{}, path, true, p); err != nil {
		t.Fatal(err)
	}
	return path
}

func mergeFile(t *testing.T, s *store.Store, path string, opts store.MergeOptions) store.MergeReport {
	t.Helper()
	p, err := readPackFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.MergePack(store.WithActor(t.Context(), "amara"), p, opts)
	if err != nil {
		t.Fatalf("merge %s: %v", path, err)
	}
	return rep
}

// packState is what the packs must carry over: codings, codes and memos by
// id, each described by what a researcher sees, and done marks.
type packState struct {
	codings, codes, memos map[string]string
	done                  map[string][]string
}

func readPackState(t *testing.T, s *store.Store) packState {
	t.Helper()
	ctx := t.Context()
	st := packState{codings: map[string]string{}, codes: map[string]string{}, memos: map[string]string{}}
	for _, c := range packCoders {
		cs, err := s.Codings(ctx, store.CodingFilter{Viewer: c, Coder: c})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range cs {
			st.codings[g.ID] = fmt.Sprintf("%s|%s|%s|%d|%d|%s", g.Coder, g.Source, g.Code, g.Start, g.End, g.Memo)
		}
	}
	codes, err := s.Codes(ctx, store.CodeFilter{Viewer: "amara", IncludeRetired: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		st.codes[c.ID] = fmt.Sprintf("%s|%s|%v", c.Path, c.Definition, c.Retired)
	}
	for _, c := range packCoders {
		memos, err := s.Memos(ctx, store.MemoFilter{Viewer: c, Author: c})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range memos {
			target := m.Target
			if m.TargetKind == store.MemoOnCoding {
				target = st.codings[m.TargetID]
			}
			st.memos[m.ID] = fmt.Sprintf("%s|%s|%s|%s|%s", m.Author, m.TargetKind, target, m.Title, m.Body)
		}
	}
	if st.done, err = s.DoneMarks(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func missingFrom(a, b []string) []string {
	var out []string
	for _, v := range a {
		if _, found := slices.BinarySearch(b, v); !found {
			out = append(out, v)
		}
	}
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return out
}

func countEvents(t *testing.T, s *store.Store) int {
	t.Helper()
	events, err := s.Events(t.Context(), "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}

// packCLI runs one command line as focal does, with no project found by
// default: the tests name it with -p.
func packCLI(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Dir: t.TempDir()}
	status = app.Run(args)
	return out.String(), errOut.String(), status
}

func packCLIok(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := packCLI(t, args...)
	if code != 0 {
		t.Fatalf("focal %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}
