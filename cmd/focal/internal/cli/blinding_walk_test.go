package cli

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"
)

// walkCase says how one command respects blinding: the arguments it is run
// with by each viewer (after `--as VIEWER COMMAND`), or why it is not run.
type walkCase struct {
	runs [][]string
	skip string
	// leak names the issue tracking a known leak of bob's work through this
	// command (to the viewers in leakTo, or to every viewer): the walk then
	// expects the leak, and fails once it is gone so that the entry is
	// removed. None is known today; set both fields in the table's entry.
	leak   string
	leakTo []string
}

func walkRun(args ...string) walkCase { return walkCase{runs: [][]string{args}} }

func walkRuns(runs ...[]string) walkCase { return walkCase{runs: runs} }

func walkSkip(why string) walkCase { return walkCase{skip: why} }

// leaksTo says whether the table expects this command to leak to viewer.
func (c walkCase) leaksTo(viewer string) bool {
	return c.leak != "" && (len(c.leakTo) == 0 || slices.Contains(c.leakTo, viewer))
}

// blindingWalkTable lists every command a user can run. Placeholders:
// {in} is a folder of input files, {ann} one of ann's codings, {annmemo}
// ann's memo on it.
func blindingWalkTable() map[string]walkCase {
	return map[string]walkCase{
		// Under blinding agreement is refused to everyone, as disagreements
		// are (the core's AgreementInput asks MayCompare): even a figure
		// would tell of bob's codings.
		"agree": walkRuns([]string{"--include-unfinished"}, []string{"--include-unfinished", "--json"},
			[]string{"--include-unfinished", "--explain", "--code", "isolation", "--source", "fg01"},
			[]string{"--include-unfinished", "--unitized"}, []string{"--include-unfinished", "--overlap", "0.9", "--json"}),
		"agree table": walkSkip("computes agreement from a ratings file; it reads nothing of the project"),
		"blind":       walkRun(),

		"code add":      walkRun("anncode"),
		"code describe": walkRun("isolation", "--definition", "feeling alone"),
		"code history":  walkRuns([]string{}, []string{"--json"}, []string{"isolation", "--json"}, []string{"routine", "--json"}),
		"code list":     walkRuns([]string{}, []string{"--json"}),
		"code merge":    walkRun("routine", "isolation"),
		"code passages": walkRuns([]string{"isolation"}, []string{"isolation", "--json", "--context", "2"}, []string{"routine", "--subtree", "--json"}, []string{"isolation", "--coder", "bob"}, []string{"isolation", "--with", "routine", "--layer", "all"}),
		"code move":     walkRun("routine", "isolation"),
		"code rename":   walkRun("routine", "habit"),
		"code retire":   walkRuns([]string{"routine"}, []string{"routine", "--remove-codings"}),
		"code show":     walkRuns([]string{"isolation"}, []string{"routine"}, []string{"isolation", "--json"}),
		"code split":    walkRun("isolation", "lonely", "--coding", "{ann}"),

		"codebook diff":     walkRun("v1"),
		"codebook freeze":   walkRun("v2"),
		"codebook versions": walkRun("--json"),

		"coder add":  walkRun("dan"),
		"coder list": walkRun("--json"),

		"coding add":    walkRun("--source", "fg01", "--code", "routine", "--quote", "Who here felt"),
		"coding export": walkRuns([]string{}, []string{"--out", "codings.csv"}),
		// An import writes and reports only the importer's own layer: a row
		// in bob's name, on his very coding, is refused like any other.
		"coding import": walkRuns([]string{"{in}/codings.csv"}, []string{"{in}/bobs-row.csv"}),
		"coding list":   walkRuns([]string{}, []string{"--json"}, []string{"--coder", "bob", "--json"}, []string{"--source", "fg01", "--code", "routine"}),
		"coding rm":     walkRun("{ann}"),
		"coding recode": walkRun("{ann}", "routine"),

		"consensus complete": walkRun("fg01"),
		"consensus list":     walkRun("fg01", "--json"),
		"consensus next":     walkRun("--source", "fg01", "--coders", "ann,bob", "--all"),
		"consensus reopen":   walkRun("fg01"),
		"consensus resolve":  walkRun("--source", "fg01", "--coders", "ann,bob", "--code", "isolation", "--place", "44-63", "both"),
		"consensus rm":       walkRun("{ann}"),
		"consensus seed":     walkRun("--source", "fg01", "--coders", "ann,bob"),
		"consensus status":   walkRuns([]string{}, []string{"--json"}),

		// Under blinding a copy holds only what its maker and its coder may
		// both see (the core's Copy): the file is read whole, as sqlite3
		// would read it.
		"copy": walkRuns([]string{"--out", "copy.focal"}, []string{"--out", "bobs.focal", "--coder", "bob"}),

		"deid accept":       walkRun("--all"),
		"deid add":          walkRun("Zoë", "--replace", "P2"),
		"deid allow":        walkRun("Dana", "--reason", "a moderator"),
		"deid allowed":      walkRun(),
		"deid apply":        walkRuns([]string{}, []string{"--in-text"}, []string{"--in-text", "--json"}),
		"deid check":        walkRuns([]string{}, []string{"--coder", "all"}, []string{"--coder", "bob"}),
		"deid disallow":     walkRun("Dana"),
		"deid key":          walkRun("--out", "key.csv"),
		"deid list":         walkRun("--json"),
		"deid names add":    walkRuns([]string{"Pepe", "--participant", "P7"}, []string{"Ikeja", "--kind", "place", "--json"}),
		"deid names list":   walkRuns([]string{}, []string{"--json"}),
		"deid names remove": walkRun("Pepe"),
		"deid reject":       walkRun("--all"),
		"deid scan":         walkRun("--no-ner"),
		"deid words add":    walkRun("Zoë", "--replace", "P2"),
		"deid words list":   walkRun(),
		"deid words remove": walkRun("Zoë"),

		"demo":          walkSkip("builds a separate demo project, not this one"),
		"disagreements": walkRuns([]string{}, []string{"--json"}),

		"export csv":    walkRuns([]string{"--out", "csv"}, []string{"--what", "segments"}, []string{"--what", "matrix"}, []string{"--what", "presence"}),
		"export qdc":    walkRun("--out", "codebook.qdc"),
		"export qdpx":   walkRun("--out", "project.qdpx"),
		"export report": walkRuns([]string{"--out", "report.html"}, []string{"--out", "report.md", "--format", "md"}, []string{"--out", "all.html", "--coder", "all"}, []string{"--out", "bob.html", "--coder", "bob"}),
		"export xlsx":   walkRuns([]string{"--out", "ann.xlsx"}, []string{"--out", "all.xlsx", "--coder", "all"}, []string{"--out", "bob.xlsx", "--coder", "bob"}),

		"import": walkRun("{in}/fg03.vtt"),
		// Queries count the layer an export would read: under blinding one's own.
		"query attribute":    walkRuns([]string{"pgy"}, []string{"pgy", "--json"}, []string{"pgy", "--coder", "all"}),
		"query cooccurrence": walkRuns([]string{}, []string{"--json"}, []string{"--coder", "bob", "--json"}),
		"query words":        walkRuns([]string{}, []string{"--by", "group", "--json"}),
		// Search reads the shared text; coding its hits writes one's own layer.
		"search": walkRuns([]string{"only"}, []string{"single", "--json"}, []string{"day", "--stem", "--code", "routine", "--extend", "turn", "--json"}),
		"init":   walkSkip("creates a new, empty project"),
		"log":    walkRuns([]string{}, []string{"--json"}, []string{"--kind", "coding.", "--json"}, []string{"--kind", "code.", "--json"}, []string{"--kind", "memo.", "--json"}),

		"membercheck clear":         walkRun("{ann}"),
		"membercheck export":        walkRuns([]string{"--all", "--out", "packets", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org"}, []string{"--all", "--out", "summary", "--group-summary"}),
		"membercheck import":        walkSkip("reads participants' answer files; it prints what it recorded from them"),
		"membercheck record":        walkRun("--participant", "P7", "--quote", "{ann}", "--answer", "Keep"),
		"membercheck status":        walkRuns([]string{}, []string{"--json"}),
		"membercheck template edit": walkRun("--lang", "en", "--reset"),
		"membercheck template show": walkRun("--lang", "en"),

		"memo add":  walkRun("--code", "isolation", "--text", "ann on isolation"),
		"memo edit": walkRun("{annmemo}", "--text", "ann again"),
		"memo list": walkRuns([]string{}, []string{"--json"}, []string{"--kind", "coding", "--json"}, []string{"--author", "bob", "--json"}),
		"memo show": walkRun("{annmemo}"),

		// ann's pack is made in the copy she made herself, so it is signed.
		"merge": walkRuns([]string{"{in}/ann.pack", "--dry-run", "--json"}, []string{"{in}/ann.pack"}),
		// Under blinding a pack is made only by its own coder (the core's
		// MakePack asks Sight), a PI included: packing bob is refused.
		"pack": walkRuns([]string{"--coder", "ann", "--out", "ann.pack"}, []string{"--coder", "bob", "--out", "bob.pack"}),

		"participant import":        walkRun("{in}/participants.csv"),
		"participant link":          walkRun("Dana Reyes", "--source", "fg01", "P8"),
		"participant list":          walkRun("--json"),
		"participant set":           walkRun("P7", "site=north"),
		"participant set-pseudonym": walkRun("P7", "Zed"),
		"participant withdraw":      walkRun("P7", "--reason", "asked to"),

		"progress": walkRuns([]string{}, []string{"--json"}),
		"review":   walkSkip("a terminal screen: it reads the project through the workspace, whose blinding is tested in tui/workspace"),
		"serve":    walkSkip("starts an SSH server; its sessions run the workspace and the commands walked here"),

		"source done":   walkRun("fg01"),
		"source edit":   walkRun("fg01", "--file", "{in}/fg01-edited.txt", "--reason", "typo"),
		"source group":  walkRun("fg01", "south"),
		"source list":   walkRuns([]string{}, []string{"--json"}),
		"source rename": walkRun("fg01", "first"),
		"source rm":     walkRuns([]string{"fg02"}, []string{"fg02", "--force"}),
		"source show":   walkRuns([]string{"fg01"}, []string{"fg01", "--json"}),
		"source undone": walkRun("fg01"),

		"speaker list":  walkRun("--json"),
		"speaker merge": walkRuns([]string{"Dana Reyes", "Zoë Lindqvist", "--source", "fg01"}, []string{"Dana Reyes", "Zoë Lindqvist", "--source", "fg01", "--json"}),
		"speaker role":  walkRun("Dana Reyes", "moderator", "--source", "fg01"),

		// Under blinding suggestions learn from, leave out and remember the
		// viewer's own codings and rejections only (the core's Suggest asks
		// Sight); accept and reject write the viewer's own layer.
		"suggest":        walkRuns([]string{"isolation"}, []string{"isolation", "--json"}, []string{"isolation", "--unit", "turn", "--json"}),
		"suggest accept": walkRun("isolation", "fg02:0-10", "--json"),
		"suggest check":  walkRuns([]string{}, []string{"--unit", "turn", "--json"}),
		"suggest reject": walkRun("isolation", "fg02:0-10", "--json"),

		"team add":  walkRun("dan", "--key", "{in}/dan.pub"),
		"team list": walkRun("--json"),
		"team rm":   walkRun("dan"),

		"theme add":      walkRun("annstheme"),
		"theme assign":   walkRun("bobtheme", "isolation"),
		"theme describe": walkRun("bobtheme", "--definition", "ann's view"),
		"theme list":     walkRuns([]string{}, []string{"--json"}),
		"theme rename":   walkRun("bobtheme", "ourtheme"),
		"theme rm":       walkRun("bobtheme", "--force"),

		// Saturation and voices read the viewer's own codings under
		// blinding: bob's codes must not appear as new codes, in the code
		// spread or among a theme's carriers.
		"saturation":     walkRuns([]string{}, []string{"--json"}, []string{"--by", "source", "--base", "1", "--run", "1", "--json"}),
		"voices":         walkRuns([]string{}, []string{"--json"}),
		"theme show":     walkRuns([]string{"bobtheme"}, []string{"bobtheme", "--json"}),
		"theme unassign": walkRun("bobtheme", "routine"),

		"tui":              walkSkip("a terminal screen: the workspace reads through the same store and its blinding is tested in tui/workspace"),
		"turn set-speaker": walkRun("fg01", "1", "Zoë Lindqvist"),
		"undo":             walkRun(),
		"redo":             walkRun(),
		"version":          walkRuns([]string{}, []string{"--json"}),
	}
}

// bobsWork is what nobody else (coder ann, PI amara) may see of bob's work
// under blinding.
type bobsWork struct {
	ids   []string // coding ids, whole and as 8-character prefixes
	memos []string
	spans []*regexp.Regexp
}

func (b bobsWork) leaks(text string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range append(append([]string{}, b.ids...), b.memos...) {
		if strings.Contains(text, s) {
			add(s)
		}
	}
	for _, re := range b.spans {
		if m := re.FindString(text); m != "" {
			add(strings.TrimSpace(m))
		}
	}
	return out
}

// spanPatterns matches a span as people and programs print it: 71-88,
// 71–88, and "start": 71, "end": 88 in JSON.
func spanPatterns(start, end int) []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(fmt.Sprintf(`(^|[^0-9a-f])%d\s*[-–]\s*%d([^0-9a-f]|$)`, start, end)),
		regexp.MustCompile(fmt.Sprintf(`"start":\s*%d,\s*"end":\s*%d\b`, start, end)),
	}
}

