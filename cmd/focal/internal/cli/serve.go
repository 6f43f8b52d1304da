package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/cmd/focal/internal/serve"
	"github.com/focalqda/focal/coding/study"
)

type serveOptions struct {
	listen  string
	hostKey string
}

func newServeCmd(app *App) *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve --listen ADDR [--host-key FILE]",
		Short: "Run the team server: everyone in the team codes the project over SSH, at the same time",
		Long: `Run an SSH server on the project. Every researcher whose key is in the team
(` + "`focal team add`" + `) connects with a terminal and gets the coding workspace, as
the coder the key belongs to, all at the same time on the one project file.
Blinding follows that coder, whatever the client says.

With a command instead of a terminal, a session runs one read-only focal
command and returns its output and exit status, for instance
` + "`ssh -p 2222 HOST focal progress`" + ` or ` + "`ssh -p 2222 HOST focal export xlsx > study.xlsx`" + `.
Passwords, unknown keys, shells, port forwarding, agents and X11 are refused.

The host key is made on first start (ed25519, mode 0600) and reused; its
fingerprint is printed so that researchers can check it on first connection.
Connections and refusals are logged to standard error. Ctrl+C or SIGTERM stops
the server; every action was saved as it happened. docs/SERVE.md has the rest.`,
		Example: `  focal serve --listen 127.0.0.1:2222 -p study.focal
  ssh -t -p 2222 127.0.0.1                  # the coding workspace
  ssh -p 2222 127.0.0.1 focal coding list --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), app, opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&opts.listen, "listen", "127.0.0.1:2222", "address and port to listen on")
	cmd.Flags().StringVar(&opts.hostKey, "host-key", "", "the server's private host key, made when missing (default: next to the project, PROJECT.hostkey)")
	return cmd
}

func runServe(ctx context.Context, app *App, opts serveOptions, stdout, stderr io.Writer) error {
	path, err := app.projectPath()
	if err != nil {
		return err
	}
	if path, err = filepath.Abs(app.path(path)); err != nil {
		return err
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	keyPath := app.path(opts.hostKey)
	if keyPath == "" {
		keyPath = path + ".hostkey"
	}
	signer, created, err := serve.LoadOrCreateHostKey(keyPath)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", opts.listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// A second Ctrl+C during the shutdown ends the process at once.
		<-ctx.Done()
		stop()
	}()
	keyNote := "from " + keyPath
	if created {
		keyNote = "new, saved in " + keyPath
	}
	fmt.Fprintf(stdout, "Focal team server on %s\n  listening on %s\n  host key %s (%s, %s)\n",
		path, ln.Addr(), ssh.FingerprintSHA256(signer.PublicKey()), signer.PublicKey().Type(), keyNote)
	err = serveOn(ctx, app, st, path, signer, ln, stdout, stderr)
	// Close the project here rather than when the command returns, so that
	// "stopped" is printed only once it is closed.
	closeErr := st.Close()
	app.study = nil
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if closeErr != nil {
		return fmt.Errorf("serve: close the project: %w", closeErr)
	}
	fmt.Fprintln(stdout, "stopped; the project is closed")
	return nil
}

// serveOn runs the team server on a listener until ctx ends.
func serveOn(ctx context.Context, app *App, st *study.Study, projectPath string, signer ssh.Signer, ln net.Listener, stdout, stderr io.Writer) error {
	keys, err := st.TeamKeys(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintln(stdout, "  team: no keys yet, so nobody can connect: add them with `focal team add NAME --key FILE.pub`")
	} else {
		var who []string
		for _, k := range keys {
			who = append(who, k.Coder+" ("+k.Role+")")
		}
		fmt.Fprintf(stdout, "  team: %d key(s): %s\n", len(keys), strings.Join(who, ", "))
	}
	port := "PORT"
	if addr, ok := ln.Addr().(*net.TCPAddr); ok {
		port = strconv.Itoa(addr.Port)
	}
	fmt.Fprintf(stdout, "  workspace: ssh -t -p %s HOST\n  commands:  ssh -p %s HOST focal progress\nCtrl+C stops the server; open sessions are told, and everything done is saved.\n", port, port)
	srv, err := serve.New(serve.Config{Project: st, HostKey: signer, Log: stderr, Exec: remoteExec(projectPath)})
	if err != nil {
		ln.Close()
		return err
	}
	return srv.Serve(ctx, ln)
}

// remoteCommand is how a command allowed over SSH is run.
type remoteCommand struct {
	// toStdout adds --out - : the command writes a file by default, and
	// over SSH the file is the output.
	toStdout bool
	// writes are the flags with which the command would change the
	// project (search --code codes its hits): refused over SSH.
	writes []string
}

// remoteCommands are the only commands an exec request may run: each only
// reads the project and follows blinding for the identity that runs it.
// Keyed by command path. Left out on purpose: every command that changes
// the project (the workspace is for that), `agree table` and `import`
// (they read files on the server), `tui`, `serve`, `demo`, `init`, `help`
// and `completion`. The log and code history read through the core's
// Sight like every listing, so they are allowed.
func remoteCommands() map[string]remoteCommand {
	return map[string]remoteCommand{
		"focal source list":        {},
		"focal source show":        {},
		"focal coding list":        {},
		"focal coding export":      {},
		"focal code list":          {},
		"focal code show":          {},
		"focal code history":       {},
		"focal log":                {},
		"focal codebook versions":  {},
		"focal codebook diff":      {},
		"focal theme list":         {},
		"focal theme show":         {},
		"focal memo list":          {},
		"focal memo show":          {},
		"focal coder list":         {},
		"focal speaker list":       {},
		"focal participant list":   {},
		"focal progress":           {},
		"focal agree":              {},
		"focal disagreements":      {},
		"focal consensus status":   {},
		"focal consensus list":     {},
		"focal consensus next":     {},
		"focal team list":          {},
		"focal export xlsx":        {toStdout: true},
		"focal export report":      {toStdout: true},
		"focal export csv":         {},
		"focal export qdpx":        {toStdout: true},
		"focal export qdc":         {toStdout: true},
		"focal code passages":      {},
		"focal search":             {writes: []string{"--code", "--new", "--extend"}},
		"focal query words":        {},
		"focal query cooccurrence": {},
		"focal query attribute":    {},
		"focal saturation":         {},
		"focal voices":             {},
		"focal suggest":            {},
		"focal suggest check":      {},
	}
}

// remoteExec runs allowed commands in this process, on the served project,
// as the coder whose key opened the session.
func remoteExec(projectPath string) serve.ExecFunc {
	return func(_ context.Context, id serve.Identity, command string, stdout, stderr io.Writer) (int, error) {
		args, err := remoteArgs(command)
		if err != nil {
			return 0, err
		}
		env := map[string]string{"FOCAL_PROJECT": projectPath, "FOCAL_CODER": id.Coder}
		app := &App{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(k string) string { return env[k] }}
		return app.Run(args), nil
	}
}

// remoteArgs checks an exec request's command line against the allowed
// commands and returns the arguments to run (without the leading focal).
func remoteArgs(command string) ([]string, error) {
	words, err := splitCommand(command)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 || words[0] != "focal" {
		return nil, fmt.Errorf("only focal commands run here, for instance `focal progress`; %s", allowedList())
	}
	args := words[1:]
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		switch {
		case name == "--project" || name == "--as":
			return nil, fmt.Errorf("%s is not accepted here: the server chooses the project, and you work as the coder your key belongs to", name)
		case name == "--out" || name == "--file":
			return nil, fmt.Errorf("%s is not accepted here: output comes back to you, e.g. `ssh … focal export xlsx > study.xlsx`", name)
		case strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && a != "-" && a != "-h" && !isNumber(a):
			return nil, fmt.Errorf("%s is not accepted here: write flags out in full (--json), -p and -o are the server's", a)
		}
	}
	// Resolve the command the way running it will, so that arguments
	// cannot reach a command other than the one checked.
	probe := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	root := newRootCmd(probe)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd(args...)
	cmd, _, err := root.Find(args)
	if err != nil {
		return nil, fmt.Errorf("%v; %s", err, allowedList())
	}
	rule, ok := remoteCommands()[cmd.CommandPath()]
	if !ok {
		return nil, fmt.Errorf("`%s` is not allowed over SSH: %s", cmd.CommandPath(), allowedList())
	}
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		if slices.Contains(rule.writes, name) {
			return nil, fmt.Errorf("%s is not accepted here: it would change the project; use the workspace (ssh -t) for that", name)
		}
	}
	if rule.toStdout {
		args = append(args, "--out", "-")
	}
	return args, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// allowedList names the commands an exec request may run.
func allowedList() string {
	var names []string
	for path := range remoteCommands() {
		names = append(names, strings.TrimPrefix(path, "focal "))
	}
	sort.Strings(names)
	return "the read-only commands allowed are: " + strings.Join(names, ", ") + " (for anything else, use the workspace: ssh -t)"
}

// splitCommand splits an exec request's command line into words the way a
// POSIX shell would for simple words and quotes, but refuses what only a
// shell could do (pipes, redirections, variables, several commands): no
// shell runs here.
func splitCommand(line string) ([]string, error) {
	var (
		words   []string
		word    strings.Builder
		inWord  bool
		quote   rune // 0, '\'' or '"'
		escaped bool
	)
	for _, r := range line {
		switch {
		case escaped:
			word.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				word.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			case '$', '`':
				return nil, errors.New("no shell runs here: $ and ` are not expanded; quote them with '…'")
			default:
				word.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case strings.ContainsRune("|&;<>()$`", r) || r == '\n':
			return nil, fmt.Errorf("no shell runs here, so %q cannot work: pipes and redirections belong on your side (ssh … focal coding list | less)", r)
		case unicode.IsSpace(r):
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, errors.New("the command has an unfinished quote or a trailing backslash")
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}
