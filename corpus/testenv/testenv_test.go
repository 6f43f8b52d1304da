package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHelperCase is not a test of its own: the tests below run this test
// binary again with FOCAL_TESTENV_CASE set, and this is what that run
// does. Run without it, it returns at once.
func TestHelperCase(t *testing.T) {
	switch os.Getenv("FOCAL_TESTENV_CASE") {
	case "":
		return
	case "missing":
		Missing(t, "the widget", "apt-get install -y widget")
	case "part":
		MissingPart(t, "the gadget", "apt-get install -y gadget")
	case "program":
		Program(t, "tmux")
	case "unknown program":
		Program(t, "no-such-tool")
	case "shared":
		Shared(t, "no-such-file.json")
	case "npm":
		NPMFile(t, "axe-core", "axe.min.js")
	}
	t.Log("the test went on")
}

// runCase runs TestHelperCase as its own process with CI set to ci (unset
// when empty) and the environment's extra variables; it returns whether
// the run passed and what it printed.
func runCase(t *testing.T, name, ci string, extra ...string) (bool, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCase$", "-test.v", "-test.count=1")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CI=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "FOCAL_TESTENV_CASE="+name)
	if ci != "" {
		cmd.Env = append(cmd.Env, "CI="+ci)
	}
	cmd.Env = append(cmd.Env, extra...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running the case %q: %v", name, err)
		}
	}
	return err == nil, string(out)
}

func TestMissingSkipsOnADevelopersMachine(t *testing.T) {
	passed, out := runCase(t, "missing", "")
	if !passed || !strings.Contains(out, "--- SKIP: TestHelperCase") {
		t.Fatalf("want a skip, got:\n%s", out)
	}
	if !strings.Contains(out, "the widget is missing (apt-get install -y widget)") {
		t.Errorf("the skip does not say what is missing and how to install it:\n%s", out)
	}
	if strings.Contains(out, "the test went on") {
		t.Errorf("the test went on after the skip:\n%s", out)
	}
}

func TestMissingFailsUnderCI(t *testing.T) {
	passed, out := runCase(t, "missing", "true")
	if passed || !strings.Contains(out, "--- FAIL: TestHelperCase") {
		t.Fatalf("want a failure under CI, got:\n%s", out)
	}
	if !strings.Contains(out, "the widget is missing (apt-get install -y widget)") {
		t.Errorf("the failure does not say what is missing and how to install it:\n%s", out)
	}
	if strings.Contains(out, "the test went on") {
		t.Errorf("the test went on after failing:\n%s", out)
	}
}

func TestMissingPartLeavesThePartOutOnlyOffCI(t *testing.T) {
	passed, out := runCase(t, "part", "")
	if !passed || !strings.Contains(out, "the gadget is missing") || !strings.Contains(out, "the test went on") {
		t.Errorf("off CI the test goes on, saying what it left out; got:\n%s", out)
	}
	passed, out = runCase(t, "part", "1")
	if passed || !strings.Contains(out, "the gadget is missing (apt-get install -y gadget)") {
		t.Errorf("under CI the test fails; got:\n%s", out)
	}
}

func TestProgramMissingFromPathFailsUnderCIWithItsPackage(t *testing.T) {
	passed, out := runCase(t, "program", "true", "PATH="+t.TempDir())
	if passed || !strings.Contains(out, "the program tmux is missing (apt-get install -y tmux)") {
		t.Errorf("want a failure naming tmux and its package; got:\n%s", out)
	}
}

func TestUnknownProgramFailsEvenOffCI(t *testing.T) {
	passed, out := runCase(t, "unknown program", "")
	if passed || !strings.Contains(out, "no Debian package is known for no-such-tool") {
		t.Errorf("a program .ci/run does not install may not be asked for; got:\n%s", out)
	}
}

func TestSharedFileMissingFailsUnderCI(t *testing.T) {
	passed, out := runCase(t, "shared", "true")
	if passed || !strings.Contains(out, "../shared/no-such-file.json is missing") {
		t.Errorf("want a failure naming the shared file; got:\n%s", out)
	}
}

func TestSharedPathIsBesideTheClone(t *testing.T) {
	got, err := SharedPath("samples/refi")
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd() // <clone>/corpus/testenv
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(wd, "..", "..", "..", "shared", "samples", "refi")
	if got != filepath.Clean(want) {
		t.Errorf("SharedPath = %s, want %s", got, want)
	}
}

// TestCIInstallsEveryTool checks that .ci/run installs the Debian package
// of every program and Python module a test may ask for, so that no test
// fails in CI for want of an install step.
func TestCIInstallsEveryTool(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	// The packages are the words of the line that sets tools=(...).
	m := regexp.MustCompile(`(?m)^tools=\(([^)]*)\)`).FindSubmatch(script)
	if m == nil {
		t.Fatal(".ci/run has no line tools=(...) naming the Debian packages it installs")
	}
	installed := map[string]bool{}
	for _, w := range strings.Fields(string(m[1])) {
		installed[w] = true
	}
	for tool, pkg := range tools() {
		if !installed[pkg] {
			t.Errorf("the tests use %s, but .ci/run does not install %s", tool, pkg)
		}
	}
	if !regexp.MustCompile(`apt-get install[^\n]*"\$\{tools\[@\]\}"`).Match(script) {
		t.Error(`.ci/run does not apt-get install "${tools[@]}"`)
	}
	// npm packages: each at its pinned version, in one npm install line
	// into the prefix the tests look in.
	npmLine := regexp.MustCompile(`(?m)^\s*npm install --prefix "?\$\{?FOCAL_NPM_PREFIX\}?"? [^\n]*$`).Find(script)
	if npmLine == nil {
		t.Fatal(`.ci/run has no line npm install --prefix "$FOCAL_NPM_PREFIX" ... installing the tests' npm packages`)
	}
	for pkg, version := range npmPackages() {
		if !strings.Contains(string(npmLine), " "+pkg+"@"+version) {
			t.Errorf("the tests use the npm package %s@%s, but .ci/run's npm install line does not install it: %s", pkg, version, npmLine)
		}
	}
	if !regexp.MustCompile(`(?m)^export FOCAL_NPM_PREFIX="\$\{FOCAL_NPM_PREFIX:-` + regexp.QuoteMeta(DefaultNPMPrefix) + `\}"$`).Match(script) {
		t.Errorf(".ci/run does not export FOCAL_NPM_PREFIX, defaulting to %s", DefaultNPMPrefix)
	}
}

func TestNPMPackageMissingSkipsOffCIAndFailsUnderCI(t *testing.T) {
	empty := "FOCAL_NPM_PREFIX=" + t.TempDir()
	passed, out := runCase(t, "npm", "", empty)
	if !passed || !strings.Contains(out, "--- SKIP: TestHelperCase") || !strings.Contains(out, "npm install --prefix ") || !strings.Contains(out, "axe-core@4.14.1") {
		t.Errorf("off CI a missing npm package skips, saying how to install it; got:\n%s", out)
	}
	passed, out = runCase(t, "npm", "true", empty)
	if passed || !strings.Contains(out, "the npm package axe-core is missing") {
		t.Errorf("under CI a missing npm package fails; got:\n%s", out)
	}
}
