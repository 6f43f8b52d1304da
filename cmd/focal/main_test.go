package main

import (
	"os"
	"path/filepath"
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
