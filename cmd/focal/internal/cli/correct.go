package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// sourceEditOptions are the argument and flags of `focal source edit`.
type sourceEditOptions struct {
	source string
	file   string // "-" is app.Stdin; none opens the editor
	reason string
}

func newSourceEditCmd(app *App) *cobra.Command {
	var opts sourceEditOptions
	cmd := &cobra.Command{
		Use:   "edit SOURCE [--file F] [--reason TEXT]",
		Short: "Correct a transcription error in a source's stored text",
		Long: `Open the stored text of a source in $VISUAL or $EDITOR (or read the corrected
text from --file, - for standard input) and save the correction. Codings are
re-anchored through the edit: positions shift with the text, and a coding whose
own words changed is flagged for review (` + "`focal coding list --flagged`" + `), never
moved elsewhere or dropped. Keep one turn per line as "Label: words"; change
who spoke with ` + "`focal turn set-speaker`" + `. The correction is logged with the old text.`,
		Example:           `  focal source edit fg01-belonging-en --reason "misheard 'residents' as 'presidents'"`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.source = args[0]
			return runSourceEdit(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.file, "file", "", "read the corrected text from FILE (- for standard input) instead of opening an editor")
	cmd.Flags().StringVar(&opts.reason, "reason", "", "why the text was corrected (kept in the log)")
	return cmd
}

// runSourceEdit corrects a source's stored text, re-anchoring its codings.
func runSourceEdit(ctx context.Context, app *App, opts sourceEditOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	src, err := st.Source(ctx, opts.source)
	if err != nil {
		return err
	}
	old, err := st.SourceText(ctx, src.ID)
	if err != nil {
		return err
	}
	var edited string
	switch opts.file {
	case "":
		edited, err = editInEditor(app, old)
	case "-":
		var b []byte
		b, err = io.ReadAll(app.Stdin)
		edited = string(b)
	default:
		var b []byte
		b, err = os.ReadFile(app.path(opts.file))
		edited = string(b)
	}
	if err != nil {
		return fmt.Errorf("source edit: %w", err)
	}
	edited = normalizeStoredText(edited)
	if edited == old {
		fmt.Fprintln(out, "no change; nothing saved")
		return nil
	}
	sight, err := correctionSight(ctx, app)
	if err != nil {
		return err
	}
	res, err := st.CorrectSource(ctx, app.person(), study.Correction{Source: src.ID, NewText: edited, Units: unitsFor(src.Language), Reason: opts.reason})
	if err != nil {
		return fmt.Errorf("source edit %s: %w (nothing was saved)", src.Name, err)
	}
	printCorrectionSeen(out, src.Name, res, sight)
	return nil
}

// normalizeStoredText brings edited text back to stored form: NFC, LF, no
// trailing spaces, no blank lines, one final line end.
func normalizeStoredText(s string) string {
	var lines []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = corpus.NormalizeLine(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// editInEditor writes text to a private temporary file, runs the user's
// editor on it and returns what was saved.
func editInEditor(app *App, text string) (string, error) {
	editor := app.Getenv("VISUAL")
	if editor == "" {
		editor = app.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	f, err := os.CreateTemp("", "focal-edit-*.txt")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return "", err
	}
	f.Close()
	parts := strings.Fields(editor)
	cmd := exec.Command(parts[0], append(parts[1:], f.Name())...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Dir = app.Dir
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("the editor %q failed: %w", editor, err)
	}
	b, err := os.ReadFile(f.Name())
	return string(b), err
}

// printCorrectionSeen reports a correction, listing the flagged codings
// the person may see; under blinding the others are only counted.
func printCorrectionSeen(w io.Writer, source string, res study.CorrectionResult, sight study.Sight) {
	fmt.Fprintf(w, "corrected %s: %d codings re-anchored, %d flagged for review\n", source, res.Reanchored, len(res.Flagged))
	hidden := 0
	for _, f := range res.Flagged {
		if !sight.SeesCoder(f.Coder) {
			hidden++
			continue
		}
		fmt.Fprintf(w, "  review %s (%s): %s\n", f.ID[:8], f.Coder, f.Reason)
	}
	if hidden > 0 {
		fmt.Fprintf(w, "  %d of them other coders' (not listed while blind coding is on)\n", hidden)
	}
}

// correctionSight is what the person correcting a source may see of the
// codings the correction flags.
func correctionSight(ctx context.Context, app *App) (study.Sight, error) {
	st, err := app.Study(ctx)
	if err != nil {
		return study.Sight{}, err
	}
	return st.SightOrNobody(ctx, app.person())
}

func newTurnCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "turn",
		Short: "Fix diarisation: say who spoke a turn",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "set-speaker SOURCE SEQ LABEL",
		Short: "Attribute turn SEQ of a source to another speaker",
		Long: `Attribute a turn to another speaker: the label in the stored text changes,
the turn moves to that speaker (created in the source if new), codings are
re-anchored, and the change is logged.`,
		Example:           `  focal turn set-speaker fg01-belonging-en 42 "Priya Raman"`,
		Args:              exactArgs(3),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			seq, err := strconv.Atoi(args[1])
			if err != nil {
				seq = 0 // not a turn number: refused by runTurnSetSpeaker
			}
			return runTurnSetSpeaker(cmd.Context(), app, turnSetSpeakerOptions{source: args[0], seq: seq, speaker: args[2]}, cmd.OutOrStdout())
		},
	})
	return cmd
}

// turnSetSpeakerOptions are the arguments of `focal turn set-speaker`.
type turnSetSpeakerOptions struct {
	source  string
	seq     int // the turn number, from 1
	speaker string
}

// runTurnSetSpeaker attributes a turn of a source to another speaker.
func runTurnSetSpeaker(ctx context.Context, app *App, opts turnSetSpeakerOptions, out io.Writer) error {
	if opts.seq < 1 {
		return usageError{errors.New("turn set-speaker: SEQ must be a turn number (see `focal source show`)")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	src, err := st.Source(ctx, opts.source)
	if err != nil {
		return err
	}
	sight, err := correctionSight(ctx, app)
	if err != nil {
		return err
	}
	res, err := st.SetTurnSpeaker(ctx, app.person(), src.ID, opts.seq, opts.speaker, unitsFor(src.Language))
	if err != nil {
		return fmt.Errorf("turn set-speaker: %w", err)
	}
	printCorrectionSeen(out, src.Name, res, sight)
	return nil
}
