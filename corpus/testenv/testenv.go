// Package testenv is test support, imported only by _test.go files. It is
// how a test says that something it needs from outside the repository is
// missing: a program (tmux, xmllint, chromium, libreoffice), a module of
// Debian's Python (nltk, openpyxl), an npm package (axe-core), or the team's shared folder (../shared beside
// the clone, with the published agreement vectors and real-world samples).
//
// On a developer's machine such a test skips, naming what is missing and
// how to install it. When the environment variable CI is set (non-empty),
// as it is where .ci/run runs, the test fails instead: a CI run in which a
// check quietly did not happen cannot pass. .ci/run installs every program
// and module listed here (TestCIInstallsEveryTool checks that it does).
//
// It lives under corpus/, the bottom layer, because every layer's tests
// use it (corpus, coding, export, tui and cmd) and each of them may import
// corpus; an internal package would be visible to one of those trees only.
// It imports nothing of the module, and no program imports it.
package testenv

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Python is Debian's Python, whose packages python3-nltk and
// python3-openpyxl the tests use (another python3 on PATH may lack them).
const Python = "/usr/bin/python3"

// tools names, for each program and Python module the tests use, the
// Debian package that installs it. .ci/run installs every one of them.
func tools() map[string]string {
	return map[string]string{
		"tmux":     "tmux",          // tui/e2e drives the workspace in a real terminal
		"xmllint":  "libxml2-utils", // REFI-QDA files against their published schemas
		"chromium": "chromium",      // the HTML report rendered in a browser
		"nltk":     "python3-nltk",  // agreement cross-checked against NLTK
		"openpyxl": "python3-openpyxl",
		"git":      "git",            // focal version names the commit git reports
		"ssh":      "openssh-client", // focal serve with the ssh client researchers use
		// The Word report converted to PDF by LibreOffice (Writer without
		// its windows), and the PDF read back as text and as page images.
		"libreoffice": "libreoffice-writer-nogui",
		"pdftotext":   "poppler-utils",
		"pdftoppm":    "poppler-utils",
		"pdfimages":   "poppler-utils",
		// GNU time reports a command's own peak memory; a Go test that
		// starts the command itself would read its own memory too (the
		// child shares it until exec).
		"time": "time",
	}
}

// npmPackages names, for each npm package the tests use, the version
// .ci/run installs (npm install --prefix NPMPrefix PACKAGE@VERSION).
func npmPackages() map[string]string {
	return map[string]string{
		"axe-core": "4.14.1", // accessibility rules (WCAG 2.1 AA) run over pages in chromium
	}
}

// DefaultNPMPrefix is where .ci/run installs the npm packages the tests
// use; the environment variable FOCAL_NPM_PREFIX names another folder.
const DefaultNPMPrefix = "/opt/focal-npm"

// NPMFile returns the path of rel (slash-separated, such as
// "axe.min.js") inside the npm package pkg installed under
// $FOCAL_NPM_PREFIX (else DefaultNPMPrefix) at the version .ci/run pins,
// or ends the test through Missing. pkg must be one of the packages
// .ci/run installs.
func NPMFile(t testing.TB, pkg, rel string) string {
	t.Helper()
	version, ok := npmPackages()[pkg]
	if !ok {
		t.Fatalf("testenv: %s is not an npm package .ci/run installs: add it to npmPackages in corpus/testenv and to .ci/run", pkg)
	}
	prefix := os.Getenv("FOCAL_NPM_PREFIX")
	if prefix == "" {
		prefix = DefaultNPMPrefix
	}
	install := "npm install --prefix " + prefix + " " + pkg + "@" + version
	dir := filepath.Join(prefix, "node_modules", filepath.FromSlash(pkg))
	manifest, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		Missing(t, "the npm package "+pkg, install)
	}
	var meta struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(manifest, &meta); err != nil || meta.Version != version {
		Missing(t, "the npm package "+pkg+"@"+version+" (found "+meta.Version+")", install)
	}
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		Missing(t, pkg+"/"+rel, install)
	}
	return path
}

// InCI reports whether the tests run in CI: the environment variable CI
// is set and not empty.
func InCI() bool { return os.Getenv("CI") != "" }

// Missing ends the test because what is not on this machine; install says
// how to get it. The test skips, or under CI fails.
func Missing(t testing.TB, what, install string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is missing (%s); CI is set, so this test fails rather than skip", what, install)
	}
	t.Skipf("%s is missing (%s); under CI this test fails", what, install)
}

// MissingPart is Missing for one part of a test: the test logs what is
// missing and goes on without that part, or under CI fails.
func MissingPart(t testing.TB, what, install string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is missing (%s); CI is set, so the part of this test that needs it may not be left out", what, install)
	}
	t.Logf("%s is missing (%s): the part of this test that needs it is left out; under CI this test fails", what, install)
}

// Program returns the path of the program name on PATH, or ends the test
// through Missing. name must be one of the tools .ci/run installs.
func Program(t testing.TB, name string) string {
	t.Helper()
	pkg := debianPackage(t, name)
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "the program "+name, "apt-get install -y "+pkg)
	}
	return path
}

// PythonWith returns Python once it can import module (such as
// "nltk.metrics.agreement"), or ends the test through Missing. The
// module's top-level package must be one of the tools .ci/run installs.
func PythonWith(t testing.TB, module string) string {
	t.Helper()
	pkg := debianPackage(t, strings.Split(module, ".")[0])
	if err := pythonImports(module); err != nil {
		Missing(t, "Python's "+module, "apt-get install -y "+pkg)
	}
	return Python
}

// PythonHas reports whether Python can import module; when it cannot, the
// part of the test that needs it is left out through MissingPart.
func PythonHas(t testing.TB, module string) bool {
	t.Helper()
	pkg := debianPackage(t, strings.Split(module, ".")[0])
	if err := pythonImports(module); err != nil {
		MissingPart(t, "Python's "+module, "apt-get install -y "+pkg)
		return false
	}
	return true
}

func pythonImports(module string) error {
	if _, err := os.Stat(Python); err != nil {
		return err
	}
	return exec.Command(Python, "-c", "import "+module).Run()
}

func debianPackage(t testing.TB, tool string) string {
	t.Helper()
	pkg, ok := tools()[tool]
	if !ok {
		t.Fatalf("testenv: no Debian package is known for %s: add it to tools in corpus/testenv and to .ci/run", tool)
	}
	return pkg
}

// Shared returns the path of rel (slash-separated, such as
// "samples/refi" or "agreement-vectors.json") inside the team's shared
// folder, ../shared beside the clone, or ends the test through Missing.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	path, err := SharedPath(rel)
	if err == nil {
		_, err = os.Stat(path)
	}
	if err != nil {
		Missing(t, "../shared/"+rel, "the team's shared folder belongs beside the clone, as ../shared; a clone elsewhere has none: "+err.Error())
	}
	return path
}

// SharedPath returns where rel would be in the shared folder, whether or
// not it is there: beside the folder of go.mod, found upwards from the
// working directory (a package's folder while its tests run).
func SharedPath(rel string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(root), "shared", filepath.FromSlash(rel)), nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
