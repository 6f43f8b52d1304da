// Package cli wires Focal's commands: flags, the project file and output.
// Each command has a constructor taking the App and a run function that
// tests can call.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
)

// Exit codes, documented in the README ("Exit status"), with serve's
// ExitRefused (126) for commands refused over SSH.
const (
	ExitOK    = 0 // success
	ExitError = 1 // the command failed: bad input, a refused action, a missing project
	ExitUsage = 2 // the command line itself is wrong: unknown command or flag, missing argument
)

// App is what every command shares: streams, environment, working
// directory, clock and the project. Tests give each App its own Dir, so
// they run in parallel without changing the process's directory.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Dir is the directory that file names the user types are relative
	// to: the project found by its *.focal, files to import, --out files.
	// "" is the process's working directory.
	Dir string
	// Now is the clock that stamps changes to the project; nil is
	// time.Now.
	Now func() time.Time
	// OwnsProcess is true when this App is the whole process: focal run
	// from a command line. Commands change the Go runtime's memory
	// settings for their work (agree, export xlsx and qdpx, import) only
	// then; those settings are the process's, and the team server runs
	// the commands of several sessions in one process, so it leaves
	// OwnsProcess false, as tests do.
	OwnsProcess bool

	projectFlag string
	asFlag      string
	// flagCompletions are the completion functions commands gave for
	// their flags (completeFlag), registered only for a completion
	// request (wireCompletion).
	flagCompletions []flagCompletion
	// projectName is the project file as the user named it (or as found
	// in Dir), for messages; the study opens app.path(projectName).
	projectName string
	study       *study.Study
}

// path resolves a file name the user typed against the App's working
// directory. Every command opens, creates or lists user-named files
// through it. Absolute names, "" and "-" (standard input or output) are
// returned as they are.
func (a *App) path(name string) string {
	if a.Dir == "" || name == "" || name == "-" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(a.Dir, name)
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Run executes one focal command line and returns the exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, OwnsProcess: true}
	return app.Run(args)
}

// tuneRuntime makes one of the commands' memory settings (set, which
// returns the function that undoes it) when the App is the whole process,
// and nothing otherwise (see OwnsProcess).
func (a *App) tuneRuntime(set func() (restore func())) (restore func()) {
	if !a.OwnsProcess {
		return func() {}
	}
	return set()
}

// Run executes args with this App's streams.
func (a *App) Run(args []string) int {
	root := newRootCmd(a)
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		// Only a completion request needs them: cobra keeps completion
		// functions in a map of its own that nothing empties, so wiring
		// them for every command line would pile them up in a process
		// that runs many (the team server).
		wireCompletion(root, a)
	}
	root.SetArgs(args)
	root.SetIn(a.Stdin)
	root.SetOut(a.Stdout)
	root.SetErr(a.Stderr)
	cmd, err := root.ExecuteContextC(context.Background())
	if a.study != nil {
		a.study.Close()
	}
	if err == nil {
		return ExitOK
	}
	var silent silentError
	if !errors.As(err, &silent) {
		fmt.Fprintf(a.Stderr, "focal: %s\n", errorLine(cmd, err))
	}
	var usage usageError
	if errors.As(err, &usage) || isCobraUsageError(err) {
		fmt.Fprintln(a.Stderr, "Run 'focal --help' (or 'focal COMMAND --help') for usage.")
		return ExitUsage
	}
	return ExitError
}

// silentError is returned when a command already reported its problems
// (e.g. one line per failed file) and only the exit status is left.
type silentError struct{}

func (silentError) Error() string { return "" }

// errorLine is an error as Focal prints it after "focal: ": one line that
// starts with the command that failed ("coding add: …"), whether or not
// the command named itself.
func errorLine(cmd *cobra.Command, err error) string {
	msg := oneLine(err.Error())
	if cmd == nil || !cmd.HasParent() {
		return msg
	}
	path := cmd.CommandPath()
	// Argument checks name the whole path ("focal coding import: …").
	if strings.HasPrefix(msg, path) {
		msg = strings.TrimPrefix(msg, cmd.Root().Name()+" ")
	}
	name := strings.TrimPrefix(path, cmd.Root().Name()+" ")
	if rest, ok := strings.CutPrefix(msg, name); ok && (rest == "" || rest[0] == ':' || rest[0] == ' ') {
		return msg
	}
	return name + ": " + msg
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// projectPath finds the project file: -p/--project, else $FOCAL_PROJECT,
// else the only *.focal file in the current directory.
func (a *App) projectPath() (string, error) {
	if a.projectFlag != "" {
		return a.projectFlag, nil
	}
	if env := a.Getenv("FOCAL_PROJECT"); env != "" {
		return env, nil
	}
	matches, err := a.glob("*.focal")
	if err != nil {
		return "", err
	}
	switch len(matches) {
	case 0:
		return "", errors.New("no project: there is no *.focal file here; create one with `focal init study.focal`, or name one with -p FILE or $FOCAL_PROJECT")
	case 1:
		return matches[0], nil
	default:
		return "", fmt.Errorf("several projects here (%s): name one with -p FILE or $FOCAL_PROJECT", strings.Join(matches, ", "))
	}
}

// glob lists the files in the App's working directory whose names match
// pattern, sorted; the names are relative to that directory.
func (a *App) glob(pattern string) ([]string, error) {
	entries, err := os.ReadDir(a.path("."))
	if err != nil {
		return nil, err
	}
	var matches []string
	for _, e := range entries {
		if ok, err := filepath.Match(pattern, e.Name()); err != nil {
			return nil, err
		} else if ok {
			matches = append(matches, e.Name())
		}
	}
	return matches, nil
}

// Study opens the project once per command, through the application core
// that owns the study's rules.
func (a *App) Study(ctx context.Context) (*study.Study, error) {
	if a.study != nil {
		return a.study, nil
	}
	path, err := a.projectPath()
	if err != nil {
		return nil, err
	}
	st, err := study.Open(ctx, a.path(path))
	if err != nil {
		return nil, err
	}
	if a.Now != nil {
		st.SetClock(a.Now)
	}
	a.projectName = path
	a.study = st
	return st, nil
}

// person is who acts: --as, else $FOCAL_CODER; may be nobody.
func (a *App) person() study.Person { return study.As(a.actor()) }

// actor is who is acting: --as, else $FOCAL_CODER; may be empty.
func (a *App) actor() string {
	if a.asFlag != "" {
		return a.asFlag
	}
	return a.Getenv("FOCAL_CODER")
}

// isTerminal reports whether a standard stream is a terminal: progress is
// shown only there, and the workspace needs one for its input and output.
// A character device is not enough: /dev/null is one too.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
