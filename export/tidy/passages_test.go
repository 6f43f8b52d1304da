package tidy_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/tidy"
)

// TestPassagesTable reads passages.csv of the fixture, worked out by hand:
// fg01 is read from its complete consensus, fg02 from ana's and ben's
// codings; overlapping codings of one code in one turn are one row.
func TestPassagesTable(t *testing.T) {
	rows := readTable(t, datasettest.Build(dataset.Policy{}), tidy.Passages, tidy.ByTurn, tidy.Options{Raw: true})
	if !slices.Equal(rows[0], tidy.PassageColumns()) {
		t.Fatalf("header = %q", rows[0])
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	pick := []int{col("source"), col("turn"), col("code"), col("layer"), col("codings"), col("coders"), col("coders_marked"), col("coders_of_source"), col("text")}
	var got [][]string
	for _, r := range rows[1:] {
		var keep []string
		for _, i := range pick {
			keep = append(keep, r[i])
		}
		if len(keep[8]) > 40 {
			keep[8] = keep[8][:40]
		}
		got = append(got, keep)
	}
	want := [][]string{
		// c01 and c03 (inside c01): one passage of two codings.
		{"fg01", "2", "belonging/isolation", "consensus", "2", "consensus", "", "", "=SUM(1,2) is what they call me, the only"},
		{"fg01", "3", "support/peer", "consensus", "1", "consensus", "", "", "My co-resident checks on me after hard c"},
		// c04 covers the moderator's question too: only José's words.
		{"fg01", "5", "support/peer", "consensus", "1", "consensus", "", "", "+1 to Zoë. Peers carry us."},
		{"fg02", "2", "support/peer", "all coders", "1", "ana", "1", "2", "@channel nobody answered"},
		// c10 (ana), c11 (ben) and c13 (ana) overlap.
		{"fg02", "2", "belonging/isolation", "all coders", "3", "ana; ben", "2", "2", "nobody answered, and -- honestly -- I fe"},
		{"fg02", "3", "support/peer", "all coders", "1", "ben", "1", "2", "we kept going 🙂 because nobody else"},
		{"fg02", "4", "=odd/[code]", "all coders", "1", "ben", "1", "2", "I am not on the list <script>alert(1)</s"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d passages, want %d:\n%q", len(got), len(want), got)
	}
	for i := range want {
		if !slices.Equal(got[i][:8], want[i][:8]) || !strings.HasPrefix(got[i][8], want[i][8]) {
			t.Errorf("row %d = %q\nwant      %q", i+1, got[i], want[i])
		}
	}
}
