package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	focal "github.com/focalqda/focal"
)

// The help, the README and the docs show command lines that people copy.
// These tests run every one of them as written, on a fresh copy of the demo
// project (`focal demo`: blinding on, coders amara (PI), ben and carmen), so
// an example that answers "unknown flag" or names something that does not
// exist fails here rather than in a reader's terminal.

// exampleSetup prepares the copy of the demo in which one command's examples
// (or one code block of a document) run, in order.
type exampleSetup struct {
	empty  bool       // start without the demo project (examples of init, import, demo)
	coder  string     // $FOCAL_CODER; "" means amara, the demo's PI, and "-" nobody
	before [][]string // commands run first, as the coder
	files  []string   // files to provide (see provideFile)
	// ids maps an id shown in an example to the listing (`focal ARGS --json`,
	// then #N for the Nth item and a prefix length, default 8) that finds one
	// the project has; ids are random, so examples cannot show real ones.
	ids map[string]string
	// replace rewrites parts of a line the test machine cannot have, with
	// the reason beside it.
	replace map[string]string
}

// exampleSetups maps a command path ("consensus resolve"), or a document
// and code block ("README.md#3"), to what its examples need first.
var exampleSetups = map[string]exampleSetup{
	"focal":                     {empty: true, files: []string{"fg01.vtt", "fg02.docx"}},
	"init":                      {empty: true},
	"import":                    {empty: true, before: [][]string{{"init", "study.focal"}}, files: []string{"fg01.vtt", "fg02.vtt", "fg03.docx", "notes.txt", "pseudonyms.csv", "odd.txt", "nvivo-export.qdpx", "fg04.txt"}},
	"demo":                      {empty: true, replace: map[string]string{"/tmp/try-focal": "try-focal"}}, // stays in the test's directory
	"agree":                     {before: [][]string{{"blind", "off"}}},
	"agree table":               {files: []string{"ratings.csv", "severity.csv"}},
	"speaker merge":             {files: []string{"fg04.txt"}, before: [][]string{{"import", "fg04.txt"}}},
	"code retire":               {before: [][]string{{"code", "add", "old-idea"}, {"code", "add", "vague"}}},
	"code split":                {ids: map[string]string{"3f2a9c1e": "coding list --code belonging/isolation --json", "77b0d2aa": "coding list --code belonging/isolation --json #2"}},
	"codebook diff":             {before: [][]string{{"codebook", "freeze", "v2"}}},
	"coding export":             {coder: "ben"},
	"coding import":             {coder: "ben", before: [][]string{{"coding", "export", "--out", "ben.csv"}, {"coding", "rm", "3f2a9c1e"}}, ids: benCodings},
	"coding recode":             {coder: "ben", ids: benCodings},
	"coding rm":                 {coder: "ben", ids: benCodings},
	"consensus":                 {before: [][]string{{"blind", "off"}}},
	"consensus complete":        {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}}},
	"consensus list":            {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}}},
	"consensus next":            {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}}},
	"consensus reopen":          {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}, {"consensus", "complete", "fg01-belonging-en", "--force"}}},
	"consensus resolve":         {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}}},
	"consensus rm":              {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}}, ids: map[string]string{"3f2a9c1e": "consensus list fg01-belonging-en --json"}},
	"consensus seed":            {before: [][]string{{"blind", "off"}}},
	"deid":                      {before: [][]string{{"deid", "scan", "--no-ner"}}, ids: findingIDs},
	"deid accept":               {before: [][]string{{"deid", "scan", "--no-ner"}}, ids: findingIDs},
	"deid reject":               {before: [][]string{{"deid", "scan", "--no-ner"}}, ids: findingIDs},
	"deid list":                 {before: [][]string{{"deid", "scan", "--no-ner"}}},
	"deid apply":                {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}}},
	"deid check":                {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}}},
	"deid disallow":             {before: [][]string{{"deid", "allow", "Will", "--reason", "not a name here"}}},
	"deid key":                  {files: []string{"secure/"}, replace: map[string]string{"/secure/": "secure/"}}, // no /secure on a test machine
	"deid words remove":         {before: [][]string{{"deid", "words", "add", "Riverside", "--replace", "[hospital]"}}},
	"deid names remove":         {before: [][]string{{"deid", "names", "add", "Pepe", "--participant", "P03"}}},
	"disagreements":             {before: [][]string{{"blind", "off"}}},
	"export csv":                {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}, {"consensus", "complete", "fg01-belonging-en", "--force"}}},
	"export xlsx":               {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}, {"consensus", "complete", "fg01-belonging-en", "--force"}}},
	"export qdpx":               {before: [][]string{{"blind", "off"}}},
	"membercheck":               {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}, {"membercheck", "export", "--participant", "P07", "--out", "packets/returned/", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org"}}},
	"membercheck export":        {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}}},
	"membercheck import":        {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}, {"membercheck", "export", "--participant", "P07", "--out", "returned/", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org"}}},
	"membercheck clear":         {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}}, ids: map[string]string{"1a2b3c4d": "coding list --json", "5e6f7a8b": "coding list --json #2"}},
	"membercheck record":        {before: [][]string{{"deid", "scan", "--no-ner"}, {"deid", "accept", "--all"}}, ids: map[string]string{"1a2b3c4d": "coding list --source fg03-pertenencia-es --json #1 8 participant=P25"}},
	"membercheck template":      {files: []string{"intro-en.txt"}},
	"membercheck template edit": {files: []string{"intro-en.txt"}},
	"memo add":                  {files: []string{"notes/belonging.md"}},
	"memo edit":                 {coder: "carmen", ids: map[string]string{"3f2a9c1e": "memo list --author carmen --json", "3f2a": "memo list --author carmen --json #1 4"}},
	"memo show":                 {ids: map[string]string{"3f2a9c1e": "memo list --json", "3f2a": "memo list --json #2 4"}},
	"merge":                     {before: [][]string{{"coder", "add", "ana"}, {"copy", "--out", "ana.focal", "--coder", "ana"}, {"-p", "ana.focal", "pack", "--coder", "ana", "--as", "ana"}, {"copy", "--out", "ben.focal", "--coder", "ben"}, {"-p", "ben.focal", "pack", "--coder", "ben", "--as", "ben"}, {"copy", "--out", "carmen.focal", "--coder", "carmen"}, {"-p", "carmen.focal", "pack", "--coder", "carmen", "--as", "carmen"}}},
	"pack":                      {coder: "ana", before: [][]string{{"coder", "add", "ana", "--as", "amara"}, {"copy", "--out", "ana.focal", "--coder", "ana", "--as", "amara"}}},
	"participant import":        {files: []string{"attrs.csv"}},
	"redo":                      {coder: "ben", before: [][]string{{"coding", "rm", "3f2a9c1e"}}, ids: benCodings},
	"undo":                      {coder: "ben", before: [][]string{{"coding", "rm", "3f2a9c1e"}}, ids: benCodings},
	"source done":               {coder: "ben"},
	"source undone":             {coder: "ben", before: [][]string{{"source", "done", "fg01-belonging-en"}}},
	"source rm":                 {before: [][]string{{"import", "fg01.vtt", "--name", "fg01-duplicate", "--allow-duplicate"}}, files: []string{"fg01.vtt"}},
	"source rename":             {before: [][]string{{"import", "fg01.vtt", "--name", "zoom_0312", "--allow-duplicate"}}, files: []string{"fg01.vtt"}},
	"team add":                  {files: []string{"amara.pub", "keys/ben_ed25519.pub"}, replace: map[string]string{"~/keys/": "keys/"}}, // the shell expands ~
	"team rm":                   {before: [][]string{{"team", "add", "ben", "--key", "ben.pub"}}, files: []string{"ben.pub"}},
	"theme rename":              {before: [][]string{{"theme", "add", "belonging"}}},
	"theme rm":                  {before: [][]string{{"theme", "add", "old-idea"}}},
}

