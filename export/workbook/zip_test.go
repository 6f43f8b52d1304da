package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// TestParallelZipPartsReadBack: parts of every size, written in small and
// large writes across the pieces that are deflated apart, read back from
// the zip byte for byte, with their sizes and checksums checked by
// archive/zip.
func TestParallelZipPartsReadBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"<c r=\"A1\">", "we", "never", "learned", "my name", "</c>", "“quote”", "\n"}
	parts := map[string][]byte{}
	var names []string
	for i, size := range []int{0, 1, 1000, zipChunk - 1, zipChunk, zipChunk + 1, 3*zipChunk + 12345, 9 * zipChunk} {
		var b bytes.Buffer
		for b.Len() < size {
			b.WriteString(words[rng.IntN(len(words))])
		}
		name := fmt.Sprintf("xl/worksheets/sheet%d.xml", i)
		if i == 2 {
			name = "xl/media/año.xml" // a name that needs the UTF-8 flag
		}
		parts[name] = b.Bytes()[:size]
		names = append(names, name)
	}
	var out bytes.Buffer
	z := newParallelZip(&out)
	for i, name := range names {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		data := parts[name]
		step := 32 << 10
		if i%2 == 1 {
			step = 5 << 20
		}
		for len(data) > 0 {
			n := min(step, len(data))
			if _, err := w.Write(data[:n]); err != nil {
				t.Fatal(err)
			}
			data = data[n:]
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.File) != len(names) {
		t.Fatalf("%d files in the zip, want %d", len(r.File), len(names))
	}
	for i, f := range r.File {
		if f.Name != names[i] {
			t.Errorf("file %d is %s, want %s", i, f.Name, names[i])
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC-32 and the size at the end
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, parts[f.Name]) {
			t.Errorf("%s: %d bytes read back differ from the %d written", f.Name, len(got), len(parts[f.Name]))
		}
		if utf8 := f.Flags&0x800 != 0; utf8 != (f.Name == "xl/media/año.xml") {
			t.Errorf("%s: UTF-8 flag %v", f.Name, utf8)
		}
		if f.UncompressedSize64 != uint64(len(parts[f.Name])) {
			t.Errorf("%s: directory says %d bytes, want %d", f.Name, f.UncompressedSize64, len(parts[f.Name]))
		}
	}
}
