package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/membercheck"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
	mcexport "github.com/focalqda/focal/export/membercheck"
)

func newMembercheckCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "membercheck",
		Short: "Member checking: packets for participants, their answers, withdrawals",
		Long: `Member checking asks participants whether the themes reflect their experience.

Each participant gets a packet in their language (participant attribute
"language"; English and Spanish are built in): a workbook whose only editable
cells are the answers, and a printable page. It holds a short introduction
(the project's template), the themes the participant contributed to with their
plain-language summaries, and their own quotes, de-identified and clipped to
their own turns; optionally a group summary with quotes of others that a
researcher cleared. Every packet passes the de-identification gate first.

Returned workbooks are imported: every answer is validated, every row's signed
key verified. Answers given on paper, by phone or on the printed page are
entered with record. A quote the participant removes is left out of every
later export; corrected wording is used in exports instead of the transcript's.
docs/PRIVACY.md describes the packet format and signatures.`,
		Example: `  focal membercheck export --all --out packets/
  focal membercheck import packets/returned/*.xlsx
  focal membercheck record --participant P07 --theme "Who has your back" --answer partly --via phone
  focal membercheck status`,
	}
	cmd.AddCommand(newMembercheckExportCmd(app), newMembercheckImportCmd(app), newMembercheckRecordCmd(app), newMembercheckStatusCmd(app),
		newMembercheckClearCmd(app), newMembercheckTemplateCmd(app))
	return cmd
}

type membercheckExportOptions struct {
	participants []string
	all          bool
	out          string
	coder        string
	group        bool
	groupQuotes  int
	formats      []string
	json         bool
	force        bool
	ret          returnFlags
}

