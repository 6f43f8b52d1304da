//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/corpus/testenv"
)

// Issue 22: hostile files are refused within bounded memory, and what the
// limits let through is read within it too. Each case runs the focal
// command (this test binary under the name focal, as the scripts do) on a
// generated file, checks that it is refused with a limit named (or read,
// when it is within the limits), and reads the child's peak resident
// memory from its rusage. The
// figures are in docs/LIMITS.md; print them with
//
//	go test ./cmd/focal -run TestRefusedInputsPeakUnder256MB -v
func TestRefusedInputsPeakUnder256MB(t *testing.T) {
	if testing.Short() {
		t.Skip("writes about 30 MB of generated files and runs focal on each")
	}
	const ceiling = 256 << 20
	dir := t.TempDir()
	focal := focalCommand(t, dir)
	// GNU time starts focal from its own small process and reports focal's
	// peak memory alone: a child this test started would count the test's
	// memory too, which it shares until it runs focal.
	gnuTime := testenv.Program(t, "time")
	run := func(args ...string) (stderr string, code int, maxRSS int64) {
		t.Helper()
		cmd := exec.Command(gnuTime, append([]string{"-f", "maxrss %M", focal}, args...)...)
		cmd.Dir = dir
		cmd.Env = []string{"HOME=" + dir, "FOCAL_PROJECT=" + filepath.Join(dir, "demo", "study.focal"), "FOCAL_CODER=amara", "TZ=UTC", "NO_COLOR=1"}
		var errBuf bytes.Buffer
		cmd.Stderr = &errBuf
		err := cmd.Run()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatalf("focal %s: %v", strings.Join(args, " "), err)
		}
		out := strings.TrimRight(errBuf.String(), "\n")
		i := strings.LastIndex(out, "maxrss ")
		if i < 0 {
			t.Fatalf("focal %s: no peak memory from GNU time in\n%s", strings.Join(args, " "), out)
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(out[i+len("maxrss "):]), 10, 64)
		if err != nil {
			t.Fatalf("GNU time's peak memory %q: %v", out[i:], err)
		}
		stderr = strings.TrimSuffix(out[:i], "Command exited with non-zero status "+strconv.Itoa(cmd.ProcessState.ExitCode())+"\n")
		return stderr, cmd.ProcessState.ExitCode(), kb << 10
	}
	mustRun := func(args ...string) {
		t.Helper()
		if errOut, code, _ := run(args...); code != 0 {
			t.Fatalf("focal %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
	}
	mustRun("demo", "demo")
	mustRun("blind", "off")
	mustRun("deid", "scan", "--no-ner")
	mustRun("deid", "accept", "--all")
	mustRun("membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--participant", "P07", "--out", "packets")
	packet := filepath.Join(dir, "packets", "P07-en.xlsx")

	cases := []struct {
		name string
		file string
		make func(path string)
		args []string
		want string
	}{
		{"qdpx: four sources of 250 MB", "four.qdpx", func(p string) {
			writeZip(t, p, map[string]string{"project.qde": qdeNaming("a.txt", "b.txt", "c.txt", "d.txt")},
				map[string]int{"sources/a.txt": 250 << 20, "sources/b.txt": 250 << 20, "sources/c.txt": 250 << 20, "sources/d.txt": 250 << 20})
		}, []string{"import"}, "a source's text may be at most"},
		{"qdpx: project.qde of 900 MB", "bigqde.qdpx", func(p string) {
			writeZip(t, p, nil, map[string]int{"project.qde": 900 << 20})
		}, []string{"import"}, "a project file may be at most"},
		{"qdpx: three sources of 60 MB", "three.qdpx", func(p string) {
			writeZip(t, p, map[string]string{"project.qde": qdeNaming("a.txt", "b.txt", "c.txt")},
				map[string]int{"sources/a.txt": 60 << 20, "sources/b.txt": 60 << 20, "sources/c.txt": 60 << 20})
		}, []string{"import"}, "a source's text may be at most"},
		{"qdpx: nine sources of 4 MB", "nine.qdpx", func(p string) {
			names := []string{}
			sizes := map[string]int{}
			for i := 0; i < 9; i++ {
				names = append(names, fmt.Sprintf("s%d.txt", i))
				sizes["sources/"+names[i]] = 4<<20 - 4096
			}
			writeZip(t, p, map[string]string{"project.qde": qdeNaming(names...)}, sizes)
		}, []string{"import"}, "a REFI-QDA file may hold at most 32.0 MB of them"},
		{"workbook: 700,000 shared strings, within the size limits", "strings.xlsx", func(p string) {
			workbookWithStrings(t, packet, p, 700_000)
		}, []string{"membercheck", "import"}, ""},
		{"workbook: 1.5 million rows", "rows.xlsx", func(p string) {
			workbookWithRows(t, packet, p, 1_500_000)
		}, []string{"membercheck", "import"}, "over a limit for returned packets"},
		{"workbook: 170,000 rows within the size limits", "rows2.xlsx", func(p string) {
			workbookWithRows(t, packet, p, 170_000)
		}, []string{"membercheck", "import"}, "has more than 5000 rows"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.file)
		c.make(path)
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		errOut, code, rss := run(append(c.args, c.file)...)
		switch {
		case c.want == "" && code != 0:
			t.Errorf("%s: exit %d, want the file read (it holds nothing over a limit):\n%s", c.name, code, errOut)
		case c.want != "" && (code == 0 || !strings.Contains(errOut, c.want)):
			t.Errorf("%s: exit %d, want a refusal naming %q:\n%s", c.name, code, c.want, errOut)
		}
		t.Logf("| %s | %.1f MB | %d MB | %s", c.name, float64(fi.Size())/(1<<20), rss>>20, strings.TrimSpace(errOut))
		if rss > ceiling {
			t.Errorf("%s: peak resident memory %d MB, over %d MB", c.name, rss>>20, ceiling>>20)
		}
		os.Remove(path)
	}
}

// focalCommand makes this test binary runnable as focal (TestMain runs
// the command line when it is started under that name). Under the race
// detector, whose instrumentation multiplies memory, it builds focal
// plainly instead, so that the figures are a user's.
func focalCommand(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o700); err != nil {
		t.Fatal(err)
	}
	focal := filepath.Join(bin, "focal")
	if raceDetector {
		goTool, err := exec.LookPath("go")
		if err != nil {
			t.Fatalf("the go command, to build focal without the race detector: %v", err)
		}
		build := exec.Command(goTool, "build", "-o", focal, ".")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building focal without the race detector: %v\n%s", err, out)
		}
		return focal
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, focal); err != nil {
		t.Fatal(err)
	}
	return focal
}