// walkProject builds the project once: blinding on, PI amara, coders ann
// and bob. Both code the same sentence; bob also codes spans of his own
// with memos, writes a memo on one coding, makes, merges, splits and
// retires codes, undoes, builds a theme, marks a source done, clears a
// quote and sends a pack the PI merges; the PI corrects the transcript.
func walkProject(t *testing.T) (r *runner, in string, bob bobsWork, ann, annMemo string) {
	t.Helper()
	r = newRunner(t)
	in = t.TempDir()
	r.ok("init", "study.focal", "--title", "Walk")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("import", r.write("fg02.vtt", strings.ReplaceAll(zoomVTT, "Every single day.", "Most days, really.")))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ann")
	r.ok("coder", "add", "bob")
	if out := r.ok("--as", "amara", "blind"); !strings.Contains(out, "on") {
		r.ok("--as", "amara", "blind", "on")
	}
	as := func(who string, args ...string) string { return r.ok(append([]string{"--as", who}, args...)...) }
	as("ann", "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--memo", "ann's own note")
	as("bob", "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--memo", "BOBMEMO-shared-sentence")
	as("bob", "coding", "add", "--source", "fg01", "--code", "routine", "--quote", "Every single day.", "--memo", "BOBMEMO-routine")
	as("bob", "coding", "add", "--source", "fg01", "--code", "solitude", "--quote", "Honestly, not me.", "--memo", "BOBMEMO-solitude")
	as("bob", "coding", "add", "--source", "fg02", "--code", "passing", "--quote", "Most days, really.", "--memo", "BOBMEMO-retired-with-code")

	type coding struct {
		ID     string `json:"id"`
		Source string `json:"source"`
		Code   string `json:"code"`
		Start  int    `json:"start"`
		End    int    `json:"end"`
		Memo   string `json:"memo"`
	}
	// What bob's codings are and where, now and after the changes below.
	record := func() (anns []coding) {
		bobs := decode[[]coding](t, as("bob", "coding", "list", "--json"))
		anns = decode[[]coding](t, as("ann", "coding", "list", "--json"))
		if len(anns) != 1 {
			t.Fatalf("set-up: ann has %d codings", len(anns))
		}
		for _, c := range bobs {
			bob.ids = append(bob.ids, c.ID, c.ID[:8])
			bob.memos = append(bob.memos, c.Memo)
			if c.Source != anns[0].Source || c.Start != anns[0].Start || c.End != anns[0].End {
				bob.spans = append(bob.spans, spanPatterns(c.Start, c.End)...)
			}
		}
		return anns
	}
	ann = record()[0].ID
	var solitude, routine string
	for _, c := range decode[[]coding](t, as("bob", "coding", "list", "--json")) {
		switch c.Code {
		case "routine":
			routine = c.ID
		case "solitude":
			solitude = c.ID
		}
	}
	as("bob", "memo", "add", "--coding", routine, "--text", "BOBMEMO-on-his-coding")
	bob.memos = append(bob.memos, "BOBMEMO-on-his-coding")
	as("bob", "code", "merge", "solitude", "isolation")
	as("bob", "code", "split", "isolation", "apart", "--coding", solitude)
	as("bob", "code", "retire", "passing", "--remove-codings")
	as("bob", "code", "add", "bobcode", "--definition", "bob's own code")
	as("bob", "memo", "add", "--code", "routine", "--text", "bob on the routine code")
	as("bob", "memo", "add", "--code", "bobcode", "--text", "bob takes this back")
	as("bob", "undo")
	as("bob", "theme", "add", "bobtheme", "--definition", "bob's theme")
	as("bob", "theme", "assign", "bobtheme", "routine", "isolation")
	as("bob", "source", "done", "fg01")
	// bob says a passage is not for isolation: his judgement, his work.
	rejected := decode[struct {
		ID string `json:"id"`
	}](t, as("bob", "suggest", "reject", "isolation", "fg02:13-29", "--json"))
	bob.ids = append(bob.ids, rejected.ID, rejected.ID[:8])
	bob.spans = append(bob.spans, spanPatterns(13, 29)...)
	if _, errOut, status := r.run("--as", "bob", "membercheck", "clear", routine); status != 0 {
		t.Logf("set-up: bob cannot clear his quote: %s", errOut)
	}
	// bob codes offline in a copy and sends a pack, which the PI merges.
	copyFile, packFile := filepath.Join(in, "bob.focal"), filepath.Join(in, "bob.focalpack")
	as("amara", "copy", "--out", copyFile, "--coder", "bob")
	r.ok("-p", copyFile, "--as", "bob", "coding", "add", "--source", "fg01", "--code", "routine", "--quote", "they belonged", "--memo", "BOBMEMO-from-his-pack")
	// His rejection of a suggestion in the copy travels in the pack too.
	packed := decode[struct {
		ID string `json:"id"`
	}](t, r.ok("-p", copyFile, "--as", "bob", "suggest", "reject", "isolation", "fg02:56-73", "--json"))
	bob.ids = append(bob.ids, packed.ID, packed.ID[:8])
	bob.spans = append(bob.spans, spanPatterns(56, 73)...)
	r.ok("-p", copyFile, "--as", "bob", "pack", "--coder", "bob", "--out", packFile)
	if out := as("amara", "merge", packFile); !strings.Contains(out, "1 suggestion rejected") {
		t.Fatalf("set-up: the merge of bob's pack did not take his rejection:\n%s", out)
	}
	// The PI corrects the transcript: every coding after the edit moves.
	as("amara", "source", "edit", "fg01", "--file", r.write("fg01-fixed.txt", "Dana Reyes: Who here felt like they belonged?\nZoë Lindqvist: Honestly, not me. I was the only one. Every single day.\n"), "--reason", "misheard")
	anns := record()
	as("amara", "codebook", "freeze", "v1")
	as("amara", "participant", "link", "Zoë Lindqvist", "--source", "fg01", "P7")
	// De-identification decided, so that applying it in the text moves
	// bob's coding on "Honestly, not me." and exports pass the gate.
	as("amara", "deid", "allow", "Dana", "--reason", "the moderator")
	as("amara", "deid", "words", "add", "Honestly", "--replace", "Frankly")
	as("amara", "deid", "scan", "--no-ner")
	as("amara", "deid", "accept", "--all")
	as("ann", "memo", "add", "--coding", ann, "--text", "ann on her coding")
	memos := decode[[]struct {
		ID string `json:"id"`
	}](t, as("ann", "memo", "list", "--kind", "coding", "--json"))
	if len(memos) != 1 {
		t.Fatalf("set-up: ann sees %d coding memos", len(memos))
	}
	annMemo = memos[0].ID

	// Input files for the commands that read one.
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(in, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("fg03.vtt", strings.ReplaceAll(zoomVTT, "Every single day.", "Now and then."))
	write("codings.csv", "source,coder,code,start,end,memo\n"+fmt.Sprintf("fg01,ann,routine,%d,%d,\n", anns[0].Start, anns[0].End))
	write("participants.csv", "participant,site\nP7,north\n")
	// A typo fixed in bob's "Honestly, not me." flags his coding there.
	write("fg01-edited.txt", "Dana Reyes: Who here felt like they belonged?\nZoë Lindqvist: Honestely, not me. I was the only one. Every single day.\n")
	newClientKey(t, r, "dan")
	if err := os.Rename(filepath.Join(r.dir, "dan.pub"), filepath.Join(in, "dan.pub")); err != nil {
		t.Fatal(err)
	}
	annCopy := filepath.Join(in, "ann.focal")
	as("ann", "copy", "--out", annCopy)
	r.ok("-p", annCopy, "--as", "ann", "pack", "--coder", "ann", "--out", filepath.Join(in, "ann.pack"))
	bobs := decode[[]coding](t, as("bob", "coding", "list", "--json"))
	write("bobs-row.csv", "source,coder,code,start,end,memo\n"+fmt.Sprintf("%s,bob,%s,%d,%d,\n", bobs[0].Source, bobs[0].Code, bobs[0].Start, bobs[0].End))
	return r, in, bob, ann, annMemo
}

// leafCommands lists the runnable commands by path ("code list"), the way
// a user types them after `focal`.
func leafCommands(root *cobra.Command) []string {
	var out []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || sub.Name() == "completion" {
				continue
			}
			walk(sub)
		}
		if c != root && c.Runnable() {
			out = append(out, strings.TrimPrefix(c.CommandPath(), root.Name()+" "))
		}
	}
	walk(root)
	sort.Strings(out)
	return out
}

