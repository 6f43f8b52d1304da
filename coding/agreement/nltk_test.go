package agreement

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/testenv"
)

// debianPython is Debian's Python, which has python3-nltk; the python3
// first on the PATH may be another install without it.
const debianPython = testenv.Python

// needNLTK skips the test or benchmark without Debian's python3-nltk, or
// under CI fails it.
func needNLTK(t testing.TB) {
	t.Helper()
	testenv.PythonWith(t, "nltk.metrics.agreement")
}

// randomCorpus makes sources of ~150-character turns with random codings
// by several coders.
func randomCorpus(rng *rand.Rand, sources, turnsPer, codes, coders, codingsPer int) ([]Source, []string, []string) {
	var codeNames, coderNames []string
	for c := range codes {
		codeNames = append(codeNames, fmt.Sprintf("code%03d", c))
	}
	for c := range coders {
		coderNames = append(coderNames, fmt.Sprintf("coder%d", c))
	}
	var out []Source
	for s := range sources {
		var b strings.Builder
		var turns []Turn
		pos := 0
		for t := range turnsPer {
			label := fmt.Sprintf("P%d", t%5)
			words := strings.Repeat("word ", 29) + "end."
			line := label + ": " + words + "\n"
			turns = append(turns, Turn{Seq: t + 1, Speaker: label, Moderator: t%7 == 0,
				Label: corpus.Span{Start: pos, End: pos + len(label)}, Utterance: corpus.Span{Start: pos + len(label) + 2, End: pos + len(line) - 1}})
			b.WriteString(line)
			pos += len(line)
		}
		src := Source{Name: fmt.Sprintf("s%03d", s), Text: b.String(), Turns: turns, Codings: map[string][][]corpus.Span{}}
		for range codingsPer {
			code := codeNames[rng.IntN(codes)]
			c := rng.IntN(coders)
			if src.Codings[code] == nil {
				src.Codings[code] = make([][]corpus.Span, coders)
			}
			start := rng.IntN(pos - 400)
			src.Codings[code][c] = append(src.Codings[code][c], corpus.Span{Start: start, End: start + 20 + rng.IntN(380)})
		}
		out = append(out, src)
	}
	return out, codeNames, coderNames
}

// turnTriples writes the turn-unit reliability data of each code as
// code,coder,unit,label rows for NLTK.
func turnTriples(t testing.TB, sources []Source, codes, coders []string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, src := range sources {
		layout, err := Layout(src, Options{Unit: UnitTurn, Scope: ScopeParticipants})
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range codes {
			spans := make([][]agree.Span, len(coders))
			for c := range coders {
				if per := src.Codings[code]; per != nil {
					spans[c] = toAgreeSpans(per[c])
				}
			}
			p, err := layout.Presence(spans)
			if err != nil {
				t.Fatal(err)
			}
			for u, up := range p.PerUnit {
				if up.Blank {
					continue
				}
				for c, coder := range coders {
					w.Write([]string{code, coder, fmt.Sprintf("%s/%d", src.Name, u), strconv.FormatUint(up.Applied>>c&1, 10)})
				}
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

type nltkFigures struct {
	alpha, kappa agree.Value
	seconds      float64
}

func runNLTK(t testing.TB, triples []byte) map[string]nltkFigures {
	t.Helper()
	path := filepath.Join(t.TempDir(), "triples.csv")
	if err := os.WriteFile(path, triples, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(debianPython, filepath.Join("testdata", "nltk_agreement.py"), path).Output()
	if err != nil {
		t.Fatalf("nltk: %v", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]nltkFigures{}
	parse := func(s string) agree.Value {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return agree.Value{Reason: s}
		}
		return agree.Value{V: v, Defined: true}
	}
	for _, r := range rows {
		secs, _ := strconv.ParseFloat(r[3], 64)
		res[r[0]] = nltkFigures{alpha: parse(r[1]), kappa: parse(r[2]), seconds: secs}
	}
	return res
}

// On turn units, Focal's alpha and mean pairwise kappa per code equal
// NLTK's AnnotationTask on the same reliability data, except where NLTK is
// known to differ (it returns alpha = 1 and fails on kappa when only one
// value occurs; Focal reports those as undefined).
func TestTurnAgreementMatchesNLTK(t *testing.T) {
	needNLTK(t)
	rng := rand.New(rand.NewPCG(3, 5))
	sources, codes, coders := randomCorpus(rng, 6, 40, 12, 4, 120)
	rep, err := Compute(sources, codes, coders, Options{Unit: UnitTurn, Scope: ScopeParticipants})
	if err != nil {
		t.Fatal(err)
	}
	nltk := runNLTK(t, turnTriples(t, sources, codes, coders))
	compared := 0
	for _, cr := range rep.PerCode {
		n, ok := nltk[cr.Code]
		if !ok {
			t.Fatalf("NLTK gave nothing for %s", cr.Code)
		}
		var kappas []agree.Value
		for _, p := range cr.Pairs {
			kappas = append(kappas, p.CohenKappa)
		}
		meanKappa := mean(kappas)
		if !cr.Group.KrippendorffAlpha.Defined {
			continue // NLTK says 1 here; Focal says undefined, on purpose
		}
		if math.Abs(cr.Group.KrippendorffAlpha.V-n.alpha.V) > 1e-9 {
			t.Errorf("%s: alpha %v, NLTK %v", cr.Code, cr.Group.KrippendorffAlpha.V, n.alpha.V)
		}
		if meanKappa.Codes == len(cr.Pairs) && n.kappa.Defined && math.Abs(meanKappa.Value.V-n.kappa.V) > 1e-9 {
			t.Errorf("%s: mean kappa %v, NLTK %v", cr.Code, meanKappa.Value.V, n.kappa.V)
		}
		compared++
	}
	if compared < len(codes)/2 {
		t.Fatalf("only %d codes compared", compared)
	}
}

// BenchmarkTurnAgreementVersusNLTK times Focal and NLTK on the same turn
// units in one run, by CPU time (on a shared machine wall time mostly
// measures the other processes), and reports the ratio.
func BenchmarkTurnAgreementVersusNLTK(b *testing.B) {
	needNLTK(b)
	rng := rand.New(rand.NewPCG(9, 9))
	// 100 sources × 200 turns of ~150 characters, 200 codes, 4 coders,
	// 100,000 codings: the benchmark project on turn units.
	sources, codes, coders := randomCorpus(rng, 100, 200, 200, 4, 1000)
	triples := turnTriples(b, sources, codes, coders)
	var focal time.Duration
	runs := 0
	for b.Loop() {
		start, _ := processCPU()
		if _, err := Compute(sources, codes, coders, Options{Unit: UnitTurn, Scope: ScopeParticipants, PooledOnly: true}); err != nil {
			b.Fatal(err)
		}
		end, _ := processCPU()
		focal += end - start
		runs++
	}
	perRun := focal.Seconds() / float64(runs)
	nltk := runNLTK(b, triples)
	var nltkSeconds float64
	for _, f := range nltk {
		nltkSeconds += f.seconds
	}
	b.ReportMetric(perRun, "focal-cpu-s")
	b.ReportMetric(nltkSeconds, "nltk-cpu-s")
	b.ReportMetric(nltkSeconds/perRun, "nltk/focal")
}
