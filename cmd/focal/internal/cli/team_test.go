package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// runTeam runs a command line as focal does; the team and serve commands
// are on the root.
func (r *runner) runTeam(args ...string) (string, string, int) {
	r.t.Helper()
	return r.run(args...)
}

func (r *runner) teamOK(args ...string) (string, string) {
	r.t.Helper()
	out, errOut, code := r.runTeam(args...)
	if code != 0 {
		r.t.Fatalf("focal %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out, errOut
}

func (r *runner) teamFail(status int, args ...string) string {
	r.t.Helper()
	out, errOut, code := r.runTeam(args...)
	if code != status {
		r.t.Fatalf("focal %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, status, out, errOut)
	}
	return errOut
}

// newClientKey makes a key pair and writes NAME.pub and NAME (private)
// into the runner's directory.
func newClientKey(t *testing.T, r *runner, name string) ssh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pub := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + name + "@laptop\n"
	r.write(name+".pub", pub)
	block, err := ssh.MarshalPrivateKey(key, "")
	if err != nil {
		t.Fatal(err)
	}
	r.write(name, string(pem.EncodeToMemory(block)))
	return signer
}

func TestTeamAddListRemove(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	amara := newClientKey(t, r, "amara")
	ben := newClientKey(t, r, "ben")
	carmen := newClientKey(t, r, "carmen")
	newClientKey(t, r, "dan")

	// Nobody is a PI yet: anyone may add the first member, and is told so.
	out, errOut := r.teamOK("team", "add", "amara", "--key", "amara.pub", "--role", "pi")
	if !strings.Contains(out, "added coder amara (pi)") || !strings.Contains(out, ssh.FingerprintSHA256(amara.PublicKey())) ||
		!strings.Contains(errOut, "no PI yet") {
		t.Errorf("first member:\n%s%s", out, errOut)
	}
	// Then only a PI.
	if errOut := r.teamFail(1, "team", "add", "ben", "--key", "ben.pub"); !strings.Contains(errOut, "only a PI") || !strings.Contains(errOut, "--as") {
		t.Errorf("without --as: %s", errOut)
	}
	r.ok("coder", "add", "dan")
	if errOut := r.teamFail(1, "team", "add", "ben", "--key", "ben.pub", "--as", "dan"); !strings.Contains(errOut, "only a PI can change the team; dan is a coder") {
		t.Errorf("as a coder: %s", errOut)
	}
	out, errOut = r.teamOK("team", "add", "ben", "--key", "ben.pub", "--as", "amara")
	if !strings.Contains(out, "added coder ben (coder)") || errOut != "" {
		t.Errorf("ben:\n%s%s", out, errOut)
	}
	// The key itself instead of a file.
	literal := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(carmen.PublicKey()))) + " carmen@desk"
	r.teamOK("team", "add", "carmen", "--key", literal, "--as", "amara")

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"same key twice", []string{"team", "add", "dan", "--key", "ben.pub", "--as", "amara"}, 1, "already lets ben in"},
		{"private key", []string{"team", "add", "dan", "--key", "ben", "--as", "amara"}, 1, "is a private key"},
		{"no key", []string{"team", "add", "dan", "--key", "nothing.pub", "--as", "amara"}, 1, "no such file"},
		{"not a key", []string{"team", "add", "dan", "--key", "study.focal", "--as", "amara"}, 1, "holds no SSH public key"},
		{"bad role", []string{"team", "add", "dan", "--key", "ben.pub", "--role", "boss", "--as", "amara"}, 2, "coder or pi"},
		{"role change", []string{"team", "add", "dan", "--key", "dan.pub", "--role", "pi", "--as", "amara"}, 1, "dan is already a coder"},
		{"key flag missing", []string{"team", "add", "dan", "--as", "amara"}, 2, "key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if errOut := r.teamFail(tc.code, tc.args...); !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr lacks %q: %s", tc.want, errOut)
			}
		})
	}

	out, _ = r.teamOK("team", "list")
	for _, want := range []string{"amara", "pi", "ben", "coder", "ssh-ed25519", "carmen@desk", ssh.FingerprintSHA256(ben.PublicKey())} {
		if !strings.Contains(out, want) {
			t.Errorf("team list lacks %q:\n%s", want, out)
		}
	}
	out, _ = r.teamOK("team", "list", "--json")
	keys := decode[[]map[string]any](t, out)
	if len(keys) != 3 || keys[0]["coder"] != "amara" || keys[0]["role"] != "pi" || keys[1]["added_by"] != "amara" {
		t.Errorf("team list --json = %v", keys)
	}

	if errOut := r.teamFail(1, "team", "rm", "ben", "--as", "ben"); !strings.Contains(errOut, "only a PI") {
		t.Errorf("rm as a coder: %s", errOut)
	}
	out, _ = r.teamOK("team", "rm", "ben", "--key", "ben.pub", "--as", "amara")
	if !strings.Contains(out, "removed key "+ssh.FingerprintSHA256(ben.PublicKey())+" of ben") {
		t.Errorf("rm: %s", out)
	}
	if errOut := r.teamFail(1, "team", "rm", "ben", "--as", "amara"); !strings.Contains(errOut, "ben has no key") {
		t.Errorf("rm again: %s", errOut)
	}
	r.teamOK("team", "rm", "carmen", "--key", ssh.FingerprintSHA256(carmen.PublicKey()), "--as", "amara")
	log := r.ok("--as", "amara", "log", "--kind", "team.")
	if strings.Count(log, "team.added") != 3 || strings.Count(log, "team.removed") != 2 {
		t.Errorf("log:\n%s", log)
	}
	// The coders stay.
	if coders := r.ok("coder", "list"); !strings.Contains(coders, "ben") || !strings.Contains(coders, "carmen") {
		t.Errorf("coders:\n%s", coders)
	}
}