// benCodings finds ben's codings for the coding ids in examples.
var benCodings = map[string]string{
	"3f2a9c1e": "coding list --json --as ben",
	"77b0d2aa": "coding list --json --as ben #2",
	"9e4d1f03": "coding list --json --as ben #3",
}

// findingIDs finds de-identification findings for the ids in deid examples.
var findingIDs = map[string]string{
	"1a2b3c4d": "deid list --status pending --json",
	"5e6f7a8b": "deid list --status pending --json #2",
	"5e6f":     "deid list --status pending --json #3 4",
	"9c8d7e6f": "deid list --status pending --json #4",
}

// exampleNotRun lists example lines that cannot run on the demo in a test,
// with the reason. A new example must run, or be listed here.
var exampleNotRun = map[string]string{
	"focal demo": "without a directory it builds ./focal-demo; `focal demo /tmp/try-focal` runs instead",
	"ssh -t -p 2222 127.0.0.1                  # the coding workspace": "needs a running server and a terminal",
	"ssh -p 2222 127.0.0.1 focal coding list --json":                   "needs a running server (serve_test.go runs commands over SSH)",
	"focal serve --listen 127.0.0.1:2222 -p study.focal":               "serves until stopped (serve_test.go starts and stops it)",
	"focal tui --as ben": "needs a terminal (tui_test.go drives the workspace)",
	"FOCAL_CODER=ben focal tui --source fg01-belonging-en":                                "needs a terminal",
	"focal tui --as amara --read-only":                                                    "needs a terminal",
	"focal review --as amara":                                                             "needs a terminal",
	"focal review --as amara --source fg02-belonging-en":                                  "needs a terminal",
	"focal membercheck template edit --lang es":                                           "opens $EDITOR",
	"focal memo edit 3f2a9c1e --as carmen":                                                "opens $EDITOR",
	"focal team rm ben --key SHA256:Zx4… --as amara":                                      "shows the form of a key's fingerprint; team_test.go removes a key by its fingerprint",
	`focal source edit fg01-belonging-en --reason "misheard 'residents' as 'presidents'"`: "opens $EDITOR; the source edit tests give the correction with --file",
	`EDITOR="code --wait" focal memo edit 3f2a9c1e`:                                       "opens an editor",
	"pbpaste | focal memo add --coding 3f2a9c1e -":                                        "reads the clipboard (macOS); the memo from standard input is tested in memo_theme_test.go",
}

