package focal

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/focalqda/focal"

// packageImports reads the imports of every package in the tree, by
// folder; tests are left out (a test may build its fixture with the store).
func packageImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if out[dir] == nil {
			out[dir] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if rest, ok := strings.CutPrefix(p, module+"/"); ok {
				out[dir][rest] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// notYetThroughTheCore lists the front-end packages that still read the
// project file's adapter (coding/store) directly, each moving onto the
// application core (coding/study) in steps. A package not listed here may
// not import coding/store: the study's rules live in the core, and a front
// end that reached the store could step around them. When a package stops
// importing the store, this test asks for it to be taken off the list.
var notYetThroughTheCore = map[string]string{}

func TestFrontEndsReachTheStoreOnlyThroughTheCore(t *testing.T) {
	imports := packageImports(t)
	var dirs []string
	for dir := range imports {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		usesStore := imports[dir]["coding/store"]
		frontEnd := strings.HasPrefix(dir, "cmd/") || strings.HasPrefix(dir, "tui/") || strings.HasPrefix(dir, "export/")
		_, listed := notYetThroughTheCore[dir]
		switch {
		case frontEnd && usesStore && !listed:
			t.Errorf("%s imports coding/store: front ends go through the application core (coding/study)", dir)
		case listed && !usesStore:
			t.Errorf("%s no longer imports coding/store: take it off notYetThroughTheCore", dir)
		}
	}
}

// TestDependenciesPointOneWay checks the layers that docs/DATA.md draws:
// the corpus knows nothing of the analysis, the analysis nothing of files,
// screens or commands, and the store nothing of the core above it.
func TestDependenciesPointOneWay(t *testing.T) {
	forbidden := map[string][]string{
		"corpus":       {"coding", "export", "tui", "cmd"},
		"coding":       {"export", "tui", "cmd"},
		"export":       {"tui", "cmd", "coding/store"},
		"tui":          {"cmd", "export"},
		"coding/store": {"coding/study"},
	}
	for dir, imps := range packageImports(t) {
		for imp := range imps {
			for prefix, bad := range forbidden {
				if dir != prefix && !strings.HasPrefix(dir, prefix+"/") {
					continue
				}
				for _, b := range bad {
					if imp == b || strings.HasPrefix(imp, b+"/") {
						t.Errorf("%s imports %s: %s may not depend on %s", dir, imp, prefix, b)
					}
				}
			}
		}
	}
}