// Issue 15: run as coder ann under blinding, no command shows a coding id,
// span or memo of coder bob, in what it prints or in the files it writes.
// A command added later fails here until the table says how it respects
// blinding.
func TestBlindingWalkEveryCommand(t *testing.T) {
	t.Parallel()
	r, in, bob, ann, annMemo := walkProject(t)
	project := filepath.Join(r.dir, "study.focal")
	table := blindingWalkTable()
	leaves := leafCommands(newRootCmd(&App{Getenv: func(string) string { return "" }}))
	inTree := map[string]bool{}
	for _, path := range leaves {
		inTree[path] = true
		if _, ok := table[path]; !ok {
			t.Errorf("add %s to the blinding walk table: say how it respects blinding", path)
		}
	}
	for path := range table {
		if !inTree[path] {
			t.Errorf("the blinding walk table names %q, which is no command", path)
		}
	}
	// A coder, and the PI, who under blinding sees only their own work too.
	for _, viewer := range []string{"ann", "amara"} {
		t.Run("as "+viewer, func(t *testing.T) {
			t.Parallel() // each command runs in its own copy of the project
			for _, path := range leaves {
				c, ok := table[path]
				if !ok || c.skip != "" {
					continue
				}
				var leaked []string
				for _, args := range c.runs {
					args = fillWalkArgs(args, in, ann, annMemo)
					line := fmt.Sprintf("focal --as %s %s %s", viewer, path, strings.Join(args, " "))
					out, errOut, status, files := runInCopy(t, project, append(append([]string{"--as", viewer}, strings.Fields(path)...), args...))
					if strings.Contains(errOut, "goroutine ") {
						t.Errorf("%s crashed:\n%s", line, errOut)
					}
					if status != 0 {
						t.Logf("%s: exit %d: %s", line, status, strings.TrimSpace(errOut))
					}
					texts := map[string]string{"stdout": out, "stderr": errOut}
					for name, text := range files {
						texts[name] = text
					}
					for where, text := range texts {
						for _, l := range bob.leaks(text) {
							leaked = append(leaked, fmt.Sprintf("%q in %s of `%s` (exit %d)", l, where, line, status))
						}
					}
				}
				switch known := c.leaksTo(viewer); {
				case !known && len(leaked) > 0:
					t.Errorf("%s shows bob's work to %s under blinding:\n  %s", path, viewer, strings.Join(leaked, "\n  "))
				case known && len(leaked) == 0:
					t.Errorf("%s no longer leaks to %s (%s): take the known leak out of the blinding walk table", path, viewer, c.leak)
				case known:
					t.Logf("known leak of %s (%s):\n  %s", path, c.leak, strings.Join(leaked, "\n  "))
				}
			}
		})
	}
}

