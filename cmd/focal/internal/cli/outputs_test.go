package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/cmd/focal/internal/serve"
)

// Issue 22 ("Hostile files"): every CSV Focal writes neutralises cells a
// spreadsheet would run, unless --raw; every output file is written
// without following a link, without replacing a file unless --force,
// readable by its owner only; a refused project is left as found.

// hostileVTT has a participant whose words start like a formula.
const hostileVTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana Reyes: Who felt like they belonged?

2
00:00:04.500 --> 00:00:08.000
Zoë Lindqvist: =SUM(1,2) honestly, not me.
`

// hostileCodings are ben's codings: code, quote, memo, chosen so that
// codes, memos and quotes start with =, +, - and @.
var hostileCodings = [][3]string{
	{"=cmd|'-C calc'!A0", "=SUM(1,2) honestly", "@SUM(1)"},
	{"+plus", "not me", "-1 for this one"},
	{"-minus", "Who felt", `=HYPERLINK("http://example.com","x")`},
	{"@at", "belonged", "plain memo"},
}

// hostileProject is a project whose codes, memos, quotes and pseudonyms
// start like formulas: blinding on, PI amara, coder ben, participants P1
// ("=PSEUDO()") and P2 ("@SUM(1)").
func hostileProject(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", hostileVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	for _, c := range hostileCodings {
		r.ok("--as", "ben", "coding", "add", "--source", "fg01", "--code", c[0], "--quote", c[1], "--memo", c[2])
	}
	r.ok("--as", "amara", "participant", "link", "Zoë Lindqvist", "--source", "fg01", "P1")
	r.ok("--as", "amara", "participant", "link", "Dana Reyes", "--source", "fg01", "P2")
	r.ok("--as", "amara", "participant", "set-pseudonym", "P1", "=PSEUDO()")
	r.ok("--as", "amara", "participant", "set-pseudonym", "P2", "@SUM(1)")
	return r
}

// readCSV reads CSV text as a spreadsheet-minded reader would, and checks
// that it is RFC 4180 with CRLF line ends.
func readCSV(t *testing.T, text string) [][]string {
	t.Helper()
	if !strings.HasSuffix(text, "\r\n") {
		t.Errorf("the CSV does not end its records with CRLF: %q", text)
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, text)
	}
	return recs
}

// formulaCells lists the cells a spreadsheet would run as formulas.
func formulaCells(recs [][]string) []string {
	var out []string
	for _, rec := range recs {
		for _, f := range rec {
			if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
				out = append(out, f)
			}
		}
	}
	return out
}

// column returns the values of the named column.
func column(t *testing.T, recs [][]string, name string) []string {
	t.Helper()
	i := slices.Index(recs[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, recs[0])
	}
	var out []string
	for _, rec := range recs[1:] {
		out = append(out, rec[i])
	}
	slices.Sort(out)
	return out
}

func sorted(s ...string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCodingExportNeutralisesFormulasAndReadsBack(t *testing.T) {
	t.Parallel()
	r := hostileProject(t)
	recs := readCSV(t, r.ok("--as", "ben", "coding", "export"))
	if bad := formulaCells(recs); len(bad) > 0 {
		t.Errorf("coding export wrote cells a spreadsheet runs: %q", bad)
	}
	if got, want := column(t, recs, "code"), sorted(`'=cmd|'-C calc'!A0`, "'+plus", "'-minus", "'@at"); !slices.Equal(got, want) {
		t.Errorf("codes = %q, want %q", got, want)
	}
	if got, want := column(t, recs, "memo"), sorted("'@SUM(1)", "'-1 for this one", `'=HYPERLINK("http://example.com","x")`, "plain memo"); !slices.Equal(got, want) {
		t.Errorf("memos = %q, want %q", got, want)
	}

	raw := readCSV(t, r.ok("--as", "ben", "coding", "export", "--raw"))
	if got, want := column(t, raw, "code"), sorted("=cmd|'-C calc'!A0", "+plus", "-minus", "@at"); !slices.Equal(got, want) {
		t.Errorf("--raw codes = %q, want %q", got, want)
	}
	if got, want := column(t, raw, "memo"), sorted("@SUM(1)", "-1 for this one", `=HYPERLINK("http://example.com","x")`, "plain memo"); !slices.Equal(got, want) {
		t.Errorf("--raw memos = %q, want %q", got, want)
	}

	// The file holds what standard output showed, and coding import reads
	// it back as the codings were: into another project, the codes and
	// memos come out without the apostrophes.
	r.ok("--as", "ben", "coding", "export", "--out", "ben.csv")
	if got := readCSV(t, readFile(t, filepath.Join(r.dir, "ben.csv"))); !slices.EqualFunc(got, recs, slices.Equal) {
		t.Errorf("ben.csv differs from standard output:\n%q\n%q", got, recs)
	}
	r.ok("--as", "ben", "coding", "export", "--out", "ben-raw.csv", "--raw")
	other := newRunner(t)
	other.ok("init", "study.focal")
	other.ok("import", other.write("fg01.vtt", hostileVTT))
	other.ok("coder", "add", "ben")
	other.ok("--as", "ben", "coding", "import", filepath.Join(r.dir, "ben.csv"))
	type coding struct{ Code, Memo string }
	var got []string
	for _, c := range decode[[]coding](t, other.ok("--as", "ben", "coding", "list", "--json")) {
		got = append(got, c.Code+" | "+c.Memo)
	}
	slices.Sort(got)
	var want []string
	for _, c := range hostileCodings {
		want = append(want, c[0]+" | "+c[2])
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("imported back:\n%q\nwant\n%q", got, want)
	}
	// A --raw file is read as it is with --raw: nothing new.
	if out := other.ok("--as", "ben", "coding", "import", "--raw", filepath.Join(r.dir, "ben-raw.csv")); !strings.Contains(out, "imported 0 codings (4 already there)") {
		t.Errorf("import --raw of the raw export: %s", out)
	}
}

func TestDeidKeyNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	r := hostileProject(t)
	r.ok("--as", "amara", "deid", "key", "--out", "key.csv")
	recs := readCSV(t, readFile(t, filepath.Join(r.dir, "key.csv")))
	if bad := formulaCells(recs); len(bad) > 0 {
		t.Errorf("the key file has cells a spreadsheet runs: %q", bad)
	}
	if got, want := column(t, recs, "pseudonym"), sorted("'=PSEUDO()", "'@SUM(1)"); !slices.Equal(got, want) {
		t.Errorf("pseudonyms = %q, want %q", got, want)
	}
	r.ok("--as", "amara", "deid", "key", "--out", "key.csv", "--raw", "--force")
	raw := readCSV(t, readFile(t, filepath.Join(r.dir, "key.csv")))
	if got, want := column(t, raw, "pseudonym"), sorted("=PSEUDO()", "@SUM(1)"); !slices.Equal(got, want) {
		t.Errorf("--raw pseudonyms = %q, want %q", got, want)
	}
	if errOut := r.fail(2, "--as", "amara", "deid", "key", "--out", "-"); !strings.Contains(errOut, "not printed") {
		t.Errorf("deid key --out -: %s", errOut)
	}
}

func TestExportCSVNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	r := hostileProject(t)
	segments := readCSV(t, r.ok("--as", "ben", "export", "csv", "--what", "segments"))
	if bad := formulaCells(segments); len(bad) > 0 {
		t.Errorf("segments has cells a spreadsheet runs: %q", bad)
	}
	if got, want := column(t, segments, "code"), sorted(`'=cmd|'-C calc'!A0`, "'+plus", "'-minus", "'@at"); !slices.Equal(got, want) {
		t.Errorf("codes = %q, want %q", got, want)
	}
	if !slices.Contains(column(t, segments, "text"), "'=SUM(1,2) honestly") {
		t.Errorf("the quote that starts with = is not neutralised: %q", column(t, segments, "text"))
	}
	raw := readCSV(t, r.ok("--as", "ben", "export", "csv", "--what", "segments", "--raw"))
	if got, want := column(t, raw, "code"), sorted("=cmd|'-C calc'!A0", "+plus", "-minus", "@at"); !slices.Equal(got, want) {
		t.Errorf("--raw codes = %q, want %q", got, want)
	}

	r.ok("--as", "ben", "export", "csv", "--out", "tables")
	for _, name := range []string{"segments.csv", "theme-matrix.csv", "presence-by-turn.csv", "sources.csv", "participants.csv"} {
		if bad := formulaCells(readCSV(t, readFile(t, filepath.Join(r.dir, "tables", name)))); len(bad) > 0 {
			t.Errorf("%s has cells a spreadsheet runs: %q", name, bad)
		}
	}
	people := readCSV(t, readFile(t, filepath.Join(r.dir, "tables", "participants.csv")))
	if got := column(t, people, "pseudonym"); !slices.Contains(got, "'=PSEUDO()") || !slices.Contains(got, "'@SUM(1)") {
		t.Errorf("participants.csv pseudonyms = %q", got)
	}
	r.ok("--as", "ben", "export", "csv", "--out", "tables", "--raw", "--force")
	people = readCSV(t, readFile(t, filepath.Join(r.dir, "tables", "participants.csv")))
	if got := column(t, people, "pseudonym"); !slices.Contains(got, "=PSEUDO()") {
		t.Errorf("--raw participants.csv pseudonyms = %q", got)
	}
}

