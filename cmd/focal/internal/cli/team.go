package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding/study"
)

// teamOpenNote is printed when a team change went through only because the
// project has no PI yet.
const teamOpenNote = "note: this project has no PI yet, so anyone may change the team; once a PI is in it, only a PI can"

func newTeamCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "team",
		Short: "Whose SSH keys may enter the team server (focal serve), as which coder",
		Long: `The team is the list of SSH public keys that may connect to the team server
(` + "`focal serve`" + `). Each key belongs to one coder and lets them in as that coder,
with that coder's role: the server, not the client, says who is working, so
blinding holds over SSH.

While the project has no PI, anyone may add the first team members; once a PI
exists, only a PI (--as or $FOCAL_CODER) can add or remove keys. Every change
is in the event log (team.added, team.removed). docs/SERVE.md has the details.`,
	}
	cmd.AddCommand(newTeamAddCmd(app), newTeamListCmd(app), newTeamRmCmd(app))
	return cmd
}

// teamAddOptions are the argument and flags of `focal team add`.
type teamAddOptions struct {
	coder string
	key   string // a .pub file as the user typed it, or the key itself
	role  string
}

func newTeamAddCmd(app *App) *cobra.Command {
	var opts teamAddOptions
	cmd := &cobra.Command{
		Use:   "add NAME --key FILE.pub [--role coder|pi]",
		Short: "Let a coder's SSH key into the team server (the coder is created when missing)",
		Long: `Let an SSH public key into the team server as the coder NAME. A coder that does
not exist yet is created with --role (default coder); an existing coder keeps
their role, and a coder may have several keys (a laptop and a desktop). --key
is the public key file (id_ed25519.pub) or the key itself in authorized_keys
format.

While the project has no PI, anyone may add team members (someone has to add
the first PI); once a PI exists, only a PI can (--as or $FOCAL_CODER).`,
		Example: `  focal team add amara --key amara.pub --role pi
  focal team add ben --key ~/keys/ben_ed25519.pub --as amara`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.coder = args[0]
			return runTeamAdd(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.key, "key", "", "public key file (id_ed25519.pub), or the key in authorized_keys format")
	cmd.Flags().StringVar(&opts.role, "role", "", "coder or pi: the role of a new coder (default coder)")
	cmd.MarkFlagRequired("key")
	app.completeFlag(cmd, "role", cobra.FixedCompletions([]string{"coder", "pi"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runTeamAdd lets a coder's key open sessions on the team server.
func runTeamAdd(ctx context.Context, app *App, opts teamAddOptions, out io.Writer) error {
	if opts.role != "" && opts.role != "coder" && opts.role != "pi" {
		return usageError{fmt.Errorf("team add: --role must be coder or pi, not %q", opts.role)}
	}
	key, err := readPublicKey(app, opts.key)
	if err != nil {
		return fmt.Errorf("team add: %w", err)
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	added, err := st.AddTeamKey(ctx, app.person(), study.NewTeamKey{Coder: opts.coder, Role: opts.role, Fingerprint: key.fingerprint, PublicKey: key.line})
	if err != nil {
		return fmt.Errorf("team add: %w", err)
	}
	if added.CoderCreated {
		fmt.Fprintf(out, "added coder %s (%s)\n", added.Key.Coder, added.Key.Role)
	}
	fmt.Fprintf(out, "key %s (%s) now lets %s in as a %s\n", added.Key.Fingerprint, key.kind, added.Key.Coder, added.Key.Role)
	if added.Open {
		fmt.Fprintln(app.Stderr, teamOpenNote)
	}
	return nil
}

// publicKey is a parsed SSH public key as the team stores it.
type publicKey struct {
	line        string // authorized_keys format, comment included
	fingerprint string
	kind        string
}

// readPublicKey reads a public key from a file, or from the flag itself
// when it holds a key ("ssh-ed25519 AAAA…").
func readPublicKey(app *App, arg string) (publicKey, error) {
	data := []byte(arg)
	source := "the --key value"
	if !looksLikeKey(arg) {
		var err error
		data, err = os.ReadFile(app.path(arg))
		if err != nil {
			return publicKey{}, fmt.Errorf("read the public key: %w", err)
		}
		source = arg
	}
	if strings.Contains(string(data), "PRIVATE KEY") {
		return publicKey{}, fmt.Errorf("%s is a private key: give the public one (the .pub file), and keep the private key to yourself", source)
	}
	pub, comment, _, _, err := ssh.ParseAuthorizedKey(data)
	if err != nil {
		return publicKey{}, fmt.Errorf("%s holds no SSH public key in authorized_keys format (like id_ed25519.pub): %w", source, err)
	}
	if _, ok := pub.(*ssh.Certificate); ok {
		return publicKey{}, fmt.Errorf("%s is an SSH certificate; give the plain public key", source)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	// The comment is shown in listings: keep it to one line of printable text.
	comment = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, comment)
	if comment = strings.Join(strings.Fields(comment), " "); comment != "" {
		line += " " + comment
	}
	return publicKey{line: line, fingerprint: ssh.FingerprintSHA256(pub), kind: pub.Type()}, nil
}

func looksLikeKey(s string) bool {
	for _, prefix := range []string{"ssh-", "ecdsa-", "sk-"} {
		if strings.HasPrefix(s, prefix) && strings.Contains(s, " ") {
			return true
		}
	}
	return false
}

// teamListOptions are the flags of `focal team list`.
type teamListOptions struct{ json bool }

func newTeamListCmd(app *App) *cobra.Command {
	var opts teamListOptions
	cmd := &cobra.Command{
		Use:     "list [--json]",
		Short:   "List the keys that may enter the team server, with their coder and role",
		Example: "  focal team list\n  focal team list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTeamList(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: id, coder_id, coder, role, fingerprint, public_key, added_by, added_at)")
	return cmd
}

// runTeamList lists the keys that may enter the team server.
func runTeamList(ctx context.Context, app *App, opts teamListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	keys, err := st.TeamKeys(ctx)
	if err != nil {
		return err
	}
	return printTeam(out, keys, opts.json)
}

func printTeam(out io.Writer, keys []study.TeamKey, asJSON bool) error {
	if asJSON {
		if keys == nil {
			keys = []study.TeamKey{}
		}
		return writeJSON(out, keys)
	}
	if len(keys) == 0 {
		fmt.Fprintln(out, "no keys yet: nobody can enter the team server; add one with `focal team add NAME --key FILE.pub`")
		return nil
	}
	t := newTable(out, "CODER", "ROLE", "KEY", "FINGERPRINT", "COMMENT", "ADDED", "BY")
	for _, k := range keys {
		fields := strings.Fields(k.PublicKey)
		comment := ""
		if len(fields) > 2 {
			comment = strings.Join(fields[2:], " ")
		}
		t.row(k.Coder, k.Role, fields[0], k.Fingerprint, orDash(comment), k.AddedAt[:10], orDash(k.AddedBy))
	}
	return t.flush()
}

// teamRmOptions are the argument and flags of `focal team rm`.
type teamRmOptions struct {
	coder string
	key   string // a fingerprint, a .pub file or the key; every key when empty
}

func newTeamRmCmd(app *App) *cobra.Command {
	var opts teamRmOptions
	cmd := &cobra.Command{
		Use:   "rm NAME [--key FINGERPRINT|FILE.pub]",
		Short: "Stop letting a coder into the team server (their work stays)",
		Long: `Remove a coder's keys from the team: every key of theirs, or only the one --key
names (by fingerprint, file or key). The coder, their codings and memos stay.
New connections with the key are refused at once, and a running team server
ends the sessions already open with it within about 2 seconds: an open
workspace is told that the key was removed (everything done before is saved).`,
		Example: "  focal team rm ben --as amara\n  focal team rm ben --key SHA256:Zx4… --as amara",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.coder = args[0]
			return runTeamRm(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.key, "key", "", "remove only this key: its SHA256 fingerprint, its .pub file or the key")
	return cmd
}

// runTeamRm stops letting a coder's keys (or one of them) into the team server.
func runTeamRm(ctx context.Context, app *App, opts teamRmOptions, out io.Writer) error {
	key := opts.key
	fingerprint := key
	if key != "" && !strings.HasPrefix(key, "SHA256:") {
		pk, err := readPublicKey(app, key)
		if err != nil {
			return fmt.Errorf("team rm: %w", err)
		}
		fingerprint = pk.fingerprint
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	removed, err := st.RemoveTeamKeys(ctx, app.person(), opts.coder, fingerprint)
	if err != nil {
		return fmt.Errorf("team rm: %w", err)
	}
	for _, k := range removed {
		fmt.Fprintf(out, "removed key %s of %s\n", k.Fingerprint, k.Coder)
	}
	return nil
}
