package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZSlow(t *testing.T) {
	dir := os.Getenv("CORPUS")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	worst := time.Duration(0)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.Split(string(b), "\n")
		if len(lines) < 2 {
			continue
		}
		v := strings.TrimSpace(lines[1])
		var data []byte
		if strings.HasPrefix(v, "[]byte(") {
			s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(v, "[]byte("), ")"))
			if err != nil {
				continue
			}
			data = []byte(s)
		} else if strings.HasPrefix(v, "string(") {
			s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(v, "string("), ")"))
			if err != nil {
				continue
			}
			data = []byte(s)
		}
		start := time.Now()
		for _, name := range []string{"x", "x.vtt", "x.txt", "x.md"} {
			Parse(name, data, Options{})
		}
		d := time.Since(start)
		if d > worst {
			worst = d
			fmt.Println("worst", d, f, len(data))
		}
	}
	fmt.Println(len(files), "files")
}
