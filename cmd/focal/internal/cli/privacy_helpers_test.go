package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// privacyRun runs one command line in dir with the project file given.
func privacyRun(project string, stdin io.Reader, args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	app := &App{Stdin: stdin, Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		if k == "FOCAL_PROJECT" {
			return project
		}
		return ""
	}}
	code := app.Run(args)
	return stdout.String(), stderr.String(), code
}

// The privacy commands explain themselves with an example, and those that
// list things can print JSON, like every other command.
func TestPrivacyCommandsHaveHelp(t *testing.T) {
	t.Parallel()
	app := &App{Getenv: func(string) string { return "" }}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if c.Short == "" {
			t.Errorf("%s has no short description", c.CommandPath())
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s has no example", c.CommandPath())
		}
		switch c.Name() {
		case "list", "status", "allowed", "scan", "import", "check":
			if c.Flags().Lookup("json") == nil {
				t.Errorf("%s lists things but has no --json", c.CommandPath())
			}
		}
	}
	for _, c := range []*cobra.Command{newDeidCmd(app), newMembercheckCmd(app), newParticipantWithdrawCmd(app), newParticipantPseudonymCmd(app)} {
		walk(c)
	}
}
