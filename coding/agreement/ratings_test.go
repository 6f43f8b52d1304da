package agreement

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus/testenv"
)

// Krippendorff's (2011) worked example, written as the CSV a user would
// give `focal agree table`, must give the published alphas.
func TestRatingsTableReproducesKrippendorff2011(t *testing.T) {
	raw, err := os.ReadFile(testenv.Shared(t, "agreement-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Name     string       `json:"name"`
		Level    string       `json:"level"`
		Data     [][]*float64 `json:"data"`
		Expected float64      `json:"expected"`
		Decimals int          `json:"expected_decimals"`
	}
	var all []json.RawMessage
	json.Unmarshal(raw, &all)
	for _, item := range all {
		var v struct {
			Name     string       `json:"name"`
			Level    string       `json:"level"`
			Data     [][]*float64 `json:"data"`
			Expected float64      `json:"expected"`
			Decimals int          `json:"expected_decimals"`
		}
		if json.Unmarshal(item, &v) == nil && strings.HasPrefix(v.Name, "k2011_alpha_") && !strings.HasSuffix(v.Name, "_Do") && !strings.HasSuffix(v.Name, "_De") {
			vectors = append(vectors, v)
		}
	}
	if len(vectors) != 4 {
		t.Fatalf("found %d k2011 alpha vectors, want 4", len(vectors))
	}
	for _, v := range vectors {
		var b strings.Builder
		b.WriteString("unit,A,B,C,D\n")
		for u, row := range v.Data {
			fmt.Fprintf(&b, "u%d", u+1)
			for _, x := range row {
				b.WriteByte(',')
				if x != nil {
					fmt.Fprint(&b, *x)
				}
			}
			b.WriteByte('\n')
		}
		f, err := ReadRatingsCSV(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		level, _ := agree.ParseLevel(v.Level)
		res, err := ComputeTable(f, level, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := res.KrippendorffAlpha
		if !got.Defined || math.Abs(got.V-v.Expected) > 0.5*math.Pow(10, -float64(v.Decimals)) {
			t.Errorf("%s: alpha %v, want %v", v.Name, got, v.Expected)
		}
		if res.CohenKappa != nil {
			t.Errorf("%s: Cohen's kappa given for 4 coders", v.Name)
		}
	}
}

func TestRatingsCSVWordsAndErrors(t *testing.T) {
	f, err := ReadRatingsCSV(strings.NewReader("unit,ana,ben\nt1,yes,yes\nt2,no,yes\nt3,no,\nt4,no,no\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ComputeTable(f, agree.Nominal, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Units rated by both: t1 (yes,yes), t2 (no,yes), t4 (no,no):
	// p_o = 2/3; a = (no 2/3, yes 1/3), b = (no 1/3, yes 2/3);
	// p_e = 2/9 + 2/9 = 4/9; kappa = (6/9 − 4/9)/(5/9) = 0.4.
	if res.CohenKappa == nil || math.Abs(res.CohenKappa.V-0.4) > 1e-12 {
		t.Errorf("kappa = %v, want 0.4", res.CohenKappa)
	}
	if _, err := ComputeTable(f, agree.Interval, 0); err == nil {
		t.Error("interval level accepted words")
	}
	for _, bad := range []struct{ csv, want string }{
		{"", "empty"},
		{"unit,ana\n", "two coder columns"},
		{"unit,ana,ana\nu,1,2\n", "twice"},
		{"unit,ana,ben\nu1,1,2\nu1,1,1\n", "line 3"},
		{"unit,ana,ben\nu1,1\n", "line 2"},
		{"unit,ana,ben\n", "no units"},
	} {
		if _, err := ReadRatingsCSV(strings.NewReader(bad.csv)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ReadRatingsCSV(%q) = %v, want %q", bad.csv, err, bad.want)
		}
	}
}

func FuzzReadRatingsCSV(f *testing.F) {
	f.Add("unit,a,b\n1,1,2\n2,2,2\n3,,1\n")
	f.Add("unit,a,b,c\nx,yes,no,\ny,no,no,no\n")
	f.Add("unit,a,b\n1,NaN,Inf\n2,1e308,-1e308\n")
	f.Fuzz(func(t *testing.T, data string) {
		file, err := ReadRatingsCSV(strings.NewReader(data))
		if err != nil {
			return
		}
		for _, level := range []agree.Level{agree.Nominal, agree.Ordinal, agree.Interval, agree.Ratio} {
			res, err := ComputeTable(file, level, 0)
			if err != nil {
				continue
			}
			for _, v := range []*agree.Value{res.PercentAgreement, res.KrippendorffAlpha, res.CohenKappa, res.FleissKappa, res.GwetAC1} {
				if v != nil && v.Defined && (math.IsNaN(v.V) || math.IsInf(v.V, 0)) {
					t.Fatalf("non-finite statistic %v for %q", v, data)
				}
			}
		}
	})
}