// exampleStatus gives the exit status of an example that shows a refusal.
var exampleStatus = map[string]int{
	"focal consensus complete fg01-belonging-en":                                                  1, // refused: the demo's consensus has places without a decision; the next line shows --force
	"focal consensus complete fg01-belonging-en   # once every place has a decision (or --force)": 1, // the same, in the consensus help
	"focal export csv --out tables                  # refused: tables/segments.csv exists":        1, // the README shows the refusal, then --force
}

func TestHelpExamplesRunOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo project")
	}
	demo := buildExampleDemo(t)
	root := newRootCmd(&App{Getenv: func(string) string { return "" }})
	seen := map[string]bool{}
	shownAnywhere := map[string]bool{} // every example line, whether its subtest runs or not
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		path := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), "focal"), " ")
		if path == "" {
			path = "focal"
		}
		// Command lines shown in the long help run too (the consensus
		// meeting, for one), in a copy of their own.
		var shown []string
		for _, l := range strings.Split(c.Long, "\n") {
			if l = strings.TrimSpace(l); isCommandLine(l) {
				shown = append(shown, l)
				shownAnywhere[l] = true
			}
		}
		if len(shown) > 0 {
			t.Run(strings.ReplaceAll(path, " ", "_")+"_long_help", func(t *testing.T) {
				runExampleBlock(t, demo, path, shown, seen)
			})
		}
		if strings.TrimSpace(c.Example) == "" {
			if c.Runnable() && !c.Hidden && path != "help" && !strings.HasPrefix(path, "completion") {
				t.Errorf("%s has no example", c.CommandPath())
			}
			return
		}
		var lines []string
		for _, l := range strings.Split(c.Example, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
				shownAnywhere[l] = true
			}
		}
		t.Run(strings.ReplaceAll(path, " ", "_"), func(t *testing.T) {
			runExampleBlock(t, demo, path, lines, seen)
		})
	}
	walk(root)
	for line := range exampleNotRun {
		if !shownAnywhere[line] {
			t.Errorf("exampleNotRun lists %q, which is no longer an example", line)
		}
	}
}