func fillWalkArgs(args []string, in, ann, annMemo string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, "{in}", in)
		a = strings.ReplaceAll(a, "{annmemo}", annMemo)
		out[i] = strings.ReplaceAll(a, "{ann}", ann)
	}
	return out
}

// runInCopy runs one command line in a fresh folder holding a copy of the
// project, so that commands that change it do not change the next one's,
// and returns what it printed and the text of every file it wrote.
func runInCopy(t *testing.T, project string, args []string) (string, string, int, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(project + suffix)
		if err != nil && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "study.focal"+suffix), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, Dir: dir}
	status := app.Run(args)
	files := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if strings.HasPrefix(rel, "study.focal") {
			return nil
		}
		files[rel] = fileText(t, path)
		return nil
	})
	return stdout.String(), stderr.String(), status, files
}

// fileText is what a file says: a workbook's cells (each row also joined
// with dashes, so a start and end column read as a span), the entries of a
// zip archive, a gzip stream's content, or the bytes themselves.
func fileText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytesText(t, path, data)
}

func bytesText(t *testing.T, name string, data []byte) string {
	t.Helper()
	switch {
	case strings.HasSuffix(name, ".xlsx"):
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return string(data)
		}
		defer f.Close()
		var b strings.Builder
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, row := range rows {
				b.WriteString(strings.Join(row, "\t") + "\n" + strings.Join(row, "-") + "\n")
			}
		}
		return b.String()
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return string(data)
		}
		var b strings.Builder
		for _, f := range z.File {
			rc, err := f.Open()
			if err != nil {
				t.Errorf("%s: %s: %v", name, f.Name, err)
				continue
			}
			inner, _ := io.ReadAll(rc)
			rc.Close()
			b.WriteString(bytesText(t, f.Name, inner) + "\n")
		}
		return b.String()
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return string(data)
		}
		inner, _ := io.ReadAll(zr)
		return bytesText(t, strings.TrimSuffix(name, ".gz"), inner)
	}
	return string(data)
}
