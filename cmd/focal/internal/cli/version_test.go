package cli

import (
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus/testenv"
)

// What the Go toolchain records in a binary built from a clone is read
// into the facts `focal version` prints.
func TestBuildFactsReadWhatTheToolchainRecorded(t *testing.T) {
	info := &debug.BuildInfo{
		GoVersion: "go1.26.1",
		Main:      debug.Module{Path: "github.com/focalqda/focal", Version: "v0.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "CGO_ENABLED", Value: "0"},
			{Key: "GOARCH", Value: "arm64"},
			{Key: "GOOS", Value: "darwin"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-30T09:15:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	want := buildFacts{
		Module: "github.com/focalqda/focal", Version: "v0.4.0",
		Commit: "0123456789abcdef0123456789abcdef01234567", CommitTime: "2026-11-30T09:15:00Z", Modified: true,
		Go: "go1.26.1", Platform: "darwin/arm64", CGO: false,
	}
	if got := buildFactsOf(info, true); got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// Built with cgo, from a clean tree.
	info.Settings = []debug.BuildSetting{{Key: "CGO_ENABLED", Value: "1"}, {Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}
	if got := buildFactsOf(info, true); !got.CGO || got.Modified || got.Commit != "abc" || got.CommitTime != "" {
		t.Errorf("cgo build from a clean tree: %+v", got)
	}
	// Nothing recorded: the Go release running it is still known.
	if got := buildFactsOf(nil, false); got.Commit != "" || got.Module != "" || got.Go != runtime.Version() {
		t.Errorf("nothing recorded: %+v", got)
	}
}

func TestVersionSaysWhatItKnows(t *testing.T) {
	r := newRunner(t)
	out := r.ok("version")
	for _, want := range []string{"focal", "module", "commit", runtime.Version(), runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(out, want) {
			t.Errorf("focal version does not say %q:\n%s", want, out)
		}
	}
	f := decode[map[string]any](t, r.ok("version", "--json"))
	for _, field := range []string{"module", "version", "commit", "commit_time", "modified", "go", "platform", "cgo"} {
		if _, ok := f[field]; !ok {
			t.Errorf("focal version --json has no %s: %v", field, f)
		}
	}
	if f["go"] != runtime.Version() {
		t.Errorf("go = %v, want %s", f["go"], runtime.Version())
	}
	if errOut := r.fail(2, "version", "extra"); !strings.Contains(errOut, "focal:") {
		t.Errorf("an extra argument: %s", errOut)
	}
}

// The README's install, CGO_ENABLED=0 go build, gives one static binary
// that names the commit it was built from, as git tells it.
func TestStaticBuildNamesItsCommit(t *testing.T) {
	git := testenv.Program(t, "git")
	root := moduleRootOf(t)
	bin := filepath.Join(t.TempDir(), "focal")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/focal")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("focal version --json: %v", err)
	}
	var f buildFacts
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if f.CGO || f.Module != "github.com/focalqda/focal" {
		t.Errorf("built with CGO_ENABLED=0 from the module: %+v", f)
	}
	// Go reads the commit from a clone's .git folder; a git worktree has a
	// .git file instead, and there the binary records no commit.
	if st, err := os.Stat(filepath.Join(root, ".git")); err == nil && st.IsDir() {
		head := gitOutput(t, git, root, "rev-parse", "HEAD")
		dirty := gitOutput(t, git, root, "status", "--porcelain") != ""
		if f.Commit != head || f.Modified != dirty || f.CommitTime == "" {
			t.Errorf("commit %q (modified %v, at %q); git says %q (modified %v)", f.Commit, f.Modified, f.CommitTime, head, dirty)
		}
	} else if f.Commit != "" {
		t.Errorf("built outside a clone's .git folder, yet names commit %q", f.Commit)
	}
	// A static ELF binary asks for no dynamic loader and no shared library.
	// (Other systems link their C library differently: checked on Linux.)
	if runtime.GOOS != "linux" {
		return
	}
	e, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, p := range e.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary names a dynamic loader: it is not static")
		}
	}
	if libs, err := e.ImportedLibraries(); err != nil || len(libs) != 0 {
		t.Errorf("the binary needs shared libraries %v (%v)", libs, err)
	}
}

func moduleRootOf(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("cannot find the module: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func gitOutput(t *testing.T, git, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(git, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}