// TestDocumentedCommandsRunOnTheDemo runs the `focal …` lines of the code
// blocks of README.md and docs/*.md, one block after another in a fresh copy.
func TestDocumentedCommandsRunOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo project")
	}
	demo := buildExampleDemo(t)
	docs, _ := filepath.Glob("../../../../docs/*.md")
	docs = append([]string{"../../../../README.md"}, docs...)
	seen := map[string]bool{}
	for _, doc := range docs {
		for i, block := range docCommandBlocks(t, doc) {
			name := fmt.Sprintf("%s#%d", filepath.Base(doc), i+1)
			seen["block:"+name] = true
			t.Run(name, func(t *testing.T) {
				runExampleBlock(t, demo, name, block, seen)
			})
		}
	}
	for key := range docSetups {
		if !seen["block:"+key] {
			t.Errorf("docSetups has %q, which is no longer a block with commands", key)
		}
	}
}

// docSetups is exampleSetups for the code blocks of the documents, named
// FILE#N for the Nth block of FILE that has `focal` command lines.
var docSetups = map[string]exampleSetup{
	// "A study from the start": a new project, before anyone is a coder.
	"README.md#2":   {empty: true, coder: "-", files: []string{"fg01.vtt", "fg02.vtt", "fg03.docx", "attributes.csv"}},
	"ANALYSIS.md#1": {before: [][]string{{"blind", "off"}}},
	"EXPORTS.md#1":  {before: [][]string{{"blind", "off"}, {"consensus", "seed", "fg01-belonging-en", "--coders", "ben,carmen"}, {"consensus", "complete", "fg01-belonging-en", "--force"}}},
	"IMPORT.md#1":   {empty: true, before: [][]string{{"init", "study.focal"}}, files: []string{"odd.txt", "subs.vtt"}},
	"PRIVACY.md#1": {files: []string{"secure/"}, ids: findingIDs, replace: map[string]string{
		"/secure/":        "secure/",        // no /secure on a test machine
		"returned/*.xlsx": "packets/*.xlsx", // the packets come back unanswered here
	}},
	"SERVE.md#1": {files: []string{"amara.pub", "ben.pub"}},
}

// docNotRun lists documented command lines that cannot run in a test.
var docNotRun = map[string]string{
	"focal export qdpx [--out FILE|-] [--coder all|NAME] [--positions codepoints|utf16] [--deidentified] [--json]": "a synopsis",
	"focal export qdc  [--out FILE|-] [--json]":                                                         "a synopsis",
	"focal serve --listen 0.0.0.0:2222 -p study.focal":                                                  "serves until stopped (serve_test.go starts and stops it)",
	"focal tui --as ben                    # or FOCAL_CODER=ben focal tui":                              "needs a terminal",
	"focal tui --as ben --source fg02-belonging-en   # open this source first (default: the first one)": "needs a terminal",
	"focal tui --as amara --read-only      # review: browse, compare, see agreement; nothing is saved":  "needs a terminal",
	"focal review                          # as the project's PI":                                       "needs a terminal",
	"focal review --as amara               # one of several PIs":                                        "needs a terminal",
}

// docCommandBlocks returns, for each fenced code block of a Markdown file
// that holds command lines starting with `focal ` (or `$ focal `), those lines.
func docCommandBlocks(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks [][]string
	var cur []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "```") {
			if in && len(cur) > 0 {
				blocks = append(blocks, cur)
			}
			in, cur = !in, nil
			continue
		}
		line = strings.TrimPrefix(line, "$ ")
		if in && (isCommandLine(line) || exportLine.MatchString(line)) {
			cur = append(cur, line)
		}
	}
	return blocks
}

