package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The concurrency test runs writers as separate processes: this test binary
// re-executed with FOCAL_TEST_WRITER set. Each writer prints one line per
// acknowledged action, so the parent knows exactly what must be in the file.
func TestMain(m *testing.M) {
	if spec := os.Getenv("FOCAL_TEST_WRITER"); spec != "" {
		os.Exit(runWriter(spec))
	}
	os.Exit(m.Run())
}

// runWriter is one researcher coding: add codings, remove every third one,
// create a code now and then. spec is "path|coder|count".
func runWriter(spec string) int {
	parts := strings.Split(spec, "|")
	path, coder := parts[0], parts[1]
	count, _ := strconv.Atoi(parts[2])
	ctx := WithActor(context.Background(), coder)
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("ERROR open:", err)
		return 1
	}
	defer s.Close()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i := 0; i < count; i++ {
		code := fmt.Sprintf("shared/code-%d", i%5)
		if i%7 == 0 {
			code = fmt.Sprintf("%s-own-%d", coder, i)
		}
		res, err := s.AddCoding(ctx, NewCoding{Source: "fg01", Code: code, Start: i % 40, End: i%40 + 1 + i%7})
		if err != nil {
			fmt.Fprintln(out, "ERROR add:", err)
			return 1
		}
		if !res.Existed {
			fmt.Fprintln(out, "added", res.Coding.ID)
		}
		if i%3 == 2 && !res.Existed {
			if _, err := s.RemoveCoding(ctx, res.Coding.ID); err != nil {
				fmt.Fprintln(out, "ERROR rm:", err)
				return 1
			}
			fmt.Fprintln(out, "removed", res.Coding.ID)
		}
	}
	return 0
}

func TestConcurrentWritersLoseNothing(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	coders := []string{"ana", "ben", "chloé", "dev"}
	for _, c := range coders {
		if _, err := s.AddCoder(ctx, c, "coder"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	const perWriter = 60
	type result struct {
		out []byte
		err error
	}
	results := make(chan result, len(coders))
	for _, c := range coders {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "FOCAL_TEST_WRITER="+s.Path()+"|"+c+"|"+strconv.Itoa(perWriter))
		go func() {
			out, err := cmd.Output()
			results <- result{out, err}
		}()
	}
	want := map[string]bool{}
	for range coders {
		r := <-results
		if r.err != nil || strings.Contains(string(r.out), "ERROR") {
			t.Fatalf("writer failed: %v\n%s", r.err, r.out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(r.out)), "\n") {
			verb, id, _ := strings.Cut(line, " ")
			switch verb {
			case "added":
				want[id] = true
			case "removed":
				delete(want, id)
			}
		}
	}
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	rows, err := s2.db.Query(`SELECT id FROM codings`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		got = append(got, id)
	}
	rows.Close()
	var wantIDs []string
	for id := range want {
		wantIDs = append(wantIDs, id)
	}
	sort.Strings(got)
	sort.Strings(wantIDs)
	if strings.Join(got, ",") != strings.Join(wantIDs, ",") {
		t.Fatalf("codings in the file (%d) differ from the acknowledged ones (%d)", len(got), len(wantIDs))
	}
	// Every acknowledged add and remove is in the log exactly once.
	var added, removed int
	s2.db.QueryRow(`SELECT count(*) FROM events WHERE kind = 'coding.added'`).Scan(&added)
	s2.db.QueryRow(`SELECT count(*) FROM events WHERE kind = 'coding.removed'`).Scan(&removed)
	if added-removed != len(wantIDs) {
		t.Errorf("log: %d added − %d removed ≠ %d codings", added, removed, len(wantIDs))
	}
	var integrity string
	s2.db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity)
	if integrity != "ok" {
		t.Errorf("integrity_check: %s", integrity)
	}
	// Codes created concurrently under one parent exist once each.
	var dupNames int
	s2.db.QueryRow(`SELECT count(*) FROM (SELECT name FROM codes WHERE retired_at IS NULL GROUP BY coalesce(parent_id, ''), name HAVING count(*) > 1)`).Scan(&dupNames)
	if dupNames != 0 {
		t.Errorf("%d duplicated code names", dupNames)
	}
}

// A writer killed at an arbitrary moment leaves a consistent file: every
// coding in it has its logged event and SQLite finds no damage.
func TestKilledWriterLeavesConsistentFile(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(ctx, "ana", "coder"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FOCAL_TEST_WRITER="+s.Path()+"|ana|100000")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the writer has acknowledged some work.
	lines := bufio.NewScanner(stdout)
	for n := 0; n < 25 && lines.Scan(); n++ {
	}
	cmd.Process.Kill()
	cmd.Wait()
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var integrity string
	s2.db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity)
	if integrity != "ok" {
		t.Fatalf("integrity_check: %s", integrity)
	}
	var missing int
	s2.db.QueryRow(`SELECT count(*) FROM codings g WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'coding.added' AND e.entity_id = g.id)`).Scan(&missing)
	if missing != 0 {
		t.Errorf("%d codings without their event", missing)
	}
}
