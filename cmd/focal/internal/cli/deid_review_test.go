package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const nightsVTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana Reyes: How were the nights?

2
00:00:04.500 --> 00:00:08.000
Zoë Lindqvist: The nights with Dr. Whitfield are lonely.
`

// reviewProject is a coded and themed focus group, blinding off: Dana
// Reyes moderates, Zoë Lindqvist (P07) speaks of an attending by name.
func reviewProject(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", nightsVTT))
	r.ok("speaker", "role", "Dana Reyes", "moderator", "--source", "fg01")
	r.ok("participant", "link", "Zoë Lindqvist", "--source", "fg01", "P07")
	themed(r, "The nights with Dr. Whitfield are lonely.")
	return r
}

// themed codes quotes as amara under one theme with a summary.
func themed(r *runner, quotes ...string) {
	r.t.Helper()
	r.ok("coder", "add", "amara", "--role", "pi")
	r.env["FOCAL_CODER"] = "amara"
	r.ok("blind", "off")
	for _, q := range quotes {
		r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", q)
	}
	r.ok("theme", "add", "Nights alone")
	r.ok("theme", "assign", "Nights alone", "isolation")
	r.ok("theme", "describe", "Nights alone", "--summary", "en=Nights felt lonely.")
}

// Packets are refused before any scan, while a finding in a quote is
// pending, and after a correction until the next scan: the refusal is one
// line that says what to do, and nothing is written.
func TestPacketsNeedACurrentReview(t *testing.T) {
	t.Parallel()
	r := reviewProject(t)
	packets := filepath.Join(r.dir, "packets")
	errOut := r.fail(1, "membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets)
	if !strings.Contains(errOut, "no de-identification scan has run") || !strings.Contains(errOut, "focal deid scan") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("packets before any scan: %s", errOut)
	}
	if _, err := os.Stat(packets); err == nil {
		t.Fatal("a refused packet export wrote its folder")
	}

	r.ok("deid", "scan", "--no-ner")
	errOut = r.fail(1, "membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets)
	if !strings.Contains(errOut, `"Dr. Whitfield" in fg01`) || !strings.Contains(errOut, "focal deid accept|reject") {
		t.Errorf("packets with a pending finding: %s", errOut)
	}

	r.ok("deid", "accept", "--all")
	r.ok("membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets)
	page, err := os.ReadFile(filepath.Join(packets, "P07-en.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "Whitfield") || !strings.Contains(string(page), "The nights with Dr. [name] are lonely.") {
		t.Errorf("P07's page does not show the quote de-identified:\n%s", page)
	}

	// A correction changes the text: packets wait for the next scan.
	text := "Dana Reyes: How were the nights?\nZoë Lindqvist: The nights with Dr. Whitfield are long.\n"
	r.ok("source", "edit", "fg01", "--file", r.write("fixed.txt", text), "--reason", "misheard")
	errOut = r.fail(1, "membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets)
	if !strings.Contains(errOut, "fg01 changed since the last scan") || !strings.Contains(errOut, "focal deid scan") {
		t.Errorf("packets after a correction: %s", errOut)
	}
	r.ok("deid", "scan", "--no-ner")
	r.ok("membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets, "--force")
}

// An identifier accepted in the transcripts and written in a member-check
// answer is replaced there in de-identified exports, after accept and
// after apply --in-text, instead of refusing them for ever; one only an
// answer has is decided with the word list.
func TestAcceptedIdentifierInAnswersIsReplaced(t *testing.T) {
	t.Parallel()
	r := reviewProject(t)
	r.ok("deid", "scan", "--no-ner")
	r.ok("deid", "accept", "--all")
	r.ok("membercheck", "record", "--participant", "P07", "--theme", "Nights alone", "--answer", "partly",
		"--comment", "Dr. Whitfield made the nights worse.", "--via", "phone")

	errOut := r.fail(1, "export", "report", "--out", "-", "--no-agreement", "--deidentified")
	if !strings.Contains(errOut, "answers came in since the last scan") || !strings.Contains(errOut, "focal deid scan") {
		t.Errorf("de-identified export after an answer came in: %s", errOut)
	}
	r.ok("deid", "scan", "--no-ner")
	report := r.ok("export", "report", "--out", "-", "--no-agreement", "--deidentified")
	if strings.Contains(report, "Whitfield") || !strings.Contains(report, "Dr. [name] made the nights worse.") {
		t.Errorf("the answer is not de-identified in the report")
	}

	r.ok("deid", "apply", "--in-text")
	r.fail(1, "export", "report", "--out", "-", "--no-agreement", "--deidentified")
	r.ok("deid", "scan", "--no-ner")
	report = r.ok("export", "report", "--out", "-", "--no-agreement", "--deidentified")
	if strings.Contains(report, "Whitfield") || !strings.Contains(report, "Dr. [name] made the nights worse.") {
		t.Errorf("after apply --in-text the answer is not de-identified in the report")
	}
	if allowed := r.ok("deid", "allowed"); strings.Contains(allowed, "Whitfield") {
		t.Errorf("the name was let through: %s", allowed)
	}

	// A phone number only the answer has: pending until listed.
	r.ok("membercheck", "record", "--participant", "P07", "--theme", "Nights alone", "--answer", "partly",
		"--comment", "Call me on 555-0199.", "--via", "phone")
	out := r.ok("deid", "scan", "--no-ner")
	if !strings.Contains(out, `"555-0199"`) {
		t.Errorf("the scan does not list the phone number in the answer:\n%s", out)
	}
	errOut = r.fail(1, "export", "report", "--out", "-", "--no-agreement", "--deidentified")
	if !strings.Contains(errOut, `"555-0199"`) || !strings.Contains(errOut, "focal deid add") {
		t.Errorf("export with an undecided identifier in an answer: %s", errOut)
	}
	r.ok("deid", "add", "555-0199", "--replace", "[phone]")
	report = r.ok("export", "report", "--out", "-", "--no-agreement", "--deidentified")
	if strings.Contains(report, "555-0199") || !strings.Contains(report, "Call me on [phone].") {
		t.Errorf("the listed phone number is not replaced in the answer")
	}
}

// A transcript that arrives pseudonymised, speakers P1 and P2 linked to
// participants P1 and P2, produces packets: "P1" is no real name.
func TestPseudonymisedTranscriptGetsPackets(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana Reyes: How were the nights, P1?

2
00:00:04.500 --> 00:00:08.000
P1: Lonely. P2 knows.

3
00:00:08.500 --> 00:00:10.000
P2: Lonely for me too.
`))
	r.ok("speaker", "role", "Dana Reyes", "moderator", "--source", "fg01")
	r.ok("participant", "link", "P1", "--source", "fg01", "P1")
	r.ok("participant", "link", "P2", "--source", "fg01", "P2")
	themed(r, "Lonely. P2 knows.", "Lonely for me too.")
	out := r.ok("deid", "scan", "--no-ner")
	if strings.Contains(out, "pending findings") {
		t.Errorf("the pseudonyms were taken for names:\n%s", out)
	}
	packets := filepath.Join(r.dir, "packets")
	out = r.ok("membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets)
	if !strings.Contains(out, "wrote 2 packets") {
		t.Fatalf("export: %s", out)
	}
	page, err := os.ReadFile(filepath.Join(packets, "P1-en.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "P1") || !strings.Contains(string(page), "Lonely. P2 knows.") {
		t.Errorf("P1's page:\n%s", page)
	}
	// The moderator's name is still a real name.
	r.ok("theme", "describe", "Nights alone", "--summary", "en=As Dana said, nights felt lonely.")
	if errOut := r.fail(1, "membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--all", "--out", packets); !strings.Contains(errOut, `"Dana"`) {
		t.Errorf("the moderator's name passed the gate: %s", errOut)
	}
}
