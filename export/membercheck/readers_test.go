package membercheck

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/focalqda/focal/export/internal/xlsxtest"
)

// TestPacketReadsTheSameForEveryReader: a participant's packet, in English
// and Spanish, reads the same in openpyxl's both modes and in excelize, so
// a script that opens it read-only does not see empty sheets.
func TestPacketReadsTheSameForEveryReader(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		p := p2Packet(t, lang)
		var buf bytes.Buffer
		if err := WriteWorkbook(&buf, p, testSecret); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "packet-"+lang+".xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		// The packet has the introduction, the themes with their questions,
		// the participant's quotes and the hidden key: well over 20 cells.
		if n := xlsxtest.SameForEveryReader(t, path); n < 20 {
			t.Errorf("%s packet: %d cells read, want the packet's content", lang, n)
		}
	}
}
