package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	focal "github.com/focalqda/focal"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus/transcript"
)

func newDemoCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "demo [DIR]",
		Short: "Build a ready-to-explore demo project from built-in transcripts",
		Long: `Build a demo project (DIR/study.focal, default DIR focal-demo) from synthetic
focus-group transcripts built into Focal: three groups of medical residents
talking about belonging in their training, in English and Spanish, with
participants and their attributes; three coders (amara, a PI, ben and
carmen) who coded every source blind, a codebook with its history and a
frozen version v1, themes and memos. If the project already exists it is
left as it is. In a terminal, the demo then opens the coding workspace;
without one it only says where the project is.`,
		Example: "  focal demo\n  focal demo /tmp/try-focal",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "focal-demo"
			if len(args) == 1 {
				dir = args[0]
			}
			file, err := runDemo(cmd.Context(), app, dir, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			// With a terminal the demo opens the coding workspace on it;
			// without one it only says where the project is.
			if isTerminal(app.Stdin) && isTerminal(app.Stdout) {
				app.projectFlag = file
				return runTUI(cmd.Context(), app, "")
			}
			return nil
		},
	}
}

// runDemo builds the demo project (unless it exists) and returns its path.
func runDemo(ctx context.Context, app *App, dir string, out io.Writer) (string, error) {
	if err := os.MkdirAll(app.path(dir), 0o700); err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	file := filepath.Join(dir, "study.focal")
	if _, err := os.Stat(app.path(file)); err == nil {
		fmt.Fprintf(out, "the demo project already exists: %s\n", file)
		printDemoNext(out, file)
		return file, nil
	}
	st, err := study.CreateAs(ctx, study.As(demoPI), app.path(file), "Belonging in residency (demo)")
	if err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	defer st.Close()
	clock := &demoClock{}
	clock.set("2026-03-01 10:00")
	st.SetClock(clock.Now)
	err = buildDemoSources(ctx, st, study.As(demoPI), out)
	if err == nil {
		err = buildDemoAnalysis(ctx, st, clock)
	}
	if err != nil {
		st.Close()
		os.Remove(app.path(file))
		os.Remove(app.path(file) + "-wal")
		os.Remove(app.path(file) + "-shm")
		return "", fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(out, "demo project ready: %s\n", file)
	printDemoNext(out, file)
	return file, nil
}

func printDemoNext(out io.Writer, file string) {
	fmt.Fprintf(out, `try (or run it in a terminal to open the coding workspace):
  focal -p %[1]s tui --as ben
`, file)
	fmt.Fprintf(out, `and:
  focal -p %[1]s source list
  focal -p %[1]s source show fg01-belonging-en
  focal -p %[1]s participant list
  focal -p %[1]s code list --as ben
  focal -p %[1]s coding list --as ben --code isolation
  focal -p %[1]s codebook diff v1
  focal -p %[1]s code history belonging/isolation
`, file)
}

// demoGroups names the group of each demo transcript.
var demoGroups = map[string]string{
	"fg01-belonging-en":   "Group 1 (North)",
	"fg02-belonging-en":   "Group 2 (West)",
	"fg03-pertenencia-es": "Group 3 (Spanish)",
}

// demoPI is the demo's principal investigator, who creates the project,
// imports the transcripts and links their speakers.
const demoPI = "amara"

// buildDemoSources imports the embedded transcripts and links their
// speakers, as p.
func buildDemoSources(ctx context.Context, st *study.Study, p study.Person, out io.Writer) error {
	entries, err := fs.ReadDir(focal.Fixtures, "testdata/transcripts")
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		data, err := focal.Fixtures.ReadFile(path.Join("testdata/transcripts", name))
		if err != nil {
			return err
		}
		base := strings.TrimSuffix(name, path.Ext(name))
		_, ns, err := prepareImport(name, data, importOptions{group: demoGroups[base]}, transcript.Options{}, nil, nil)
		if err != nil {
			return fmt.Errorf("import %s: %w", name, err)
		}
		src, err := st.ImportSource(ctx, p, *ns)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "imported %s: %d turns, %d speakers\n", src.Name, src.Turns, src.Speakers)
	}
	attrs, err := readDemoCSVs("participants-")
	if err != nil {
		return err
	}
	rows := map[string]map[string]string{}
	for _, rec := range attrs {
		id := rec["participant"]
		delete(rec, "participant")
		rows[id] = rec
	}
	if len(rows) > 0 {
		if err := st.SetParticipantAttributes(ctx, p, rows); err != nil {
			return err
		}
	}
	speakers, err := readDemoCSVs("speakers-")
	if err != nil {
		return err
	}
	for _, rec := range speakers {
		src, err := st.Source(ctx, rec["source"])
		if err != nil {
			return err
		}
		if rec["role"] == "moderator" {
			err = st.SetSpeakerRole(ctx, p, src.ID, rec["label"], "moderator")
		} else {
			err = st.LinkSpeaker(ctx, p, src.ID, rec["label"], rec["participant"])
		}
		if err != nil {
			return fmt.Errorf("speaker %s in %s: %w", rec["label"], rec["source"], err)
		}
	}
	return nil
}

// readDemoCSVs reads every testdata/demo/PREFIX*.csv into header-keyed rows.
func readDemoCSVs(prefix string) ([]map[string]string, error) {
	matches, err := fs.Glob(focal.Fixtures, "testdata/demo/"+prefix+"*.csv")
	if err != nil {
		return nil, err
	}
	sort.Strings(matches)
	var out []map[string]string
	for _, m := range matches {
		f, err := focal.Fixtures.Open(m)
		if err != nil {
			return nil, err
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m, err)
		}
		if len(recs) == 0 {
			return nil, errors.New(m + ": empty")
		}
		for _, rec := range recs[1:] {
			row := map[string]string{}
			for i, h := range recs[0] {
				if i < len(rec) {
					row[h] = rec[i]
				}
			}
			out = append(out, row)
		}
	}
	return out, nil
}
