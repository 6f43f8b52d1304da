package membercheck

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// packetFile writes P2's English packet, lets edit change it as a
// participant (or an attacker) could, and returns the file's bytes.
func packetFile(t *testing.T, edit func(f *excelize.File, p *Packet)) []byte {
	t.Helper()
	p := p2Packet(t, "en")
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, p, testSecret); err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return buf.Bytes()
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f, p)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withEntries rewrites a workbook's zip archive with extra parts.
func withEntries(t *testing.T, data []byte, extra func(w *zip.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	extra(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readBytes(data []byte, secret []byte) (*Checked, error) {
	r := bytes.NewReader(data)
	return ReadReturned(r, r.Size(), "proj", secret)
}

// Every limit on a returned packet refuses the file with a message naming
// the limit; a packet within them reads.
func TestReturnedPacketLimits(t *testing.T) {
	p := p2Packet(t, "en")
	themes := p.Wording.ThemesSheet
	if _, err := readBytes(packetFile(t, nil), testSecret); err != nil {
		t.Fatalf("a packet as written is refused: %v", err)
	}
	cases := []struct {
		name string
		file func(t *testing.T) []byte
		want string
	}{
		{"file size", func(t *testing.T) []byte {
			return withEntries(t, packetFile(t, nil), func(w *zip.Writer) {
				part, _ := w.CreateHeader(&zip.FileHeader{Name: "xl/media/image1.bin", Method: zip.Store})
				io.CopyN(part, rand.Reader, MaxWorkbookBytes)
			})
		}, "a returned packet may be at most 8.0 MB"},
		{"parts", func(t *testing.T) []byte {
			return withEntries(t, packetFile(t, nil), func(w *zip.Writer) {
				for i := 0; i < MaxWorkbookEntries; i++ {
					w.Create(fmt.Sprintf("customXml/item%d.xml", i))
				}
			})
		}, "a returned packet may have at most 200"},
		{"unzipped total", func(t *testing.T) []byte {
			return withEntries(t, packetFile(t, nil), func(w *zip.Writer) {
				part, _ := w.Create("customXml/item1.xml")
				part.Write(bytes.Repeat([]byte(" "), MaxWorkbookUnzipped))
			})
		}, "a returned packet may unzip to at most 16.0 MB"},
		{"sheets", func(t *testing.T) []byte {
			return packetFile(t, func(f *excelize.File, _ *Packet) {
				for i := 0; i < MaxWorkbookSheets; i++ {
					f.NewSheet(fmt.Sprintf("Extra %d", i))
				}
			})
		}, "a returned packet may have at most 16"},
		{"rows", func(t *testing.T) []byte {
			return packetFile(t, func(f *excelize.File, _ *Packet) {
				f.NewSheet("Notes")
				sw, _ := f.NewStreamWriter("Notes")
				for i := 1; i <= MaxSheetRows+1; i++ {
					cell, _ := excelize.CoordinatesToCellName(1, i)
					sw.SetRow(cell, []any{"x"})
				}
				sw.Flush()
			})
		}, `sheet "Notes" has more than 5000 rows`},
		{"a far row", func(t *testing.T) []byte {
			return packetFile(t, func(f *excelize.File, _ *Packet) {
				f.NewSheet("Notes")
				sw, _ := f.NewStreamWriter("Notes")
				sw.SetRow("A1000000", []any{"far away"})
				sw.Flush()
			})
		}, `sheet "Notes" has more than 5000 rows`},
		{"cells", func(t *testing.T) []byte {
			return packetFile(t, func(f *excelize.File, _ *Packet) {
				f.SetCellStr(themes, "BZ2", "a note far to the right")
			})
		}, fmt.Sprintf(`sheet %q, row 2 has 78 cells; a returned packet may have at most 64`, themes)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readBytes(c.file(t), testSecret)
			if err == nil || !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v, want a one-line limit error with %q", err, c.want)
			}
		})
	}
}

// The packet key is checked before any answer sheet is read, and a row
// whose key does not verify stops the reading there: what follows it is
// never read, however much there is.
func TestReturnedPacketStopsAtTheFirstBadKey(t *testing.T) {
	p := p2Packet(t, "en")
	themes := p.Wording.ThemesSheet
	tooManyRows := func(f *excelize.File) {
		for i := 0; i < MaxSheetRows+10; i += 500 {
			f.SetCellStr(themes, fmt.Sprintf("A%d", 10+i), "padding")
		}
		f.SetCellStr(themes, fmt.Sprintf("A%d", MaxSheetRows+50), "padding")
	}
	// Under another secret the packet key does not verify: the sheets
	// beyond the limits are never reached.
	data := packetFile(t, func(f *excelize.File, _ *Packet) { tooManyRows(f) })
	_, err := readBytes(data, []byte("another secret, another project!"))
	if err == nil || !strings.Contains(err.Error(), "the packet key does not verify") {
		t.Fatalf("got %v, want the packet key refused first", err)
	}
	// A changed row key before the rows over the limit is what is reported.
	data = packetFile(t, func(f *excelize.File, _ *Packet) {
		k, _ := f.GetCellValue(themes, "A2")
		f.SetCellStr(themes, "A2", k[:len(k)-3]+"xyz")
		tooManyRows(f)
	})
	_, err = readBytes(data, testSecret)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf(`sheet %q, row 2: the row's key does not verify`, themes)) {
		t.Fatalf("got %v, want row 2's key refused", err)
	}
}
