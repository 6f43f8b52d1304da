package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/focalqda/focal/cmd/focal/internal/cli"
)

// TestMain lets the scripts run `focal`: testscript puts a copy of this test
// binary named focal on the scripts' PATH, and when it starts under that name
// it runs the command line exactly as the real binary does, in its own
// process and in the script's directory.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"focal": func() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every testdata/script/*.txtar: the commands a user types,
// the files they start from and what Focal must answer. Each script runs in
// its own work directory, so the scripts run in parallel. Run one with
// `go test ./cmd/focal -run TestScripts/consensus`; add `-testwork` (a flag
// of testscript's) to keep its work directory and print where it is.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"capture": capture},
		Setup: func(env *testscript.Env) error {
			// A stable environment: no colour, no terminal, UTC times, a home
			// of the script's own. Who acts ($FOCAL_CODER) and which project
			// ($FOCAL_PROJECT) are set by the scripts that need them;
			// testscript starts every script from an empty environment, so
			// the developer's own settings never leak in.
			home := filepath.Join(env.WorkDir, ".home")
			if err := os.MkdirAll(home, 0o700); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("NO_COLOR", "1")
			env.Setenv("TERM", "dumb")
			env.Setenv("TZ", "UTC")
			env.Setenv("LANG", "C.UTF-8")
			env.Setenv("EDITOR", "false")
			env.Setenv("VISUAL", "false")
			return nil
		},
	})
}

// capture is the scripts' one command of our own: `capture NAME REGEXP` sets
// $NAME to the first group of REGEXP (multi-line mode) in the last command's
// standard output, so that a script can name what Focal chose (a coding's id)
// in a later command:
//
//	exec focal coding list --code belonging/home
//	capture ID '^([0-9a-f]{8}) '
//	exec focal coding rm $ID
func capture(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! capture")
	}
	if len(args) != 2 {
		ts.Fatalf("usage: capture NAME REGEXP")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	if re.NumSubexp() < 1 {
		ts.Fatalf("capture %s: %q has no group to capture", args[0], args[1])
	}
	m := re.FindStringSubmatch(ts.ReadFile("stdout"))
	if m == nil {
		ts.Fatalf("capture %s: no match for %q in stdout", args[0], args[1])
	}
	ts.Setenv(args[0], m[1])
}