func newMembercheckExportCmd(app *App) *cobra.Command {
	var opts membercheckExportOptions
	cmd := &cobra.Command{
		Use:   "export (--participant P… | --all) --out DIR [--group-summary]",
		Short: "Write member-check packets: a workbook and a printable page per participant",
		Long: `Write, for each chosen participant, DIR/P07-en.xlsx (answers in drop-downs and
text cells; everything else locked) and DIR/P07-en.html (a printable,
accessible page). Quotes are the participant's own words only, with accepted
de-identification replacements made and withdrawn quotes left out. If the
de-identification review is not current (no scan since a quoted source's text
last changed, or a finding still pending in a quote), or the gate finds a known
real name or an accepted identifier in any packet, no packet is written.
Participants who withdrew get no packet.

The folder is created if missing. Packets are readable by you only (mode
0600); if a packet's file exists, nothing is written unless --force replaces
them, and a symbolic link is never written through.

Every packet says whom to contact (--contact), by when to return it
(--return-by YYYY-MM-DD) and how (--return-how TEXT, for every language, or
--return-how es=TEXT for packets in one language). The project keeps what was
given for the next export. When one is missing (or the date has passed),
export asks for it if standard input is a terminal, and otherwise stops,
naming the flag to give.

The layer is chosen as for exports (--coder; the consensus where a source's
consensus is complete).`,
		Example: `  focal membercheck export --participant P07 --out packets/ --contact "Dr Sam Whitfield, s.whitfield@example.org, 555 0100" --return-by 2099-01-31 --return-how "Email the workbook to s.whitfield@example.org, or post the printed page to Room 12, School of Medicine" --return-how "es=Envíe el libro por correo a s.whitfield@example.org, o la página impresa a la Sala 12, Facultad de Medicina"
  focal membercheck export --all --out packets/ --group-summary --force   # replaces P07's packet`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runMembercheckExport(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opts.participants, "participant", nil, "participants to write packets for (repeatable)")
	f.BoolVar(&opts.all, "all", false, "every participant")
	f.StringVarP(&opts.out, "out", "o", "", "folder to write the packets into (created if missing)")
	f.BoolVar(&opts.force, "force", false, forceHelp)
	f.StringVar(&opts.coder, "coder", "", "layer where a source's consensus is not complete (as for exports)")
	f.BoolVar(&opts.group, "group-summary", false, "add a summary of all themes with cleared quotes of other participants")
	f.IntVar(&opts.groupQuotes, "group-quotes", 2, "quotes per theme in the group summary")
	f.StringSliceVar(&opts.formats, "format", []string{"xlsx", "html"}, "what to write: xlsx, html or both")
	f.StringVar(&opts.ret.contact, "contact", "", "whom participants contact with questions (name, email, telephone); kept in the project")
	f.StringVar(&opts.ret.returnBy, "return-by", "", "the date to return packets by (YYYY-MM-DD); kept in the project")
	f.StringArrayVar(&opts.ret.returnHow, "return-how", nil, "how to return the page or workbook; LANG=TEXT for one language (repeatable); kept in the project")
	addJSONFlag(f, &opts.json, "print the summary as JSON")
	return cmd
}

// packetSummary is what export printed for one packet.
type packetSummary struct {
	Participant string   `json:"participant"`
	Language    string   `json:"language"`
	Themes      int      `json:"themes"`
	Quotes      int      `json:"quotes"`
	Files       []string `json:"files"`
}

type membercheckExportSummary struct {
	Packets []packetSummary `json:"packets"`
	Skipped []string        `json:"skipped"`
	Notes   []string        `json:"notes"`
	// Return is what the packets say about returning them (absent when
	// none was written).
	Return *packetReturnSummary `json:"return,omitempty"`
}

// packetReturnSummary is what the packets written say about returning
// them.
type packetReturnSummary struct {
	Contact string            `json:"contact"`
	By      string            `json:"by"`
	How     map[string]string `json:"how"`
}

func runMembercheckExport(ctx context.Context, app *App, opts membercheckExportOptions, out io.Writer) error {
	if opts.out == "" {
		return usageError{errors.New("membercheck export: name the folder with --out DIR")}
	}
	if opts.all == (len(opts.participants) > 0) {
		return usageError{errors.New("membercheck export: choose participants with --participant P, or --all")}
	}
	for _, f := range opts.formats {
		if f != "xlsx" && f != "html" {
			return usageError{fmt.Errorf("membercheck export --format: %q is neither xlsx nor html", f)}
		}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	project, err := st.Project(ctx)
	if err != nil {
		return err
	}
	secret, err := st.MemberCheckSecret(ctx, app.person())
	if err != nil {
		return err
	}
	privacy, err := st.ExportPrivacy(ctx, app.person(), study.ExportRequest{Kind: study.ExportPackets})
	if err != nil {
		return err
	}
	d, err := assembleDataset(ctx, st, app.person(), investigatorOptions{coder: opts.coder}, false)
	if err != nil {
		return fmt.Errorf("membercheck export: %w", err)
	}
	participants, err := st.Participants(ctx)
	if err != nil {
		return err
	}
	byName := map[string]corpus.Participant{}
	var names []string
	for _, p := range participants {
		byName[p.Name] = p
		names = append(names, p.Name)
	}
	chosen := opts.participants
	if opts.all {
		chosen = names
	}
	hashes := map[string]string{}
	for _, src := range d.Sources {
		text, err := st.SourceText(ctx, src.ID)
		if err != nil {
			return err
		}
		hashes[src.ID] = corpus.TextHash(text)
	}
	cleared, err := st.ClearedCodings(ctx)
	if err != nil {
		return err
	}
	sum := membercheckExportSummary{Packets: []packetSummary{}, Skipped: []string{}, Notes: []string{}}
	type built struct {
		packet *mcexport.Packet
	}
	var packets []built
	var violations []deid.Violation
	var outgoing study.Outgoing
	noteSeen := map[string]bool{}
	for _, name := range chosen {
		p, ok := byName[name]
		if !ok {
			return fmt.Errorf("membercheck export: no participant %q; the project has: %s", name, strings.Join(names, ", "))
		}
		if privacy.IsWithdrawn(name) {
			sum.Skipped = append(sum.Skipped, name+" (withdrew)")
			continue
		}
		lang := participantLanguage(p, d)
		if !membercheck.HasWording(lang) {
			sum.Notes = append(sum.Notes, fmt.Sprintf("%s speaks %q, which packets do not have wording for; the packet is in English", name, lang))
		}
		lang = membercheck.WordingFor(lang).Lang
		intro, custom, err := st.MemberCheckTemplate(ctx, lang)
		if err != nil {
			return err
		}
		if !custom {
			intro = membercheck.DefaultIntroduction(lang)
		}
		packet, notes, err := mcexport.Build(d, mcexport.Options{ID: uuid.NewString(), ProjectID: project.ID, ProjectTitle: project.Title,
			Participant: name, Pseudonym: p.Pseudonym, Language: lang, Intro: intro, SourceHashes: hashes,
			Group: opts.group, GroupQuotes: opts.groupQuotes, Cleared: cleared, CreatedAt: st.Now().UTC().Format(time.RFC3339)})
		if err != nil {
			sum.Skipped = append(sum.Skipped, fmt.Sprintf("%s (%v)", name, err))
			continue
		}
		for _, n := range notes {
			if !noteSeen[n] {
				noteSeen[n] = true
				sum.Notes = append(sum.Notes, n)
			}
		}
		if len(packet.Themes) == 0 {
			sum.Skipped = append(sum.Skipped, name+" (none of their words is coded under a theme)")
			continue
		}
		for _, pl := range packet.Places() {
			outgoing.Passages = append(outgoing.Passages, study.Passage{SourceID: pl.SourceID, Span: pl.Span})
		}
		packets = append(packets, built{packet})
	}
	if len(packets) > 0 {
		// Packets carry no answers: the review covers their quotes.
		if err := privacy.Review(outgoing); err != nil {
			return fmt.Errorf("membercheck export: %w (no packet was written)", err)
		}
		// What the packets say about returning them: from the flags and
		// the project, asked for when missing; it goes through the gate
		// with the rest of each packet.
		var langs []string
		for _, b := range packets {
			langs = append(langs, b.packet.Language)
		}
		ret, err := settleReturn(ctx, app, st, opts.ret, langs, isTerminal(app.Stdin))
		if err != nil {
			return fmt.Errorf("membercheck export: %w", err)
		}
		sum.Return = &packetReturnSummary{Contact: ret.Contact, By: ret.By, How: map[string]string{}}
		for _, l := range langs {
			sum.Return.How[l] = study.ReturnHowIn(ret, l)
		}
		for _, b := range packets {
			b.packet.SetReturn(packetReturn(ret, b.packet.Language))
			for _, t := range b.packet.Texts() {
				for _, v := range privacy.Violations(t[0], t[1]) {
					v.Where = b.packet.Participant + " packet, " + v.Where
					violations = append(violations, v)
				}
			}
		}
	}
	if len(violations) > 0 {
		fmt.Fprint(app.Stderr, deid.Report(violations, 50))
		return fmt.Errorf("membercheck export: %w", &study.GateError{What: "the packets (none was written)", Violations: violations})
	}
	if err := os.MkdirAll(app.path(opts.out), 0o700); err != nil {
		return fmt.Errorf("membercheck export: %s: %w", opts.out, friendlyFileError(err))
	}
	// Every packet's files are checked before any is written.
	for _, b := range packets {
		base := filepath.Join(opts.out, safeFileName(b.packet.Participant)+"-"+b.packet.Language)
		for _, format := range opts.formats {
			if err := checkOutputFile(app, base+"."+format, opts.force); err != nil {
				return fmt.Errorf("membercheck export: %w (no packet was written)", err)
			}
		}
	}
	for _, b := range packets {
		p := b.packet
		ps := packetSummary{Participant: p.Participant, Language: p.Language, Themes: len(p.Themes), Quotes: len(p.Quotes), Files: []string{}}
		base := filepath.Join(opts.out, safeFileName(p.Participant)+"-"+p.Language)
		for _, format := range opts.formats {
			path := base + "." + format
			write := func(w io.Writer) error { return mcexport.WriteHTML(w, p) }
			if format == "xlsx" {
				write = func(w io.Writer) error { return mcexport.WriteWorkbook(w, p, secret) }
			}
			if err := writeOutputFile(app, path, opts.force, write); err != nil {
				return fmt.Errorf("membercheck export: %w", err)
			}
			ps.Files = append(ps.Files, path)
		}
		if err := st.RecordPacket(ctx, app.person(), study.Packet{ID: p.ID, Participant: p.Participant, Language: p.Language, Themes: len(p.Themes),
			Quotes: len(p.Quotes), Files: ps.Files}); err != nil {
			return err
		}
		sum.Packets = append(sum.Packets, ps)
	}
	if opts.json {
		return writeJSON(out, sum)
	}
	fmt.Fprintf(out, "wrote %s to %s\n", plural(len(sum.Packets), "packet"), opts.out)
	if r := sum.Return; r != nil {
		fmt.Fprintf(out, "they ask for answers by %s; contact: %s\n", r.By, r.Contact)
	}
	t := newTable(out, "PARTICIPANT", "LANGUAGE", "THEMES", "QUOTES", "FILES")
	for _, p := range sum.Packets {
		t.row(p.Participant, p.Language, p.Themes, p.Quotes, strings.Join(p.Files, ", "))
	}
	t.flush()
	for _, sk := range sum.Skipped {
		fmt.Fprintf(out, "no packet for %s\n", sk)
	}
	for _, n := range sum.Notes {
		fmt.Fprintf(out, "note: %s\n", n)
	}
	return nil
}

// participantLanguage is the participant's "language" attribute, else the
// language of the first source they speak in, else English.
func participantLanguage(p corpus.Participant, d *dataset.Dataset) string {
	if l := strings.TrimSpace(p.Attributes["language"]); l != "" {
		return l
	}
	for _, v := range d.Voices {
		if v.Participant != p.Name {
			continue
		}
		for _, name := range v.Sources {
			for _, src := range d.Sources {
				if src.Name == name && src.Language != "" {
					return src.Language
				}
			}
		}
	}
	return "en"
}

// safeFileName keeps a participant id usable as a file name.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

// membercheckImportOptions are the files and flags of `focal membercheck import`.
type membercheckImportOptions struct {
	files []string // as the user typed them
	json  bool
}

func newMembercheckImportCmd(app *App) *cobra.Command {
	var opts membercheckImportOptions
	cmd := &cobra.Command{
		Use:   "import FILE…",
		Short: "Import returned packet workbooks: validate, verify and record the answers",
		Long: `Read returned packet workbooks. A workbook of another project, or one whose
packet key or any row key does not verify (changed, copied from another
participant's packet), is refused as a whole, as is one over the limits of
docs/LIMITS.md (size, sheets, rows, cells) and the answers of a participant
who withdrew. Import on the master project, the one that wrote the packets: a
copy made with focal copy cannot check them. Every answer is checked again
(a spreadsheet's drop-down is only advice: a pasted value bypasses it); a
value outside the allowed answers, in any language, is reported by sheet and
row and not recorded. Accepted answers are recorded with the time they came
in; an answer equal to the one recorded changes nothing, so importing a file
twice is harmless. The exit status is 1 when a file was refused or an answer
was not accepted.`,
		Example: `  focal membercheck import returned/P07-en.xlsx
  focal membercheck import returned/*.xlsx --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runMembercheckImport(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print the result per file as JSON")
	return cmd
}

// importedFile is the result of importing one returned packet.
type importedFile struct {
	File        string             `json:"file"`
	Participant string             `json:"participant,omitempty"`
	Refused     string             `json:"refused,omitempty"`
	Answers     int                `json:"answers"`
	Changed     int                `json:"changed"`
	Unchanged   int                `json:"unchanged"`
	Problems    []mcexport.Problem `json:"problems"`
}

// runMembercheckImport validates, verifies and records returned packets.
func runMembercheckImport(ctx context.Context, app *App, opts membercheckImportOptions, out io.Writer) error {
	files, asJSON := opts.files, opts.json
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	projectID, secret, err := st.MemberCheckReturns(ctx, app.person())
	if err != nil {
		return fmt.Errorf("membercheck import: %w", err)
	}
	var results []importedFile
	failed := false
	for _, file := range files {
		res := importPacketFile(ctx, app, st, projectID, secret, file)
		if res.Refused != "" || len(res.Problems) > 0 {
			failed = true
		}
		results = append(results, res)
	}
	if asJSON {
		if err := writeJSON(out, results); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			if r.Refused != "" {
				fmt.Fprintf(app.Stderr, "%s: refused: %s\n", r.File, r.Refused)
				continue
			}
			fmt.Fprintf(out, "%s (%s): %s, %d new or changed, %d as recorded before\n", r.File, r.Participant, plural(r.Answers, "answer"), r.Changed, r.Unchanged)
			for _, p := range r.Problems {
				fmt.Fprintf(app.Stderr, "%s: not accepted: %s\n", r.File, p)
			}
		}
	}
	if failed {
		return silentError{}
	}
	return nil
}

func importPacketFile(ctx context.Context, app *App, st *study.Study, projectID string, secret []byte, file string) importedFile {
	who := app.person()
	res := importedFile{File: file, Problems: []mcexport.Problem{}}
	f, err := os.Open(app.path(file))
	if err != nil {
		res.Refused = friendlyFileError(err).Error()
		return res
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		res.Refused = friendlyFileError(err).Error()
		return res
	}
	if fi.IsDir() {
		res.Refused = "it is a folder, not a returned packet"
		return res
	}
	checked, err := mcexport.ReadReturned(f, fi.Size(), projectID, secret)
	if err != nil {
		res.Refused = err.Error()
		return res
	}
	res.Participant = checked.Packet.Participant
	if err := st.AcceptsAnswersOf(ctx, res.Participant); err != nil {
		res.Refused = err.Error()
		return res
	}
	res.Problems = append(res.Problems, checked.Problems...)
	var answers []study.MemberCheckAnswer
	for _, a := range checked.Answers {
		k := a.Key
		sa := study.MemberCheckAnswer{Participant: k.Participant, Item: k.Item, ThemeID: k.Theme, CodingID: k.Coding, SourceID: k.Source,
			Start: k.Start, End: k.End, SourceSHA256: k.SHA256, Answer: a.Value, Comment: a.Comment, PacketID: k.Packet, Via: "workbook"}
		if k.Item == "quote" {
			sa.Quote = a.Shown
		}
		answers = append(answers, sa)
	}
	res.Answers = len(answers)
	rec, err := st.RecordMemberCheckAnswers(ctx, who, answers)
	if err != nil {
		res.Refused = err.Error()
		res.Answers = 0
		return res
	}
	res.Changed, res.Unchanged = rec.Changed, rec.Unchanged
	return res
}

type membercheckRecordOptions struct {
	participant, theme, quote string
	answer, comment, wording  string
	via, at, coder            string
}

func newMembercheckRecordCmd(app *App) *cobra.Command {
	var o membercheckRecordOptions
	cmd := &cobra.Command{
		Use:   "record --participant P (--theme T | --quote CODING) --answer A [--comment TEXT | --wording TEXT]",
		Short: "Record an answer given on paper, by phone or on the printed page",
		Long: `Record one answer of a participant. For a theme: --answer yes, partly or no (or
Sí, Parcialmente, No), with --comment for what they would change or add. For a
quote:
--answer keep, remove or edit (Mantener, Quitar, Editar), with --wording for
the corrected wording. A quote is named by its coding's id (or a prefix of
at least 4 characters; a coding that covers several of the participant's
turns is answered for each), or by some of its words as the page shows
them: the participant's one quote holding those words.`,
		Example: `  focal membercheck record --participant P07 --theme "Who has your back" --answer partly --comment "Add night shifts" --via phone
  focal membercheck record --participant P25 --quote 1a2b3c4d --answer Quitar --via paper
  focal membercheck record --participant P25 --quote "Hablo zapoteco" --answer Editar --wording "Hablo zapoteco en casa." --via paper`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runMembercheckRecord(cmd.Context(), app, o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.participant, "participant", "", "the participant (required)")
	f.StringVar(&o.theme, "theme", "", "the theme answered on")
	f.StringVar(&o.quote, "quote", "", "the quote answered on: its coding's id (or prefix), or some of its words")
	f.StringVar(&o.answer, "answer", "", "yes, partly or no (themes); keep, remove or edit (quotes); in any packet language")
	f.StringVar(&o.comment, "comment", "", "what the participant would change or add (themes)")
	f.StringVar(&o.wording, "wording", "", "the corrected wording (quotes)")
	f.StringVar(&o.via, "via", "paper", "how the answer came: paper, phone, html, email, …")
	f.StringVar(&o.at, "at", "", "when the answer came in (RFC 3339 or YYYY-MM-DD; default now)")
	f.StringVar(&o.coder, "coder", "", "layer the quote's coding is read from (as for exports)")
	return cmd
}

func runMembercheckRecord(ctx context.Context, app *App, o membercheckRecordOptions, out io.Writer) error {
	if o.participant == "" || (o.theme == "") == (o.quote == "") {
		return usageError{errors.New("membercheck record: give --participant and one of --theme or --quote")}
	}
	at := ""
	if o.at != "" {
		t, err := time.Parse(time.RFC3339, o.at)
		if err != nil {
			t, err = time.Parse("2006-01-02", o.at)
		}
		if err != nil {
			return usageError{fmt.Errorf("membercheck record --at: %q is neither RFC 3339 nor YYYY-MM-DD", o.at)}
		}
		at = t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	var answers []study.MemberCheckAnswer
	if o.theme != "" {
		value, err := membercheck.ParseAnswer("theme", o.answer, "en")
		if err != nil {
			return usageError{fmt.Errorf("membercheck record --answer: %w", err)}
		}
		comment, err := membercheck.CleanComment(o.comment)
		if err != nil {
			return fmt.Errorf("membercheck record --comment: %w", err)
		}
		th, err := st.Theme(ctx, app.person(), o.theme)
		if err != nil {
			return fmt.Errorf("membercheck record: %w", err)
		}
		answers = append(answers, study.MemberCheckAnswer{Participant: o.participant, Item: "theme", ThemeID: th.ID, Answer: value, Comment: comment, Via: o.via, ReceivedAt: at})
	} else {
		value, err := membercheck.ParseAnswer("quote", o.answer, "en")
		if err != nil {
			return usageError{fmt.Errorf("membercheck record --answer: %w", err)}
		}
		wording, err := membercheck.CleanComment(o.wording)
		if err != nil {
			return fmt.Errorf("membercheck record --wording: %w", err)
		}
		if _, _, problem := mcexport.ReadAnswer("quote", "en", value, wording); problem != "" {
			return usageError{fmt.Errorf("membercheck record: %s", problem)}
		}
		d, err := assembleDataset(ctx, st, app.person(), investigatorOptions{coder: o.coder}, false)
		if err != nil {
			return fmt.Errorf("membercheck record: %w", err)
		}
		quotes, err := quotesAnsweredOn(d, o.participant, o.quote)
		if err != nil {
			return fmt.Errorf("membercheck record: %w", err)
		}
		for _, q := range quotes {
			text, err := st.SourceText(ctx, q.source)
			if err != nil {
				return err
			}
			answers = append(answers, study.MemberCheckAnswer{Participant: o.participant, Item: "quote", CodingID: q.coding, SourceID: q.source,
				Start: q.span.Start, End: q.span.End, SourceSHA256: corpus.TextHash(text), Quote: q.text, Answer: value, Comment: wording,
				Via: o.via, ReceivedAt: at})
		}
	}
	rec, err := st.RecordMemberCheckAnswers(ctx, app.person(), answers)
	if err != nil {
		return fmt.Errorf("membercheck record: %w", err)
	}
	if rec.Changed == 0 {
		fmt.Fprintln(out, "the answer was already recorded; nothing changed")
		return nil
	}
	fmt.Fprintf(out, "recorded %s of %s\n", plural(rec.Changed, "answer"), o.participant)
	return nil
}

// membercheckStatus is what status prints.
type membercheckStatus struct {
	Participants []participantStatus `json:"participants"`
	Themes       []themeStatus       `json:"themes"`
	Withdrawn    []study.Withdrawal  `json:"withdrawn_participants"`
	Quotes       []quoteStatus       `json:"quotes"`
}

type participantStatus struct {
	Participant string `json:"participant"`
	Pseudonym   string `json:"pseudonym"`
	Packets     int    `json:"packets"`
	LastSent    string `json:"last_sent,omitempty"`
	Answers     int    `json:"answers"`
	LastAnswer  string `json:"last_answer,omitempty"`
	Withdrawn   bool   `json:"withdrawn"`
}

type themeStatus struct {
	Theme    string `json:"theme"`
	Yes      int    `json:"yes"`
	Partly   int    `json:"partly"`
	No       int    `json:"no"`
	Comments int    `json:"comments"`
}

type quoteStatus struct {
	Participant string `json:"participant"`
	Coding      string `json:"coding"`
	Source      string `json:"source"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Answer      string `json:"answer"`
	Wording     string `json:"wording,omitempty"`
	ReceivedAt  string `json:"received_at"`
}

// membercheckStatusOptions are the flags of `focal membercheck status`.
type membercheckStatusOptions struct{ json bool }

func newMembercheckStatusCmd(app *App) *cobra.Command {
	var opts membercheckStatusOptions
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Who was sent a packet, who answered, answers per theme, withdrawn and corrected quotes",
		Example: `  focal membercheck status
  focal membercheck status --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runMembercheckStatus(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (participants, themes, withdrawn_participants, quotes)")
	return cmd
}

// runMembercheckStatus shows who was sent a packet, who answered and what.
func runMembercheckStatus(ctx context.Context, app *App, opts membercheckStatusOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	ms, err := memberCheckStatusOf(ctx, st, app.person())
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, ms)
	}
	printMembercheckStatus(out, ms)
	return nil
}

func memberCheckStatusOf(ctx context.Context, st *study.Study, viewer study.Person) (membercheckStatus, error) {
	ms := membercheckStatus{Participants: []participantStatus{}, Themes: []themeStatus{}, Quotes: []quoteStatus{}}
	participants, err := st.Participants(ctx)
	if err != nil {
		return ms, err
	}
	packets, err := st.Packets(ctx)
	if err != nil {
		return ms, err
	}
	answers, err := st.MemberCheckAnswers(ctx)
	if err != nil {
		return ms, err
	}
	if ms.Withdrawn, err = st.Withdrawals(ctx); err != nil {
		return ms, err
	}
	withdrawn := map[string]bool{}
	for _, w := range ms.Withdrawn {
		withdrawn[w.Participant] = true
	}
	byP := map[string]*participantStatus{}
	for _, p := range participants {
		ms.Participants = append(ms.Participants, participantStatus{Participant: p.Name, Pseudonym: p.Pseudonym, Withdrawn: withdrawn[p.Name]})
	}
	for i := range ms.Participants {
		byP[ms.Participants[i].Participant] = &ms.Participants[i]
	}
	for _, pk := range packets {
		if ps := byP[pk.Participant]; ps != nil {
			ps.Packets++
			ps.LastSent = pk.CreatedAt
		}
	}
	themes, err := st.Themes(ctx, viewer, study.ThemeFilter{})
	if err != nil {
		themes = nil
	}
	counts := map[string]*themeStatus{}
	for _, th := range themes {
		ms.Themes = append(ms.Themes, themeStatus{Theme: th.Path})
	}
	for i, th := range themes {
		counts[th.ID] = &ms.Themes[i]
	}
	for _, a := range answers {
		if ps := byP[a.Participant]; ps != nil {
			ps.Answers++
			if a.ReceivedAt > ps.LastAnswer {
				ps.LastAnswer = a.ReceivedAt
			}
		}
		switch a.Item {
		case "theme":
			ts := counts[a.ThemeID]
			if ts == nil {
				continue
			}
			switch a.Answer {
			case membercheck.Yes:
				ts.Yes++
			case membercheck.Partly:
				ts.Partly++
			case membercheck.No:
				ts.No++
			}
			if a.Comment != "" {
				ts.Comments++
			}
		case "quote":
			if a.Answer == membercheck.Remove || a.Answer == membercheck.Edit {
				ms.Quotes = append(ms.Quotes, quoteStatus{Participant: a.Participant, Coding: a.CodingID, Source: a.Source, Start: a.Start, End: a.End,
					Answer: a.Answer, Wording: a.Comment, ReceivedAt: a.ReceivedAt})
			}
		}
	}
	sort.SliceStable(ms.Quotes, func(i, j int) bool { return ms.Quotes[i].Answer > ms.Quotes[j].Answer })
	return ms, nil
}

func printMembercheckStatus(out io.Writer, ms membercheckStatus) {
	sent, answered := 0, 0
	for _, p := range ms.Participants {
		if p.Packets > 0 {
			sent++
		}
		if p.Answers > 0 {
			answered++
		}
	}
	fmt.Fprintf(out, "%d of %d participants were sent a packet; %d answered; %d withdrew\n", sent, len(ms.Participants), answered, len(ms.Withdrawn))
	t := newTable(out, "PARTICIPANT", "PSEUDONYM", "PACKETS", "LAST SENT", "ANSWERS", "LAST ANSWER", "WITHDRAWN")
	for _, p := range ms.Participants {
		w := "-"
		if p.Withdrawn {
			w = "yes"
		}
		t.row(p.Participant, p.Pseudonym, p.Packets, orDash(p.LastSent), p.Answers, orDash(p.LastAnswer), w)
	}
	t.flush()
	fmt.Fprintln(out, "\nanswers per theme (does this reflect your experience?):")
	t = newTable(out, "THEME", "YES", "PARTLY", "NO", "COMMENTS")
	for _, th := range ms.Themes {
		t.row(th.Theme, th.Yes, th.Partly, th.No, th.Comments)
	}
	t.flush()
	if len(ms.Quotes) > 0 {
		fmt.Fprintln(out, "\nquotes withdrawn (remove) or corrected (edit):")
		t = newTable(out, "PARTICIPANT", "ANSWER", "CODING", "SOURCE", "AT", "WORDING")
		for _, q := range ms.Quotes {
			t.row(q.Participant, q.Answer, shortFindingID(q.Coding), q.Source, fmt.Sprintf("%d-%d", q.Start, q.End), orDash(q.Wording))
		}
		t.flush()
	}
}

// membercheckClearOptions are the codings and flags of `focal membercheck clear`.
type membercheckClearOptions struct {
	codings []string // ids or id prefixes
	undo    bool
}

func newMembercheckClearCmd(app *App) *cobra.Command {
	var opts membercheckClearOptions
	cmd := &cobra.Command{
		Use:   "clear CODING-ID… [--undo]",
		Short: "Clear quotes for the group summary: shown, unattributed, to other participants",
		Long: `Mark codings whose words may be quoted, without attribution, in the group
summary of other participants' packets (export --group-summary). Only cleared
quotes appear there; --undo takes a clearance back.`,
		Example: `  focal membercheck clear 1a2b3c4d 5e6f7a8b
  focal membercheck clear 1a2b3c4d --undo`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.codings = args
			return runMembercheckClear(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&opts.undo, "undo", false, "take the clearance back")
	return cmd
}

// runMembercheckClear clears quotes for the group summary, or takes the
// clearance back.
func runMembercheckClear(ctx context.Context, app *App, opts membercheckClearOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	changed, err := st.ClearQuotes(ctx, app.person(), opts.codings, !opts.undo)
	if err != nil {
		return fmt.Errorf("membercheck clear: %w", err)
	}
	verb := "cleared"
	if opts.undo {
		verb = "took back the clearance of"
	}
	fmt.Fprintf(out, "%s %s\n", verb, plural(len(changed), "coding"))
	return nil
}

func newMembercheckTemplateCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "template",
		Short:   "The packets' introduction, per language: show or edit it",
		Example: "  focal membercheck template show --lang es\n  focal membercheck template edit --lang en --file intro-en.txt",
	}
	var showOpts templateShowOptions
	show := &cobra.Command{
		Use:   "show --lang L",
		Short: "Print the introduction packets in a language start with",
		Long: `Print the introduction of packets in a language: the project's own, or the
built-in one. {pseudonym} and {project} are filled in for each packet.`,
		Example: "  focal membercheck template show --lang es",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runMembercheckTemplateShow(cmd.Context(), app, showOpts, cmd.OutOrStdout())
		},
	}
	show.Flags().StringVar(&showOpts.lang, "lang", "en", "language tag (en, es, …)")
	var editOpts templateEditOptions
	edit := &cobra.Command{
		Use:   "edit --lang L [--file F | --reset]",
		Short: "Change the introduction of packets in a language",
		Long: `Change the introduction of packets in a language: from a file (--file, or -
for standard input), or in $VISUAL/$EDITOR starting from the current text.
Paragraphs are separated by a blank line; {pseudonym} and {project} are filled
in. --reset goes back to the built-in introduction. Keep it short and plain.`,
		Example: "  focal membercheck template edit --lang es\n  focal membercheck template edit --lang en --file intro-en.txt",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runMembercheckTemplateEdit(cmd.Context(), app, editOpts, cmd.OutOrStdout())
		},
	}
	edit.Flags().StringVar(&editOpts.lang, "lang", "en", "language tag (en, es, …)")
	edit.Flags().StringVar(&editOpts.file, "file", "", "read the introduction from this file (- for standard input)")
	edit.Flags().BoolVar(&editOpts.reset, "reset", false, "go back to the built-in introduction")
	cmd.AddCommand(show, edit)
	return cmd
}

