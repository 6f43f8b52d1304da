package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// Every focal command, even `focal --help`, first runs the initialisation
// of every package linked into the binary. Work done there is paid by each
// command, so it has to stay small: tables and expressions that only some
// commands need are built on first use (issue 16). These tests guard that
// without timing anything, from the allocations Go reports for each
// package's initialisation (GODEBUG=inittrace=1) and from the versions of
// the dependencies known to do heavy work at load.

// Bounds on the memory allocated while packages initialise. Focal's own
// packages stay far below ownInitBytes (the largest, the transcript
// parser's word tables, allocates about 9 KB); before issue 16 one of them
// compiled its de-identification patterns at load for 180 KB. The largest dependency
// (excelize) allocates about 1.3 MB. Above totalInitBytes the garbage
// collector starts its first cycle before main (its first goal is 4 MB).
const (
	ownInitBytes   = 64 << 10
	depInitBytes   = 2 << 20
	totalInitBytes = 4 << 20
)

// initLine is one line of GODEBUG=inittrace=1 output:
// "init example.com/pkg @1.2 ms, 0.05 ms clock, 4096 bytes, 12 allocs".
var initLine = regexp.MustCompile(`^init (\S+) @[0-9.]+ ms, [0-9.]+ ms clock, ([0-9]+) bytes, ([0-9]+) allocs$`)

// packageInits runs this test binary again without running any test, so
// that only the initialisation of the packages it links (those of the
// focal binary, plus the testing package) is done, and returns the bytes
// each one allocated.
func packageInits(t *testing.T) map[string]int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("running the test binary with GODEBUG=inittrace=1: %v\n%s", err, stderr.String())
	}
	inits := map[string]int{}
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		m := initLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		inits[m[1]] += n
	}
	return inits
}

func TestPackageInitialisationStaysSmall(t *testing.T) {
	inits := packageInits(t)
	const own = "github.com/focalqda/focal/"
	// The trace must cover the packages of the binary, or the test would
	// pass on an empty or changed output format.
	for _, pkg := range []string{own + "coding/store", own + "cmd/focal/internal/cli", "github.com/xuri/excelize/v2"} {
		if _, ok := inits[pkg]; !ok {
			t.Fatalf("GODEBUG=inittrace=1 reported no initialisation of %s; got %d packages", pkg, len(inits))
		}
	}
	total := 0
	for pkg, n := range inits {
		total += n
		switch {
		case strings.HasPrefix(pkg, own) && n > ownInitBytes:
			t.Errorf("initialising %s allocates %d bytes (bound %d): every focal command pays for it; build the table or expression on first use (sync.OnceValue)", pkg, n, ownInitBytes)
		case n > depInitBytes:
			t.Errorf("initialising %s allocates %d bytes (bound %d): every focal command pays for it; look for a version of the dependency that does less at load", pkg, n, depInitBytes)
		}
	}
	if total > totalInitBytes {
		t.Errorf("package initialisation allocates %d bytes in all (bound %d): the garbage collector runs before main in every command", total, totalInitBytes)
	}
}

// TestNoWidthTableBuiltAtLoad refuses the versions of go-runewidth (through
// the terminal packages) that fill a 1.1-million-entry table when the
// program starts, about 35 ms of CPU in every command: v0.0.27 and earlier.
// From v0.0.28 the table is built on the first width lookup. That work
// allocates nothing, so the allocation bounds above cannot see it.
func TestNoWidthTableBuiltAtLoad(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information in this test binary")
	}
	const path = "github.com/mattn/go-runewidth"
	for _, dep := range info.Deps {
		if dep.Replace != nil {
			dep = dep.Replace
		}
		if dep.Path != path {
			continue
		}
		var patch int
		if _, err := fmt.Sscanf(dep.Version, "v0.0.%d", &patch); err == nil && patch <= 27 {
			t.Errorf("%s %s builds its width table at load (about 35 ms of CPU in every focal command); use v0.0.28 or later", path, dep.Version)
		}
		return
	}
	t.Skipf("%s is not linked into focal any more", path)
}