// exportLine sets a variable for the lines after it (export FOCAL_CODER=ben).
var exportLine = regexp.MustCompile(`^export ([A-Z_]+)=(\S*)$`)

var envPrefix = regexp.MustCompile(`^([A-Z_]+=("[^"]*"|'[^']*'|\S*)\s+)*`)

// isCommandLine reports whether a line runs focal (possibly after
// environment assignments or a pipe into it).
func isCommandLine(line string) bool {
	rest := envPrefix.ReplaceAllString(line, "")
	if strings.HasPrefix(rest, "focal ") || rest == "focal" {
		return true
	}
	_, after, piped := strings.Cut(line, "| focal ")
	return piped && after != ""
}

// buildExampleDemo builds the demo project once for a test and returns its path.
func buildExampleDemo(t *testing.T) string {
	t.Helper()
	r := newRunner(t)
	r.ok("demo", "demo")
	return filepath.Join(r.dir, "demo", "study.focal")
}

// runExampleBlock runs lines in order in a fresh copy of the demo, after
// the setup named key.
func runExampleBlock(t *testing.T, demo, key string, lines []string, seen map[string]bool) {
	setup, ok := exampleSetups[key]
	if !ok {
		setup = docSetups[key]
	}
	r := newRunner(t)
	if !setup.empty {
		copyFile(t, demo, filepath.Join(r.dir, "study.focal"))
		r.env["FOCAL_PROJECT"] = "study.focal"
	}
	r.env["FOCAL_CODER"] = "amara"
	if setup.coder == "-" {
		delete(r.env, "FOCAL_CODER")
	}
	r.env["VISUAL"] = "false" // an example that opens an editor fails rather than waits
	if setup.coder != "" && setup.coder != "-" {
		r.env["FOCAL_CODER"] = setup.coder
	}
	for _, name := range setup.files {
		provideFile(t, r, name)
	}
	found := map[string]string{}
	for _, args := range setup.before {
		args = resolveIDs(t, r, args, setup, found)
		if out, errOut, code := r.run(args...); code != 0 {
			t.Fatalf("setup `focal %s`: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}
	for _, line := range lines {
		seen[line] = true
		if m := exportLine.FindStringSubmatch(line); m != nil {
			r.env[m[1]] = m[2]
			continue
		}
		if reason, skip := exampleNotRun[line]; skip {
			t.Logf("not run: %s (%s)", line, reason)
			continue
		}
		if reason, skip := docNotRun[line]; skip {
			t.Logf("not run: %s (%s)", line, reason)
			continue
		}
		written := line
		for from, to := range setup.replace {
			written = strings.ReplaceAll(written, from, to)
		}
		env, args, err := parseExampleLine(written)
		if err != nil {
			t.Errorf("%s: %v (run it, or list it in exampleNotRun with the reason)", line, err)
			continue
		}
		saved := map[string]string{}
		for k, v := range env {
			saved[k] = r.env[k]
			r.env[k] = v
		}
		args = expandGlobs(t, r.dir, resolveIDs(t, r, args, setup, found))
		out, errOut, code := r.run(args...)
		for k, v := range saved {
			r.env[k] = v
		}
		want := exampleStatus[line]
		if code != want {
			t.Errorf("%s\n  ran as: focal %q\n  exit %d, want %d\n%s%s", line, args, code, want, out, errOut)
			continue
		}
		for _, bad := range []string{"unknown flag", "unknown command", "unknown shorthand", "panic", "goroutine "} {
			if strings.Contains(errOut, bad) {
				t.Errorf("%s: %s", line, errOut)
			}
		}
	}
}

// parseExampleLine splits an example line as a shell would, for the simple
// lines examples use: leading VAR=value assignments, single and double
// quotes, a trailing # comment, and output piped or redirected elsewhere
// (dropped: the test checks focal's part). It returns the arguments after
// `focal`.
func parseExampleLine(line string) (map[string]string, []string, error) {
	words, err := shellWords(line)
	if err != nil {
		return nil, nil, err
	}
	env := map[string]string{}
	for len(words) > 0 && regexp.MustCompile(`^[A-Z_]+=`).MatchString(words[0]) {
		k, v, _ := strings.Cut(words[0], "=")
		env[k] = v
		words = words[1:]
	}
	if len(words) == 0 || words[0] != "focal" {
		return nil, nil, fmt.Errorf("not a focal command line")
	}
	args := words[1:]
	for i, w := range args {
		if w == "|" || w == ">" || w == ">>" {
			args = args[:i]
			break
		}
	}
	return env, args, nil
}

// globMark marks a word with an unquoted * that the shell would expand.
const globMark = "\x00glob:"

// shellWords splits s into words; unquoted operators (| > #…) become words
// of their own, a word starting with # ends the line, and a word with an
// unquoted * is marked with globMark.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord, glob := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unclosed quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unclosed quote")
			}
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, globWord(cur.String(), glob))
				cur.Reset()
				inWord, glob = false, false
			}
		case c == '#' && !inWord:
			return words, nil
		case (c == '|' || c == '>') && !inWord:
			words = append(words, string(c))
		default:
			cur.WriteByte(c)
			inWord = true
			glob = glob || c == '*'
		}
	}
	if inWord {
		words = append(words, globWord(cur.String(), glob))
	}
	return words, nil
}

