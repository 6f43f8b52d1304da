package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/coding/membercheck"
	"github.com/focalqda/focal/corpus/testenv"
)

// privacyProject builds the demo project in a temporary folder, with
// blinding off, and returns a function that runs focal on it as amara.
func privacyProject(t *testing.T) (dir string, run func(args ...string) (string, string, int)) {
	t.Helper()
	dir = t.TempDir()
	project, err := runDemo(context.Background(), &App{Getenv: func(string) string { return "" }}, dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	run = func(args ...string) (string, string, int) {
		return privacyRun(project, nil, append([]string{"--as", "amara"}, args...)...)
	}
	mustRun(t, run, "blind", "off")
	return dir, run
}

func mustRun(t *testing.T, run func(...string) (string, string, int), args ...string) string {
	t.Helper()
	out, errOut, code := run(args...)
	if code != 0 {
		t.Fatalf("focal %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func mustFail(t *testing.T, run func(...string) (string, string, int), args ...string) (string, string) {
	t.Helper()
	out, errOut, code := run(args...)
	if code == 0 {
		t.Fatalf("focal %s succeeded, want a failure\n%s", strings.Join(args, " "), out)
	}
	if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine ") {
		t.Fatalf("focal %s panicked:\n%s", strings.Join(args, " "), errOut)
	}
	return out, errOut
}

// segmentTexts returns the participant and text columns of the coded
// segments CSV.
func segmentRows(t *testing.T, run func(...string) (string, string, int), extra ...string) [][2]string {
	t.Helper()
	out := mustRun(t, run, append([]string{"export", "csv", "--what", "segments", "--raw"}, extra...)...)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for i, h := range recs[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %q", name, recs[0])
		return -1
	}
	p, text, speaker := col("participant"), col("text"), col("speaker")
	var rows [][2]string
	for _, r := range recs[1:] {
		rows = append(rows, [2]string{r[p], r[text] + "\x00" + r[speaker]})
	}
	return rows
}

func TestDeidentificationGateOnTheDemo(t *testing.T) {
	// -short is asked for by hand, for a quick run; CI runs without it.
	if testing.Short() {
		t.Skip("builds the demo project and runs named-entity recognition")
	}
	t.Parallel()
	dir, run := privacyProject(t)

	// Scan: known names (also in Spanish), titles, e-mail, phone; "dar a
	// luz" and "con esperanza" are words, not names.
	var scan deidScanReport
	if err := json.Unmarshal([]byte(mustRun(t, run, "deid", "scan", "--json")), &scan); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, f := range scan.Pending {
		found[f.Text] = f.Detector
		if f.Text == "luz" || f.Text == "esperanza" {
			t.Errorf("the common word %q was suggested as a name", f.Text)
		}
	}
	for text, detector := range map[string]string{"Luz": "known-name", "Joaquín": "known-name", "Dra. Esperanza Villalobos": "honorific",
		"Dr. Lindqvist": "honorific", "555-0147": "pattern", "bienestar.residentes@hospitalnorte.example.mx": "pattern", "Grace": "known-name",
		"Mercy General": "institution"} {
		if found[text] != detector {
			t.Errorf("scan: %q found by %q, want %s", text, found[text], detector)
		}
	}

	// Before any decision the review is not current: de-identified
	// exports and packets are refused in one line that says what to do;
	// plain exports still work.
	_, errOut := mustFail(t, run, "export", "csv", "--what", "segments", "--deidentified")
	for _, want := range []string{"review is not current", "still pending", "focal deid accept|reject"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("refusal lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("the refusal is not one line:\n%s", errOut)
	}
	mustRun(t, run, "export", "csv", "--what", "segments")
	_, errOut = mustFail(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--all", "--out", filepath.Join(dir, "packets"))
	if !strings.Contains(errOut, "no packet was written") || !strings.Contains(errOut, "still pending") {
		t.Errorf("packets refusal: %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "packets")); err == nil {
		t.Error("a refused packet export created its folder")
	}

	// Accept names, titles and patterns; reject the entity suggestions.
	mustRun(t, run, "deid", "accept", "--detector", "known-name")
	mustRun(t, run, "deid", "accept", "--detector", "honorific")
	mustRun(t, run, "deid", "accept", "--detector", "pattern")
	mustRun(t, run, "deid", "accept", "--detector", "institution")
	mustRun(t, run, "deid", "reject", "--detector", "ner", "--reason", "nationalities and sentence starters")
	mustRun(t, run, "deid", "check")
	for _, r := range segmentRows(t, run, "--deidentified") {
		for _, name := range []string{"Joaquín", "Luz Moreno", "Dana Reyes", "Villalobos", "555-0147"} {
			if strings.Contains(r[1], name) {
				t.Errorf("de-identified export shows %q: %q", name, r[1])
			}
		}
	}
	plain := segmentRows(t, run)
	sawPseudonym := false
	for _, r := range plain {
		if strings.Contains(r[1], "says José") {
			t.Errorf("the accepted replacement of José was not made on export: %q", r[1])
		}
		sawPseudonym = sawPseudonym || strings.Contains(r[1], "says P03")
	}
	if !sawPseudonym {
		t.Error("no segment shows the pseudonym P03 in place of José")
	}

	// A lower-case name prose would miss, in Spanish text: the gate
	// refuses the packets.
	theme := "Carrying two worlds"
	mustRun(t, run, "theme", "describe", theme, "--summary", "es=Como dijo joaquín, vivían en dos mundos.")
	_, errOut = mustFail(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--participant", "P25", "--out", filepath.Join(dir, "packets"))
	if !strings.Contains(errOut, `"joaquín"`) {
		t.Errorf("the gate missed the lower-case name:\n%s", errOut)
	}
	// "Luz" capitalised is the name; a reviewed exception inside a phrase
	// lets that phrase through, and nothing else.
	mustRun(t, run, "theme", "describe", theme, "--summary", "es=Luz y Fuerza es una canción; Luz lo dijo.")
	_, errOut = mustFail(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--participant", "P25", "--out", filepath.Join(dir, "packets"))
	if strings.Count(errOut, `"Luz"`) != 2 {
		t.Errorf("want both Luz refused:\n%s", errOut)
	}
	mustRun(t, run, "deid", "allow", "Luz", "--phrase", "Luz y Fuerza", "--reason", "a song title")
	_, errOut = mustFail(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--participant", "P25", "--out", filepath.Join(dir, "packets"))
	if strings.Count(errOut, `"Luz"`) != 1 {
		t.Errorf("want only the name refused:\n%s", errOut)
	}
	mustRun(t, run, "theme", "describe", theme, "--summary", "es=Varios residentes sentían que vivían en dos mundos; con luz y con esperanza.")
	mustRun(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--participant", "P25", "--out", filepath.Join(dir, "packets"))

	// Pseudonyms: chosen ones are used; a real name is refused.
	mustRun(t, run, "participant", "set-pseudonym", "P07", "Rosa")
	_, errOut = mustFail(t, run, "participant", "set-pseudonym", "P08", "Grace")
	if !strings.Contains(errOut, "real name") {
		t.Errorf("set-pseudonym Grace: %s", errOut)
	}
	rows := segmentRows(t, run, "--deidentified")
	rosa := false
	for _, r := range rows {
		rosa = rosa || strings.HasSuffix(r[1], "\x00Rosa")
	}
	if !rosa {
		t.Error("the chosen pseudonym does not name P07's segments")
	}

	// The key file holds the mapping alone, readable by its owner only.
	key := filepath.Join(dir, "key.csv")
	mustRun(t, run, "deid", "key", "--out", key)
	fi, err := os.Stat(key)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	data, _ := os.ReadFile(key)
	if !strings.HasPrefix(string(data), "participant,pseudonym,real_name\r\n") || !strings.Contains(string(data), "P07,Rosa,Hannah Søndergaard") {
		t.Errorf("key file:\n%s", data)
	}
	mustFail(t, run, "deid", "key", "--out", key)

	// Writing the replacements into the stored text: a correction that
	// moves codings. The text changed, so the review needs a new scan;
	// then the gate lets the project through.
	out := mustRun(t, run, "deid", "apply", "--in-text", "--source", "fg03-pertenencia-es")
	if !strings.Contains(out, "written into the text") {
		t.Errorf("apply: %s", out)
	}
	shown := mustRun(t, run, "source", "show", "fg03-pertenencia-es")
	if strings.Contains(shown, "Luz, tú dijiste") || !strings.Contains(shown, "P25, tú dijiste") || !strings.Contains(shown, "dar a luz") {
		t.Errorf("the stored text was not de-identified as accepted")
	}
	_, errOut = mustFail(t, run, "deid", "check")
	if !strings.Contains(errOut, "fg03-pertenencia-es changed since the last scan") || !strings.Contains(errOut, "focal deid scan") {
		t.Errorf("check after apply --in-text: %s", errOut)
	}
	mustRun(t, run, "deid", "scan")
	mustRun(t, run, "deid", "check")
	var applied []map[string]any
	json.Unmarshal([]byte(mustRun(t, run, "deid", "list", "--status", "applied", "--json")), &applied)
	if len(applied) == 0 {
		t.Error("no finding is marked applied")
	}
}

// packetSheets names the sheets of a packet in its language.
func packetSheets(lang string) (themes, quotes string) {
	w := membercheck.WordingFor(lang)
	return w.ThemesSheet, w.QuotesSheet
}

// fillPacket writes answers into a packet workbook as a participant would,
// with excelize: cells maps "sheet!cell" to the value typed.
func fillPacket(t *testing.T, path string, cells map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, v := range cells {
		sheet, c, _ := strings.Cut(ref, "!")
		if err := f.SetCellStr(sheet, c, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func cellOf(t *testing.T, path, sheet, c string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue(sheet, c)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestMemberCheckingEndToEnd(t *testing.T) {
	// -short is asked for by hand, for a quick run; CI runs without it.
	if testing.Short() {
		t.Skip("builds the demo project")
	}
	t.Parallel()
	dir, run := privacyProject(t)
	mustRun(t, run, "deid", "scan", "--no-ner")
	mustRun(t, run, "deid", "accept", "--all")
	mustRun(t, run, "membercheck", "template", "edit", "--lang", "es", "--file", writeTemp(t, dir, "intro-es.txt", "Hola, {pseudonym}: gracias por revisar {project}.\n\nResponda en las celdas sombreadas."))
	if out := mustRun(t, run, "membercheck", "template", "show", "--lang", "es"); !strings.Contains(out, "{pseudonym}") {
		t.Errorf("template show: %s", out)
	}

	// Clear two codings for the group summary.
	var codings []struct {
		ID          string `json:"id"`
		Participant string `json:"participant"`
	}
	json.Unmarshal([]byte(mustRun(t, run, "coding", "list", "--json")), &codings)
	var clear []string
	for _, c := range codings {
		if c.Participant == "P09" && len(clear) < 2 {
			clear = append(clear, c.ID[:8])
		}
	}
	mustRun(t, run, append([]string{"membercheck", "clear"}, clear...)...)

	packets := filepath.Join(dir, "packets")
	out := mustRun(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--all", "--out", packets, "--group-summary")
	if !strings.Contains(out, "wrote 15 packets") {
		t.Fatalf("export: %s", out)
	}
	p07, p25, p09, p01, p02 := filepath.Join(packets, "P07-en.xlsx"), filepath.Join(packets, "P25-es.xlsx"), filepath.Join(packets, "P09-en.xlsx"),
		filepath.Join(packets, "P01-en.xlsx"), filepath.Join(packets, "P02-en.xlsx")
	for _, p := range []string{p07, p25, filepath.Join(packets, "P25-es.html")} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, fi, err)
		}
	}
	checkPacketWorkbook(t, p25, "es")
	html, _ := os.ReadFile(filepath.Join(packets, "P25-es.html"))
	for _, want := range []string{`<html lang="es">`, "Hola, P25: gracias por revisar", "¿Esto refleja su experiencia?", "Parcialmente", "Quitar", "<fieldset>", "<legend>"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("P25's page lacks %q", want)
		}
	}
	if strings.Contains(string(html), "Luz Moreno") {
		t.Error("P25's page shows her real name")
	}

	// P07 answers in the workbook (excelize): a theme yes, one partly with
	// a comment, a quote removed, a quote corrected.
	th, qs := packetSheets("en")
	removed, edited := cellOf(t, p07, qs, "D2"), cellOf(t, p07, qs, "D3")
	fillPacket(t, p07, map[string]string{th + "!F2": "Yes", th + "!F3": "Partly", th + "!G3": "Add the night shifts.",
		qs + "!E2": "Remove", qs + "!E3": "Edit", qs + "!F3": "My corrected words about belonging."})
	// P25 answers in Spanish, one answer outside the list.
	thES, qsES := packetSheets("es")
	fillPacket(t, p25, map[string]string{thES + "!F2": "Sí", thES + "!F3": " parcialmente ", thES + "!F4": "Quizás", qsES + "!E2": "Quitar"})
	p25removed := cellOf(t, p25, qsES, "D2")
	// P09 answers with openpyxl, as another program would: a formula in an
	// answer cell is not accepted; a Spanish word in an English packet is.
	python := testenv.Python
	pythonDone := false
	if testenv.PythonHas(t, "openpyxl") { // without it the part is left out, or under CI the test fails
		script := `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Themes"]; ws["F2"] = "No"; ws["G2"] = "Not my experience at all"
wq = wb["Your quotes"]; wq["E2"] = "=1+1"; wq["E3"] = "Editar"; wq["F3"] = "Reworded by P09"
wb.save(sys.argv[1])`
		if b, err := exec.Command(python, "-c", script, p09).CombinedOutput(); err != nil {
			t.Fatalf("openpyxl: %v\n%s", err, b)
		}
		pythonDone = true
	}
	// A tampered packet: a row key changed.
	tampered := filepath.Join(dir, "tampered.xlsx")
	copyFile(t, p01, tampered)
	k := cellOf(t, tampered, th, "A2")
	fillPacket(t, tampered, map[string]string{th + "!A2": k[:len(k)-3] + "xyz", th + "!F2": "Yes"})
	// A row copied from another participant's packet.
	foreign := filepath.Join(dir, "foreign.xlsx")
	copyFile(t, p01, foreign)
	fillPacket(t, foreign, map[string]string{qs + "!A2": cellOf(t, p02, qs, "A2"), qs + "!E2": "Remove"})
	// A packet of another project.
	other := filepath.Join(dir, "other.xlsx")
	copyFile(t, p01, other)
	otherKey, _ := membercheck.Sign(membercheck.Key{Project: "another-project", Packet: "x", Participant: "P01", Item: "packet"}, []byte("0123456789abcdef0123456789abcdef"))
	fillPacket(t, other, map[string]string{"focal!A1": otherKey})

	files := []string{p07, p25, tampered, foreign, other}
	if pythonDone {
		files = append(files, p09)
	}
	out, errOut, code := run(append([]string{"membercheck", "import"}, files...)...)
	if code != 1 {
		t.Fatalf("import: exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"tampered.xlsx: refused: sheet \"Themes\", row 2: the row's key does not verify",
		"foreign.xlsx: refused: sheet \"Your quotes\", row 2: the row belongs to another packet",
		"other.xlsx: refused: the packet belongs to another project",
		`P25-es.xlsx: not accepted: sheet "Temas", row 4: "Quizás" is not one of the choices; allowed: Sí, Parcialmente, No`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("import output lacks %q:\n%s", want, errOut)
		}
	}
	if pythonDone && !strings.Contains(errOut, `P09-en.xlsx: not accepted: sheet "Your quotes", row 2: the answer cells hold a formula`) {
		t.Errorf("the formula was not reported:\n%s", errOut)
	}
	if !strings.Contains(out, "P07-en.xlsx (P07): 4 answers, 4 new or changed") || !strings.Contains(out, "P25-es.xlsx (P25): 3 answers, 3 new or changed") {
		t.Errorf("import: %s", out)
	}
	// Importing the same file again changes nothing.
	out = mustRun(t, run, "membercheck", "import", p07)
	if !strings.Contains(out, "0 new or changed, 4 as recorded before") {
		t.Errorf("second import: %s", out)
	}
	events := mustRun(t, run, "log", "--json")
	if n := strings.Count(events, `"membercheck.answered"`); pythonDone && n != 4+3+2 || !pythonDone && n != 4+3 {
		t.Errorf("%d answer events", n)
	}

	// An answer given by phone.
	mustRun(t, run, "membercheck", "record", "--participant", "P08", "--theme", "Who has your back", "--answer", "Sí", "--via", "phone", "--comment", "Peers, yes.")
	_, errOut = mustFail(t, run, "membercheck", "record", "--participant", "P08", "--theme", "Who has your back", "--answer", "maybe")
	if !strings.Contains(errOut, "allowed: Yes, Partly, No") {
		t.Errorf("record maybe: %s", errOut)
	}

	// Status.
	var st membercheckStatus
	if err := json.Unmarshal([]byte(mustRun(t, run, "membercheck", "status", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	answered := map[string]bool{}
	for _, p := range st.Participants {
		if p.Packets != 1 {
			t.Errorf("%s was sent %d packets", p.Participant, p.Packets)
		}
		answered[p.Participant] = p.Answers > 0
	}
	if !answered["P07"] || !answered["P25"] || !answered["P08"] || answered["P01"] || answered["P02"] {
		t.Errorf("answered: %v", answered)
	}
	yes, partly, no := 0, 0, 0
	for _, th := range st.Themes {
		yes, partly, no = yes+th.Yes, partly+th.Partly, no+th.No
	}
	wantNo := 0
	if pythonDone {
		wantNo = 1
	}
	if yes != 3 || partly != 2 || no != wantNo {
		t.Errorf("theme answers yes %d partly %d no %d", yes, partly, no)
	}
	removes, edits := 0, 0
	for _, q := range st.Quotes {
		switch q.Answer {
		case "remove":
			removes++
		case "edit":
			edits++
		}
	}
	wantEdits := 1
	if pythonDone {
		wantEdits = 2
	}
	if removes != 2 || edits != wantEdits {
		t.Errorf("quotes: %d removed, %d edited: %+v", removes, edits, st.Quotes)
	}

	// Exports leave removed quotes out and use corrected wording; the
	// transcript keeps the original.
	rows := segmentRows(t, run)
	corrected := false
	for _, r := range rows {
		text := strings.Split(r[1], "\x00")[0]
		if strings.Contains(text, removed) || strings.Contains(text, p25removed) {
			t.Errorf("a removed quote is still exported: %q", text)
		}
		if strings.Contains(text, edited) {
			t.Errorf("the original wording of a corrected quote is still exported: %q", text)
		}
		corrected = corrected || strings.Contains(text, "My corrected words about belonging.")
	}
	if !corrected {
		t.Error("the corrected wording is not used")
	}
	transcript := mustRun(t, run, "source", "show", "fg02-belonging-en")
	if !strings.Contains(strings.Join(strings.Fields(transcript), " "), strings.Join(strings.Fields(edited), " ")) {
		t.Error("the transcript lost the original wording")
	}

	// The investigators' workbook has the answers; the report summarises them.
	wb := filepath.Join(dir, "study.xlsx")
	mustRun(t, run, "export", "xlsx", "--out", wb, "--no-agreement")
	f, err := excelize.OpenFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := f.GetRows("member checking")
	f.Close()
	if err != nil || len(mc) < 8 {
		t.Fatalf("member checking sheet: %v %d rows", err, len(mc))
	}
	joined := ""
	for _, r := range mc {
		joined += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(joined, "Add the night shifts.") || !strings.Contains(joined, "phone") || strings.Contains(joined, removed) {
		t.Errorf("member checking sheet:\n%s", joined)
	}
	report := mustRun(t, run, "export", "report", "--out", "-", "--no-agreement")
	if !strings.Contains(report, `id="member-checking"`) || !strings.Contains(report, "Add the night shifts.") {
		t.Error("the report has no member-checking section")
	}

	// A participant withdraws: none of their words is exported, and they get
	// no packet.
	mustRun(t, run, "participant", "withdraw", "P24", "--reason", "by e-mail")
	for _, r := range segmentRows(t, run) {
		if r[0] == "P24" {
			t.Fatalf("a withdrawn participant's words are exported: %q", r[1])
		}
	}
	out = mustRun(t, run, "membercheck", "export", "--contact", "Dr Sam Whitfield, s.whitfield@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to s.whitfield@example.org", "--participant", "P24", "--out", packets)
	if !strings.Contains(out, "no packet for P24 (withdrew)") {
		t.Errorf("packet for a withdrawn participant: %s", out)
	}
	if out := mustRun(t, run, "membercheck", "status"); !strings.Contains(out, "1 withdrew") {
		t.Errorf("status: %s", out)
	}
}

// checkPacketWorkbook checks what a participant's workbook offers: locked
// sheets with unlocked answer cells, drop-downs in the packet's language,
// hidden keys.
func checkPacketWorkbook(t *testing.T, path, lang string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	th, qs := packetSheets(lang)
	w := membercheck.WordingFor(lang)
	for _, sheet := range []string{th, qs} {
		visible, _ := f.GetColVisible(sheet, "A")
		if visible {
			t.Errorf("%s: the key column is visible", sheet)
		}
		dvs, err := f.GetDataValidations(sheet)
		if err != nil || len(dvs) != 1 {
			t.Fatalf("%s: %d validations (%v)", sheet, len(dvs), err)
		}
		want := w.Choices(membercheck.ThemeAnswers)
		if sheet == qs {
			want = w.Choices(membercheck.QuoteAnswers)
		}
		if !strings.Contains(dvs[0].Formula1, strings.Join(want, ",")) {
			t.Errorf("%s: drop-down %q, want %q", sheet, dvs[0].Formula1, want)
		}
	}
	for _, c := range []struct {
		sheet, cell string
		locked      bool
	}{{th, "C2", true}, {th, "F2", false}, {th, "G2", false}, {qs, "D2", true}, {qs, "E2", false}, {qs, "F2", false}} {
		id, _ := f.GetCellStyle(c.sheet, c.cell)
		st, err := f.GetStyle(id)
		if err != nil || st.Protection == nil || st.Protection.Locked != c.locked {
			t.Errorf("%s!%s: locked should be %v (%+v)", c.sheet, c.cell, c.locked, st.Protection)
		}
	}
	if vis, _ := f.GetSheetVisible("focal"); vis {
		t.Error("the packet key sheet is visible")
	}
}

func writeTemp(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
