package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestZZDump(t *testing.T) {
	files, _ := filepath.Glob(os.Getenv("DUMP"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		p, err := Parse(filepath.Base(f), data, Options{})
		fmt.Printf("===== %s\n", filepath.Base(f))
		if err != nil {
			fmt.Printf("ERROR %T %v\n", err, err)
			continue
		}
		fmt.Printf("format=%s turns=%d\n", p.Format, len(p.Turns))
		for _, n := range p.Notes {
			fmt.Println("NOTE", n)
		}
		max := 6
		if os.Getenv("ALL") != "" {
			max = 100000
		}
		for i, tr := range p.Turns {
			if i >= max {
				break
			}
			txt := tr.Text
			if len(txt) > 160 && os.Getenv("FULL") == "" {
				txt = txt[:160] + "..."
			}
			fmt.Printf("[%d] L%d %q/%q %d-%d %q\n", i, tr.Line, tr.Speaker, tr.Label, tr.StartMS, tr.EndMS, txt)
		}
	}
}