func globWord(w string, glob bool) string {
	if glob {
		return globMark + w
	}
	return w
}

// expandGlobs expands the words holding * as the shell would, in dir.
func expandGlobs(t *testing.T, dir string, args []string) []string {
	var out []string
	for _, a := range args {
		a, glob := strings.CutPrefix(a, globMark)
		if !glob {
			out = append(out, a)
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(dir, a))
		if len(matches) == 0 {
			t.Errorf("%s matches no file", a)
		}
		sort.Strings(matches)
		for _, m := range matches {
			rel, _ := filepath.Rel(dir, m)
			out = append(out, rel)
		}
	}
	return out
}

// resolveIDs replaces the example ids of the setup by ids the project has,
// the same example id always by the same id within a block.
func resolveIDs(t *testing.T, r *runner, args []string, setup exampleSetup, found map[string]string) []string {
	t.Helper()
	out := append([]string(nil), args...)
	for i, a := range out {
		query, ok := setup.ids[a]
		if !ok {
			continue
		}
		if _, done := found[a]; !done {
			found[a] = findID(t, r, query)
		}
		out[i] = found[a]
	}
	return out
}

// findID runs a listing query and returns the id found. After " #" come
// the item's number (default 1), the length of the id prefix (default 8)
// and fields the item must have: "coding list --json #2 4 participant=P25".
func findID(t *testing.T, r *runner, query string) string {
	t.Helper()
	listing, pick, _ := strings.Cut(query, " #")
	n, length := 1, 8
	want := map[string]string{}
	for i, word := range strings.Fields(pick) {
		if k, v, ok := strings.Cut(word, "="); ok {
			want[k] = v
			continue
		}
		number := &n
		if i > 0 {
			number = &length
		}
		if _, err := fmt.Sscan(word, number); err != nil {
			t.Fatalf("bad id query %q", query)
		}
	}
	out, errOut, code := r.run(strings.Fields(listing)...)
	if code != 0 {
		t.Fatalf("focal %s: %s", listing, errOut)
	}
	var items []map[string]any
	for _, item := range decode[[]map[string]any](t, out) {
		match := true
		for k, v := range want {
			match = match && fmt.Sprint(item[k]) == v
		}
		if match {
			items = append(items, item)
		}
	}
	if len(items) < n {
		t.Fatalf("focal %s: fewer than %d items with %v", listing, n, want)
	}
	id, _ := items[n-1]["id"].(string)
	if len(id) < length {
		t.Fatalf("focal %s: no id in %v", listing, items[n-1])
	}
	return id[:length]
}