// templateShowOptions are the flags of `focal membercheck template show`.
type templateShowOptions struct{ lang string }

// runMembercheckTemplateShow prints the introduction of packets in a
// language; a note on app.Stderr says when it is the built-in one.
func runMembercheckTemplateShow(ctx context.Context, app *App, opts templateShowOptions, out io.Writer) error {
	lang := opts.lang
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	text, custom, err := st.MemberCheckTemplate(ctx, lang)
	if err != nil {
		return err
	}
	if !custom {
		text = membercheck.DefaultIntroduction(lang)
		fmt.Fprintf(app.Stderr, "(the built-in %s introduction; change it with `focal membercheck template edit --lang %s`)\n", membercheck.WordingFor(lang).Lang, lang)
	}
	fmt.Fprintln(out, strings.TrimRight(text, "\n"))
	return nil
}

// templateEditOptions are the flags of `focal membercheck template edit`.
type templateEditOptions struct {
	lang, file string // file "-" is app.Stdin; none opens the editor
	reset      bool
}

// runMembercheckTemplateEdit changes the introduction of packets in a language.
func runMembercheckTemplateEdit(ctx context.Context, app *App, opts templateEditOptions, out io.Writer) error {
	editLang, file, reset := opts.lang, opts.file, opts.reset
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	var text string
	switch {
	case reset:
	case file == "-":
		b, err := io.ReadAll(app.Stdin)
		if err != nil {
			return err
		}
		text = string(b)
	case file != "":
		b, err := os.ReadFile(app.path(file))
		if err != nil {
			return fmt.Errorf("membercheck template edit: %s: %w", file, friendlyFileError(err))
		}
		text = string(b)
	default:
		current, custom, err := st.MemberCheckTemplate(ctx, editLang)
		if err != nil {
			return err
		}
		if !custom {
			current = membercheck.DefaultIntroduction(editLang)
		}
		if text, err = editInEditor(app, current+"\n"); err != nil {
			return fmt.Errorf("membercheck template edit: %w", err)
		}
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if !reset && text == "" {
		return errors.New("membercheck template edit: the introduction is empty; use --reset for the built-in one")
	}
	changed, err := st.SetMemberCheckTemplate(ctx, app.person(), editLang, text)
	if err != nil {
		return fmt.Errorf("membercheck template edit: %w", err)
	}
	if !changed {
		fmt.Fprintln(out, "the introduction did not change")
		return nil
	}
	fmt.Fprintf(out, "the %s introduction of packets was changed\n", editLang)
	return nil
}