// Every command that writes CSV has --raw, and its help says what it risks.
func TestCSVCommandsDocumentRaw(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, cmd := range [][]string{{"coding", "export"}, {"deid", "key"}, {"export", "csv"}} {
		help := r.ok(append(cmd, "--help")...)
		if !strings.Contains(help, "--raw") || !strings.Contains(help, "formulas in a spreadsheet") || !strings.Contains(help, "unsafe to open in a spreadsheet") {
			t.Errorf("focal %s --help does not explain --raw:\n%s", strings.Join(cmd, " "), help)
		}
	}
}

// outputCase is a command that writes a file (or a folder of files) the
// user names.
type outputCase struct {
	args   []string // {out} is the file or folder
	folder bool     // --out is a folder; files are the ones inside it
	files  []string // for folder outputs
}

func outputCases() map[string]outputCase {
	return map[string]outputCase{
		"export xlsx":        {args: []string{"--as", "amara", "export", "xlsx", "--out", "{out}"}},
		"export report":      {args: []string{"--as", "amara", "export", "report", "--out", "{out}"}},
		"export report md":   {args: []string{"--as", "amara", "export", "report", "--out", "{out}", "--format", "md"}},
		"export qdpx":        {args: []string{"--as", "amara", "export", "qdpx", "--out", "{out}"}},
		"export qdc":         {args: []string{"--as", "amara", "export", "qdc", "--out", "{out}"}},
		"coding export":      {args: []string{"--as", "ben", "coding", "export", "--out", "{out}"}},
		"deid key":           {args: []string{"--as", "amara", "deid", "key", "--out", "{out}"}},
		"pack":               {args: []string{"--as", "ben", "pack", "--coder", "ben", "--out", "{out}"}},
		"export csv":         {args: []string{"--as", "amara", "export", "csv", "--out", "{out}"}, folder: true, files: []string{"segments.csv", "participants.csv"}},
		"membercheck export": {args: []string{"--as", "amara", "membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", "{out}"}, folder: true, files: []string{"P1-en.xlsx", "P1-en.html"}},
	}
}

// outputProject is the hostile project with blinding off, a theme and a
// current de-identification review, so that every output can be written.
func outputProject(t *testing.T) *runner {
	t.Helper()
	r := hostileProject(t)
	r.ok("--as", "amara", "blind", "off")
	r.ok("--as", "amara", "theme", "add", "T")
	r.ok("--as", "amara", "theme", "assign", "T", "+plus")
	r.ok("--as", "amara", "deid", "scan", "--no-ner")
	r.ok("--as", "amara", "deid", "accept", "--all")
	return r
}

func withOut(args []string, out string) []string {
	res := slices.Clone(args)
	for i, a := range res {
		res[i] = strings.ReplaceAll(a, "{out}", out)
	}
	return res
}