// provideFile writes a file an example reads, made from the demo's
// fixtures where it is a transcript; a name ending in / is a directory.
func provideFile(t *testing.T, r *runner, name string) {
	t.Helper()
	path := filepath.Join(r.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(name, "/") {
		if err := os.MkdirAll(path, 0o700); err != nil {
			t.Fatal(err)
		}
		return
	}
	fixture := func(f string) string {
		b, err := focal.Fixtures.ReadFile("testdata/transcripts/" + f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var content string
	switch name {
	case "fg01.vtt":
		content = fixture("fg01-belonging-en.vtt")
	case "fg02.vtt":
		content = zoomVTT
	case "fg02.docx", "fg03.docx":
		content = fixture("fg03-pertenencia-es.docx")
	case "notes.txt", "odd.txt":
		content = "AB> Who felt they belonged?\nCD> Not me, not at first.\n"
		if name == "notes.txt" {
			content = "Ana: Who felt they belonged?\nBen: Not me, not at first.\n"
		}
	case "fg04.txt":
		content = "Interviewer1: Who felt they belonged?\nP1: Not me, not at first.\nInterviewer 1: And later?\nP1: Later, yes.\n"
	case "pseudonyms.csv":
		content = "label,pseudonym\nXimena Ortiz,Rosa\n"
	case "nvivo-export.qdpx":
		rr := newRunner(t)
		rr.ok("init", "x.focal")
		provideFile(t, rr, "fg02.vtt")
		rr.ok("import", "fg02.vtt", "--name", "nvivo-fg")
		rr.ok("export", "qdpx", "--out", "out.qdpx")
		copyFile(t, filepath.Join(rr.dir, "out.qdpx"), path)
		return
	case "ratings.csv":
		content = "unit,amara,ben,carmen\n1,a,a,a\n2,a,b,a\n3,b,b,b\n4,c,c,b\n5,a,a,a\n"
	case "severity.csv":
		content = "unit,amara,ben,carmen\n1,1,2,1\n2,3,3,4\n3,5,5,5\n4,2,2,1\n5,4,4,4\n"
	case "attributes.csv":
		content = "participant,pgy,site\nP01,2,North\nP02,1,North\n"
	case "subs.vtt":
		content = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n>> DANA REYES: Who felt they belonged?\n\n2\n00:00:04.500 --> 00:00:08.000\n>> ZOE LINDQVIST: Not me, not at first.\n"
	case "attrs.csv":
		content = "participant,pgy,site\nP07,3,North\n"
	case "intro-en.txt":
		content = "Thank you for taking part. Here is what we understood from the group.\n"
	case "notes/belonging.md":
		content = "Belonging is made in small moments: a name remembered, a question welcomed.\n"
	case "amara.pub", "keys/ben_ed25519.pub", "ben.pub":
		newClientKey(t, r, strings.TrimSuffix(name, ".pub"))
		return
	default:
		t.Fatalf("no content for %s", name)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A source is named the same way in every verb: the thing a verb acts on
// as its first argument, and --source as well where people type it; a
// listing narrowed by --source takes it as its argument too. Naming it
// twice differently, or giving a verb an argument it does not take, is a
// usage error that says what to type.
func TestSourceNamedEitherWay(t *testing.T) {
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.write("fg01.vtt", zoomVTT)
	r.ok("import", "fg01.vtt")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "carmen")
	r.env["FOCAL_CODER"] = "amara"

	same := func(a, b []string) {
		t.Helper()
		if x, y := r.ok(a...), r.ok(b...); x != y {
			t.Errorf("focal %s and focal %s differ:\n%s\n%s", strings.Join(a, " "), strings.Join(b, " "), x, y)
		}
	}
	same([]string{"source", "show", "fg01", "--json"}, []string{"source", "show", "--source", "fg01", "--json"})
	same([]string{"speaker", "list", "--source", "fg01", "--json"}, []string{"speaker", "list", "fg01", "--json"})
	same([]string{"speaker", "list", "fg01", "--source", "fg01"}, []string{"speaker", "list", "fg01"})

	for _, as := range []string{"ben", "carmen"} {
		r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--turn", "2", "--as", as)
	}
	r.ok("coding", "add", "fg01", "--code", "belonging", "--turn", "1", "--as", "ben")
	r.ok("blind", "off")
	if out := r.ok("consensus", "seed", "fg01", "--coders", "ben,carmen"); !strings.Contains(out, "seeded fg01: 1 identical") {
		t.Errorf("consensus seed SOURCE: %s", out)
	}
	if out := r.ok("consensus", "seed", "--source", "fg01", "--coders", "ben,carmen"); !strings.Contains(out, "seeded fg01") {
		t.Errorf("consensus seed --source: %s", out)
	}
	same([]string{"consensus", "list", "fg01", "--json"}, []string{"consensus", "list", "--source", "fg01", "--json"})
	same([]string{"consensus", "next", "fg01", "--coders", "ben,carmen", "--all", "--json"}, []string{"consensus", "next", "--source", "fg01", "--coders", "ben,carmen", "--all", "--json"})
	r.ok("consensus", "resolve", "fg01", "--coders", "ben,carmen", "--code", "belonging", "--place", placeOfOpen(t, r), "drop")
	if out := r.ok("consensus", "complete", "--source", "fg01"); !strings.Contains(out, "consensus of fg01 is complete") {
		t.Errorf("consensus complete --source: %s", out)
	}
	r.ok("consensus", "reopen", "fg01")

	// A name that is not a source is an unknown source, not an unknown command.
	if errOut := r.fail(1, "consensus", "seed", "t", "--coders", "ben,carmen"); !strings.Contains(errOut, `no source named "t"`) {
		t.Errorf("consensus seed t: %s", errOut)
	}
	before := r.ok("consensus", "list", "fg01", "--json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"consensus", "seed", "fg01", "--source", "fg02", "--coders", "ben,carmen"}, `the source is named twice, as "fg01" and as --source "fg02"`},
		{[]string{"consensus", "complete", "fg01", "--source", "other"}, "named twice"},
		{[]string{"source", "show", "fg01", "--source", "other"}, "named twice"},
		{[]string{"speaker", "list", "fg01", "--source", "other"}, "named twice"},
		{[]string{"consensus", "complete"}, "name the source: `focal consensus complete SOURCE …` (or --source SOURCE)"},
		{[]string{"consensus", "resolve", "--coders", "ben,carmen", "--code", "belonging", "--place", "1-2", "drop"}, "name the source"},
		{[]string{"coding", "list", "fg01"}, `coding list takes no argument (got "fg01"): name what you mean with --source, --code or --coder`},
	} {
		errOut := r.fail(2, c.args...)
		if !strings.Contains(errOut, c.want) {
			t.Errorf("focal %s: %s\nwant %q", strings.Join(c.args, " "), errOut, c.want)
		}
		if !strings.HasPrefix(errOut, "focal: ") || strings.HasPrefix(errOut, "focal: focal ") {
			t.Errorf("focal %s: error not in the form `focal: what: why`: %s", strings.Join(c.args, " "), errOut)
		}
	}
	if after := r.ok("consensus", "list", "fg01", "--json"); after != before {
		t.Errorf("a refused command changed the consensus")
	}
}

// placeOfOpen is the place of the first open disagreement in fg01.
func placeOfOpen(t *testing.T, r *runner) string {
	t.Helper()
	open := decode[[]struct {
		Start, End int
	}](t, r.ok("consensus", "next", "fg01", "--coders", "ben,carmen", "--json"))
	if len(open) != 1 {
		t.Fatalf("open disagreements: %v", open)
	}
	return fmt.Sprintf("%d-%d", open[0].Start, open[0].End)
}

// Every command's --help renders, with its usage line, and exits 0.
func TestEveryHelpRenders(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	walk(newRootCmd(&App{Getenv: func(string) string { return "" }}), nil)
	r := newRunner(t)
	for _, path := range paths {
		args := append(append([]string(nil), path...), "--help")
		out := r.ok(args...)
		if !strings.Contains(out, "Usage:") {
			t.Errorf("focal %s shows no usage:\n%s", strings.Join(args, " "), out)
		}
	}
	if len(paths) < 90 {
		t.Errorf("only %d commands walked", len(paths))
	}
}
