package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus/transcript"
)

// generatedTranscript writes a focus group of about `words` words in VTT
// (Zoom style) or plain text with timestamped labels.
func generatedTranscript(format string, words int) []byte {
	rng := rand.New(rand.NewPCG(7, 11))
	vocab := strings.Fields("I think we were the only ones on the team who felt that nobody asked about our day. " +
		"Dr. Whitfield never learned my name, and honestly, after a night shift at 3 a.m. you just stop speaking up. " +
		"But then my co-resident said: \"you belong here\" and that changed everything, you know? Um, yeah.")
	speakers := []string{"Dana Reyes", "Zoë Lindqvist", "Nguyễn Thảo", "José Álvarez", "Priya Raman", "Tomás O'Neill"}
	var b strings.Builder
	if format == "vtt" {
		b.WriteString("WEBVTT\n\n")
	}
	ms := 0
	for cue, written := 1, 0; written < words; cue++ {
		n := 8 + rng.IntN(20)
		var line strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(vocab[rng.IntN(len(vocab))])
		}
		written += n
		who := speakers[rng.IntN(len(speakers))]
		start, end := ms, ms+n*350
		ms = end + 200
		switch format {
		case "vtt":
			fmt.Fprintf(&b, "%d\n%s --> %s\n%s: %s\n\n", cue, vttTime(start), vttTime(end), who, line.String())
		default:
			fmt.Fprintf(&b, "%s (%s): %s\n\n", who, vttTime(start)[:8], line.String())
		}
	}
	return []byte(b.String())
}

func vttTime(ms int) string {
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// BenchmarkImport measures the whole import of one file: parse, build the
// stored text, sentence and word units, and the one transaction that saves
// it. Bytes per operation divided by the file size shows whether memory
// grows faster than the file.
func BenchmarkImport(b *testing.B) {
	for _, format := range []string{"vtt", "txt"} {
		for _, words := range []int{100_000, 1_000_000} {
			data := generatedTranscript(format, words)
			b.Run(fmt.Sprintf("%s-%dk-words", format, words/1000), func(b *testing.B) {
				ctx := context.Background()
				s, err := store.Create(ctx, filepath.Join(b.TempDir(), "bench.focal"), "")
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					_, ns, err := prepareImport("fg."+format, data, importOptions{name: fmt.Sprintf("fg%d", i)}, transcript.Options{}, nil, nil)
					if err != nil {
						b.Fatal(err)
					}
					ns.AllowDuplicate = true
					if _, err := s.ImportSource(ctx, *ns); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