// listing is what a folder holds: names, modes and bytes.
func listing(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		fi, err := os.Lstat(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %v", e.Name(), fi.Mode())
		if fi.Mode().IsRegular() {
			fmt.Fprintf(&b, " %q", readFile(t, filepath.Join(dir, e.Name())))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestOutputFilesNeverFollowLinksNorReplaceWithoutForce(t *testing.T) {
	t.Parallel()
	base := outputProject(t)
	for name, tc := range outputCases() {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			r := newRunner(t)
			copyFile(t, filepath.Join(base.dir, "study.focal"), filepath.Join(r.dir, "study.focal"))
			r.env = map[string]string{"FOCAL_PROJECT": "study.focal"}
			elsewhere := t.TempDir()
			out := "out"
			if tc.folder {
				if err := os.Mkdir(filepath.Join(r.dir, out), 0o700); err != nil {
					t.Fatal(err)
				}
			}
			// target is where one output file goes, and the name as typed.
			target := func(i int) (string, string) {
				if tc.folder {
					return filepath.Join(r.dir, out, tc.files[i]), filepath.Join(out, tc.files[i])
				}
				return filepath.Join(r.dir, out), out
			}
			targets := 1
			if tc.folder {
				targets = len(tc.files)
			}

			// A link at the name, to a file that does not exist yet and to
			// one that does: refused, --force or not; nothing is written
			// where the link points.
			for _, force := range []bool{false, true} {
				path, typed := target(targets - 1)
				dangling := filepath.Join(elsewhere, "dangling")
				victim := filepath.Join(elsewhere, "victim")
				if err := os.WriteFile(victim, []byte("someone else's file\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				for _, to := range []string{dangling, victim} {
					os.Remove(path)
					if err := os.Symlink(to, path); err != nil {
						t.Fatal(err)
					}
					before := listing(t, elsewhere)
					args := withOut(tc.args, out)
					if force {
						args = append(args, "--force")
					}
					errOut := r.fail(1, args...)
					if !strings.Contains(errOut, typed+" is a symbolic link") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
						t.Errorf("a link at %s (force %v): %q", typed, force, errOut)
					}
					if after := listing(t, elsewhere); after != before {
						t.Errorf("writing through the link changed %s:\n%s\nwas\n%s", elsewhere, after, before)
					}
				}
				os.Remove(path)
			}

			// An existing file: refused without --force, in one line,
			// and left as it was (with the other outputs of a folder).
			for i := range targets {
				path, _ := target(i)
				if err := os.WriteFile(path, []byte("an earlier file\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			dir := filepath.Dir(func() string { p, _ := target(0); return p }())
			before := listing(t, dir)
			errOut := r.fail(1, withOut(tc.args, out)...)
			_, typed := target(0)
			if !strings.Contains(errOut, typed+" exists; add --force to replace it") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("an existing %s: %q", typed, errOut)
			}
			if after := listing(t, dir); after != before {
				t.Errorf("a refused output changed %s:\n%s\nwas\n%s", dir, after, before)
			}

			// --force replaces them, readable by the owner only, and leaves
			// no temporary file behind.
			r.ok(append(withOut(tc.args, out), "--force")...)
			for i := range targets {
				path, typed := target(i)
				fi, err := os.Lstat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode() != 0o600 {
					t.Errorf("%s is %v after --force, want -rw-------", typed, fi.Mode())
				}
				if readFile(t, path) == "an earlier file\n" {
					t.Errorf("%s was not replaced", typed)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("a temporary file was left behind: %s", e.Name())
				}
			}

			// A folder that does not exist is named, not created (a folder
			// output is a folder that is made when missing, as documented).
			if tc.folder {
				return
			}
			errOut = r.fail(1, withOut(tc.args, filepath.Join("no-such-folder", "out"))...)
			if !strings.Contains(errOut, "the folder no-such-folder does not exist") {
				t.Errorf("a missing folder: %q", errOut)
			}
			if _, err := os.Stat(filepath.Join(r.dir, "no-such-folder")); err == nil {
				t.Errorf("the missing folder was created")
			}
		})
	}
}

// Over SSH, coding export writes to the session (--out is refused there,
// so the server writes no file for anyone) and its cells are neutralised
// like every CSV's: what arrives on the user's machine is safe to open.
func TestCodingExportOverSSHIsNeutralised(t *testing.T) {
	t.Parallel()
	r := hostileProject(t)
	exec := remoteExec(filepath.Join(r.dir, "study.focal"))
	var stdout, stderr strings.Builder
	status, err := exec(t.Context(), serve.Identity{Coder: "ben"}, "focal coding export", &stdout, &stderr)
	if err != nil || status != 0 {
		t.Fatalf("over SSH: %d %v %s", status, err, stderr.String())
	}
	recs := readCSV(t, stdout.String())
	if bad := formulaCells(recs); len(bad) > 0 {
		t.Errorf("coding export over SSH has cells a spreadsheet runs: %q", bad)
	}
	if got := column(t, recs, "code"); !slices.Contains(got, `'=cmd|'-C calc'!A0`) {
		t.Errorf("codes over SSH = %q", got)
	}
	if _, err := remoteArgs("focal coding export --out x.csv"); err == nil {
		t.Error("coding export --out is accepted over SSH")
	}
}

// A project Focal refuses (a newer schema, a damaged file, a text file) is
// left exactly as it was found by every command, reading or writing: the
// folder's listing, and each file's bytes and mode, are the same after.
func TestRefusedProjectIsLeftAsFound(t *testing.T) {
	t.Parallel()
	base := newRunner(t)
	base.ok("init", "study.focal")
	base.ok("import", base.write("fg01.vtt", hostileVTT))
	good := readFile(t, filepath.Join(base.dir, "study.focal"))
	newer := []byte(good)
	newer[60], newer[61], newer[62], newer[63] = 0, 0, 3, 0xe7 // user_version 999
	cases := map[string]struct {
		data []byte
		want string
	}{
		"newer.focal":   {newer, "was written by a newer Focal"},
		"damaged.focal": {[]byte(good[:len(good)/2+7]), "is damaged and was left as it was"},
		"notes.focal":   {[]byte("Meeting notes, not a project.\n"), "not a Focal project"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t)
			if err := os.WriteFile(filepath.Join(r.dir, name), tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chmod(filepath.Join(r.dir, name), 0o644)
			before := listing(t, r.dir)
			for _, args := range [][]string{
				{"source", "list"},
				{"coder", "add", "ben"},
				{"--as", "ben", "coding", "export"},
				{"export", "xlsx", "--out", "x.xlsx"},
			} {
				errOut := r.fail(1, append([]string{"-p", name}, args...)...)
				if !strings.Contains(errOut, tc.want) {
					t.Errorf("focal -p %s %s: %q, want %q", name, strings.Join(args, " "), errOut, tc.want)
				}
				if after := listing(t, r.dir); after != before {
					t.Errorf("focal -p %s %s changed the folder:\n%s\nwas\n%s", name, strings.Join(args, " "), after, before)
				}
			}
		})
	}
}

// focal copy never replaces a file, and names a link or a missing folder
// as every output does.
func TestCopyRefusesLinksExistingFilesAndMissingFolders(t *testing.T) {
	t.Parallel()
	r := hostileProject(t)
	r.env["FOCAL_PROJECT"] = "study.focal"
	elsewhere := t.TempDir()
	if err := os.Symlink(filepath.Join(elsewhere, "stolen.focal"), filepath.Join(r.dir, "link.focal")); err != nil {
		t.Fatal(err)
	}
	if errOut := r.fail(1, "--as", "amara", "copy", "--out", "link.focal"); !strings.Contains(errOut, "link.focal is a symbolic link") {
		t.Errorf("copy to a link: %s", errOut)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("copy wrote through the link: %v", entries)
	}
	r.write("earlier.focal", "an earlier file\n")
	if errOut := r.fail(1, "--as", "amara", "copy", "--out", "earlier.focal"); !strings.Contains(errOut, "earlier.focal already exists") {
		t.Errorf("copy over a file: %s", errOut)
	}
	if got := readFile(t, filepath.Join(r.dir, "earlier.focal")); got != "an earlier file\n" {
		t.Errorf("copy changed an existing file: %q", got)
	}
	if errOut := r.fail(1, "--as", "amara", "copy", "--out", filepath.Join("no-such-folder", "ana.focal")); !strings.Contains(errOut, "the folder no-such-folder does not exist") {
		t.Errorf("copy into a missing folder: %s", errOut)
	}
}
