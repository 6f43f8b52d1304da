package refiqda

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding"
)

// bigEntry adds an entry of n bytes of text to a zip being written.
func bigEntry(t *testing.T, zw *zip.Writer, name string, n int) {
	t.Helper()
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte("Moderator: and how did the nights feel?\n")
	for n > 0 {
		k := min(n, len(line))
		w.Write(line[:k])
		n -= k
	}
}

// qdeWith is miniQDE with the text source's attributes and extra
// elements put into the project.
func qdeWith(sourceAttrs, extra string) string {
	return strings.Replace(miniQDE(sourceAttrs, "0", "4"), "</Project>", extra+"</Project>", 1)
}

// Every limit on a REFI-QDA file refuses it with one line naming the
// limit, before the texts are read; a file within them reads.
func TestReadLimits(t *testing.T) {
	src := `plainTextPath="internal://fg01.txt"`
	within := zipOf(t, "project.qde", miniQDE(src, "0", "4"), "sources/fg01.txt", "Ana: I was the only one.\n")
	if _, err := ReadQDPX(bytes.NewReader(within), int64(len(within))); err != nil {
		t.Fatalf("a small project is refused: %v", err)
	}
	manySources := func(t *testing.T, n, size int) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		var sources strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sources, `<TextSource guid="55555555-0000-4000-8000-%012d" name="big%02d" plainTextPath="internal://big%02d.txt"/>`, 100+i, i, i)
			bigEntry(t, zw, fmt.Sprintf("sources/big%02d.txt", i), size)
		}
		w, _ := zw.Create("project.qde")
		w.Write([]byte(strings.Replace(miniQDE(src, "0", "4"), "</Sources>", sources.String()+"</Sources>", 1)))
		bigEntry(t, zw, "sources/fg01.txt", 100)
		zw.Close()
		return buf.Bytes()
	}
	cases := []struct {
		name, file string
		data       func(t *testing.T) []byte
		want       string
	}{
		{"entries", "study.qdpx", func(t *testing.T) []byte {
			files := []string{"project.qde", miniQDE(src, "0", "4"), "sources/fg01.txt", "Ana: hi\n"}
			for i := 0; i < MaxArchiveEntries; i++ {
				files = append(files, fmt.Sprintf("pictures/p%d.png", i), "")
			}
			return zipOf(t, files...)
		}, "the archive holds 10002 entries; a .qdpx may hold at most 10000"},
		{"project file in the archive", "study.qdpx", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			bigEntry(t, zw, "project.qde", MaxProjectBytes+1)
			zw.Close()
			return buf.Bytes()
		}, `"project.qde" is 32.0 MB uncompressed; a project file may be at most 32.0 MB`},
		{"source text", "study.qdpx", func(t *testing.T) []byte { return manySources(t, 1, MaxTextBytes+1) },
			`the text of source "big00" ("big00.txt") is 4.0 MB; a source's text may be at most 4.0 MB`},
		{"source text inside the XML", "study.qdpx", func(t *testing.T) []byte {
			text := strings.Repeat("Ana: so lonely. ", MaxTextBytes/16+1)
			return zipOf(t, "project.qde", strings.Replace(miniQDE("", "0", "4"), "\n      <PlainTextSelection", "<PlainTextContent>"+text+"</PlainTextContent><PlainTextSelection", 1))
		}, `the text of source "fg01" is 4.0 MB; a source's text may be at most 4.0 MB`},
		{"texts in total", "study.qdpx", func(t *testing.T) []byte { return manySources(t, 9, MaxTextBytes-1000) },
			"a REFI-QDA file may hold at most 32.0 MB of them"},
		{"note text", "study.qdpx", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("project.qde")
			w.Write([]byte(qdeWith(src, `<Notes><Note guid="99999999-0000-4000-8000-000000000001" name="long memo" plainTextPath="internal://memo.txt"/></Notes>`)))
			bigEntry(t, zw, "sources/fg01.txt", 100)
			bigEntry(t, zw, "sources/memo.txt", coding.MaxMemoBytes+1)
			zw.Close()
			return buf.Bytes()
		}, `the text of note "long memo" ("memo.txt") is 1.0 MB; a note may be at most 1.0 MB`},
		{"code name", "study.qdpx", func(t *testing.T) []byte {
			qde := strings.Replace(miniQDE(src, "0", "4"), `name="isolation"`, `name="`+strings.Repeat("x", coding.MaxNameBytes+1)+`"`, 1)
			return zipOf(t, "project.qde", qde, "sources/fg01.txt", "Ana: hi\n")
		}, `a code's name is 4.0 KB ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"); a name may be at most 4.0 KB`},
		{"code description", "study.qdpx", func(t *testing.T) []byte {
			qde := strings.Replace(miniQDE(src, "0", "4"), `isCodable="true"/>`, `isCodable="true"><Description>`+strings.Repeat("y", coding.MaxMemoBytes+1)+`</Description></Code>`, 1)
			return zipOf(t, "project.qde", qde, "sources/fg01.txt", "Ana: hi\n")
		}, `code "isolation"'s description is 1.0 MB; a memo or description may be at most 1.0 MB`},
		{"bare project file", "study.qde", func(t *testing.T) []byte { return nil },
			"the project file is 65.0 MB; it may be at most 32.0 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.file)
			if data := c.data(t); data != nil {
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
			} else {
				// A sparse file: its size is what is refused.
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				f.Truncate(65 << 20)
				f.Close()
			}
			_, err := ReadFile(path)
			if err == nil || !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v\nwant a one-line limit error with %q", err, c.want)
			}
		})
	}
}

// A bare .qde's texts beside it in sources/ are checked by their size on
// disk before they are read.
func TestReadLimitsBareQDE(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sources"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "study.qde"), []byte(miniQDE(`plainTextPath="internal://fg01.txt"`, "0", "4")), 0o600); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "sources", "fg01.txt")
	if err := os.WriteFile(text, []byte("Ana: I was the only one.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(filepath.Join(dir, "study.qde")); err != nil {
		t.Fatalf("within the limits: %v", err)
	}
	if err := os.Truncate(text, MaxTextBytes+1); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(filepath.Join(dir, "study.qde"))
	if want := `the text of source "fg01" ("fg01.txt") is 4.0 MB; a source's text may be at most 4.0 MB`; err == nil || !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want %q", err, want)
	}
}