// qdeNaming is a REFI-QDA project whose text sources are the files named.
func qdeNaming(files ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="hostile" origin="Test"><Sources>`)
	for i, f := range files {
		fmt.Fprintf(&b, `<TextSource guid="55555555-0000-4000-8000-%012d" name="s%d" plainTextPath="internal://%s"/>`, i+1, i+1, f)
	}
	b.WriteString(`</Sources></Project>`)
	return b.String()
}

// writeZip writes an archive with small entries as given and large ones
// of n bytes of transcript-like text, each deflated for real (sizes in
// the directory are true). Entries of the same size share one stream.
func writeZip(t *testing.T, path string, small map[string]string, large map[string]int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for name, text := range small {
		w, _ := zw.Create(name)
		w.Write([]byte(text))
	}
	type stream struct {
		data []byte
		crc  uint32
	}
	streams := map[int]stream{}
	for name, n := range large {
		s, ok := streams[n]
		if !ok {
			var buf bytes.Buffer
			fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
			h := crc32.NewIEEE()
			line := bytes.Repeat([]byte("Ana: the nights were long and I was the only one there.\n"), 10000)
			for left := n; left > 0; left -= len(line) {
				chunk := line[:min(left, len(line))]
				fw.Write(chunk)
				h.Write(chunk)
			}
			fw.Close()
			s = stream{buf.Bytes(), h.Sum32()}
			streams[n] = s
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: s.crc,
			CompressedSize64: uint64(len(s.data)), UncompressedSize64: uint64(n)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(s.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// workbookWithRows writes the packet with a sheet of n rows added.
func workbookWithRows(t *testing.T, packet, path string, n int) {
	t.Helper()
	f, err := excelize.OpenFile(packet)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.NewSheet("Notes")
	sw, err := f.NewStreamWriter("Notes")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		sw.SetRow(fmt.Sprintf("A%d", i), []any{i})
	}
	sw.Flush()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// workbookWithStrings writes the packet with n short strings added to its
// shared strings (no cell uses them).
func workbookWithStrings(t *testing.T, packet, path string, n int) {
	t.Helper()
	zr, err := zip.OpenReader(packet)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, _ := f.Open()
		var old bytes.Buffer
		old.ReadFrom(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		head, _, _ := bytes.Cut(old.Bytes(), []byte("</sst>"))
		w.Write(head)
		for i := 0; i < n; i++ {
			fmt.Fprintf(w, "<si><t>%d</t></si>", i)
		}
		w.Write([]byte("</sst>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
