package cli

import (
	"fmt"
	"strings"
	"testing"
)

// Issue 22: under blinding no command tells a coder what colleagues did,
// not even as a count: the REFI-QDA export's summary and file stay the same
// while a colleague codes, and an import reports only the importer's own
// layer.
func TestNoSideChannelAroundBlinding(t *testing.T) {
	t.Parallel()
	r := blindTeam(t)
	type coding struct {
		ID    string `json:"id"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	}
	carl := decode[[]coding](t, r.ok("coding", "list", "--as", "carl", "--json"))[0]

	// export qdpx, and the workbook's summary (whose agreement would
	// compare ben with carl)
	{
		summary := func() string {
			return r.ok("export", "qdpx", "--out", "ben.qdpx", "--force", "--json", "--as", "ben") +
				r.ok("export", "xlsx", "--out", "ben.xlsx", "--force", "--json", "--as", "ben")
		}
		file := func() string { return string(readFileIn(t, r.dir, "ben.qdpx")) }
		before, beforeFile := summary(), file()
		if !strings.Contains(before, `"agreement": "not computed while blind coding is on`) {
			t.Errorf("ben's workbook summary says of agreement:\n%s", before)
		}
		if strings.Contains(before, "other coders") {
			t.Errorf("ben's export counts others' codings:\n%s", before)
		}
		r.ok("coding", "add", "--as", "carl", "--source", "fg01", "--code", "isolation", "--quote", "How did it feel?")
		r.ok("memo", "add", "--coding", carl.ID, "--text", "carl's thought", "--as", "carl")
		if after := summary(); after != before {
			t.Errorf("ben's export summary changed as carl coded:\n%s\n%s", before, after)
		}
		if file() != beforeFile {
			t.Error("ben's export file changed as carl coded")
		}
	}

	// coding import
	{
		// A row in carl's name is refused alike whether carl has that very
		// coding or not.
		his := r.write("his.csv", fmt.Sprintf("source,coder,code,start,end,memo\nfg01,carl,isolation,%d,%d,\n", carl.Start, carl.End))
		other := r.write("other.csv", fmt.Sprintf("source,coder,code,start,end,memo\nfg01,carl,isolation,%d,%d,\n", carl.Start, carl.End-1))
		errHis, errOther := r.fail(1, "coding", "import", his, "--as", "ben"), r.fail(1, "coding", "import", other, "--as", "ben")
		if strings.ReplaceAll(errHis, "his.csv", "F") != strings.ReplaceAll(errOther, "other.csv", "F") || strings.Contains(errHis, "already") {
			t.Errorf("a row in carl's name, his coding or not:\n%s%s", errHis, errOther)
		}
		// ben's own row on carl's span is new to ben's layer.
		mine := r.write("mine.csv", fmt.Sprintf("source,coder,code,start,end,memo\nfg01,,isolation,%d,%d,\n", carl.Start, carl.End))
		if out := r.ok("coding", "import", mine, "--as", "ben"); out != "imported 1 codings (0 already there)\n" {
			t.Errorf("ben imports carl's span as his own: %q", out)
		}
		if n := len(decode[[]coding](t, r.ok("coding", "list", "--as", "carl", "--json"))); n != 2 {
			t.Errorf("carl has %d codings after ben's imports, want his 2", n)
		}
	}
}
