package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestTUIRefusesWithoutATerminalAndNamesTheCommands(t *testing.T) {
	t.Parallel()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	tests := []struct {
		name string
		app  *App
	}{
		{"piped input", &App{Stdin: strings.NewReader("q"), Stdout: os.Stdout, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}},
		{"output to a file", &App{Stdin: os.Stdin, Stdout: file, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}},
	}
	for _, tc := range tests {
		for _, cmd := range []*cobra.Command{newTUICmd(tc.app), newReviewCmd(tc.app)} {
			testNeedsTerminal(t, tc.name, cmd)
		}
	}
}

// testNeedsTerminal runs a workspace command without a terminal.
func testNeedsTerminal(t *testing.T, name string, cmd *cobra.Command) {
	t.Run(name+", focal "+cmd.Name(), func(t *testing.T) {
		cmd.SetArgs([]string{"--source", "fg01"})
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.ExecuteContext(t.Context())
		if !errors.Is(err, errNeedsTerminal) {
			t.Fatalf("error %v, want the terminal error", err)
		}
		for _, verb := range []string{"needs a terminal", "focal coding add", "focal coding list", "focal memo add"} {
			if !strings.Contains(err.Error(), verb) {
				t.Errorf("the error does not mention %q: %v", verb, err)
			}
		}
	})
}
