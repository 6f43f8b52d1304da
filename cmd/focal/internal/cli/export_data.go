package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// investigatorOptions are the flags the exports for investigators share
// (xlsx, csv, report): which layer, which part of the project, and how.
type investigatorOptions struct {
	out               string
	coder             string
	groups            []string
	sources           []string
	participants      []string
	includeModerators bool
	agreementUnit     string
	noAgreement       bool
	json              bool
	// deidentified names speakers by pseudonym or role and runs the
	// de-identification gate (docs/PRIVACY.md).
	deidentified bool
	// force replaces existing output files.
	force bool
}

// register adds the shared flags; withAgreement adds the agreement ones.
func (o *investigatorOptions) register(app *App, cmd *cobra.Command, withAgreement bool) {
	f := cmd.Flags()
	f.StringVar(&o.coder, "coder", "", "layer where a source's consensus is not complete: a coder's name, all (every coder, each attributed) or consensus (default: all, or your own while blinding is on)")
	f.StringSliceVar(&o.groups, "group", nil, "only sources of these groups (repeatable)")
	f.StringSliceVar(&o.sources, "source", nil, "only these sources (repeatable)")
	f.StringSliceVar(&o.participants, "participant", nil, "only the words of these participants (repeatable)")
	f.BoolVar(&o.includeModerators, "include-moderators", false, "include moderators' words in quotes, counts and segments")
	addJSONFlag(f, &o.json, "print the summary as JSON")
	f.BoolVar(&o.deidentified, "deidentified", false, "name speakers by pseudonym or role, and refuse the export if a known real name or an accepted identifier would appear in it")
	if withAgreement {
		f.StringVar(&o.agreementUnit, "agreement-unit", "char", "unit of the agreement table: char, word, sentence, turn or source")
		f.BoolVar(&o.noAgreement, "no-agreement", false, "leave out the agreement table")
		app.completeFlag(cmd, "agreement-unit", cobra.FixedCompletions([]string{"char", "word", "sentence", "turn", "source"}, cobra.ShellCompDirectiveNoFileComp))
	}
	app.completeFlag(cmd, "source", completeSources(app))
}

// assembleDataset reads the project into the export data model: each
// selected source from its layer, the codebook and its history, themes,
// participants and (when asked) the agreement report.
func assembleDataset(ctx context.Context, st *study.Study, p study.Person, o investigatorOptions, withAgreement bool) (*dataset.Dataset, error) {
	// One snapshot: the workbook's or report's sheets, counts and agreement
	// all describe the same state of the project, whatever others write
	// while it is read.
	var d *dataset.Dataset
	err := st.Snapshot(ctx, func(snap *study.Study) error {
		var err error
		d, err = assembleDatasetIn(ctx, snap, p, o, withAgreement)
		return err
	})
	return d, err
}

func assembleDatasetIn(ctx context.Context, st *study.Study, p study.Person, o investigatorOptions, withAgreement bool) (*dataset.Dataset, error) {
	// Whose codings: the core's rule (blinding, the consensus).
	layer, err := st.ExportLayer(ctx, p, o.coder)
	if err != nil {
		return nil, err
	}
	choice, blind := layer.Choice, layer.Blind
	policy := dataset.Policy{Groups: o.groups, Sources: o.sources, Participants: o.participants, IncludeModerators: o.includeModerators}
	project, err := st.Project(ctx)
	if err != nil {
		return nil, err
	}
	in := dataset.Input{Title: project.Title, ExportedAt: st.Now().UTC().Format(time.RFC3339), Choice: choice}
	// Every coding is read once, for the codings exported, the agreement
	// and the counts of coders and themes alike.
	if err := st.ReadAllCodings(ctx); err != nil {
		return nil, err
	}
	coders, err := st.Coders(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range coders {
		in.Coders = append(in.Coders, c.Name)
	}
	// Agreement is mostly computation and the rest mostly reading: on two
	// cores, computing it while the rest is read saves about a second on a
	// large project. Its input is read first, from the same snapshot (one
	// connection reads one thing at a time).
	type agreed struct {
		agreement *dataset.Agreement
		note      string
		err       error
	}
	agreeing := make(chan agreed, 1)
	switch {
	case !withAgreement:
		agreeing <- agreed{}
	case o.noAgreement:
		agreeing <- agreed{note: "left out (--no-agreement)"}
	default:
		if _, err := agreement.ParseUnit(o.agreementUnit); err != nil {
			return nil, usageError{fmt.Errorf("--agreement-unit: %w", err)}
		}
		input, opts, note, err := readExportAgreementInput(ctx, st, p, coders, o, policy)
		if err != nil || input == nil {
			agreeing <- agreed{note: note, err: err}
			break
		}
		go func() {
			a, err := computeExportAgreementOf(input, opts)
			agreeing <- agreed{agreement: a, err: err}
		}()
	}
	// The agreement is always waited for, so that it never outlives the
	// command (and its project file).
	var result agreed
	waited := false
	wait := func() agreed {
		if !waited {
			result, waited = <-agreeing, true
		}
		return result
	}
	defer wait()
	if err := readExportSources(ctx, st, p, choice, blind, policy, &in); err != nil {
		return nil, err
	}
	if err := readExportCodebook(ctx, st, p, &in); err != nil {
		return nil, err
	}
	participants, err := st.Participants(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range participants {
		in.Participants = append(in.Participants, dataset.ParticipantInput{ID: p.Name, Pseudonym: p.Pseudonym, Attributes: p.Attributes})
	}
	privacy, err := st.ExportPrivacy(ctx, p, study.ExportRequest{Kind: study.ExportDataset, Deidentified: o.deidentified})
	if err != nil {
		return nil, err
	}
	datasetPrivacy(privacy, &in, &policy)
	// The dataset is built while the agreement is computed: neither uses
	// the other, and the agreement joins the dataset once both are done.
	d, err := dataset.Build(in, policy)
	if err != nil {
		return nil, err
	}
	a := wait()
	if a.err != nil {
		return nil, a.err
	}
	d.Agreement, d.AgreementNote = a.agreement, a.note
	if !o.deidentified {
		return d, nil
	}
	if err := privacy.Check(datasetTexts(d)); err != nil {
		return nil, err
	}
	return d, nil
}

// readExportSources reads the selected sources with their turns, text and
// the codings of the layer each is exported from.
func readExportSources(ctx context.Context, st *study.Study, p study.Person, choice string, blind bool, policy dataset.Policy, in *dataset.Input) error {
	sources, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	states, err := st.ConsensusStates(ctx)
	if err != nil {
		return err
	}
	status := map[string]string{}
	for _, cs := range states {
		status[cs.Source] = cs.Status
	}
	// Codings of the chosen layer, read once for every source that does not
	// use the consensus.
	var byCoder map[string][]dataset.CodingInput
	needCoders := false
	var kept []corpus.Source
	for _, src := range sources {
		if policy.KeepSource(src.Name, src.Group) {
			kept = append(kept, src)
			if blind || !dataset.UsesConsensus(status[src.Name], choice) {
				needCoders = true
			}
		}
	}
	if needCoders {
		filter := study.CodingFilter{}
		if choice != dataset.AllCoders && choice != dataset.Consensus {
			filter.Coder = choice
		}
		if len(kept) == 1 {
			filter.Source = kept[0].ID
		}
		spans, err := st.LayerSpans(ctx, p, filter)
		if err != nil {
			return err
		}
		byCoder = map[string][]dataset.CodingInput{}
		for id, list := range spans {
			var inputs []dataset.CodingInput
			for _, c := range list {
				if c.Coder == study.ConsensusCoder {
					continue
				}
				inputs = append(inputs, dataset.CodingInput{ID: c.ID, CodeID: c.CodeID, Coder: c.Coder, Start: c.Span.Start, End: c.Span.End})
			}
			if inputs != nil {
				byCoder[id] = inputs
			}
		}
	}
	if len(kept) > 1 {
		// Every source's turns in one pass rather than a query each.
		if err := st.ReadAllTurns(ctx); err != nil {
			return err
		}
	}
	for _, src := range sources {
		si := dataset.SourceInput{Source: dataset.Source{ID: src.ID, Name: src.Name, Group: src.Group, Language: src.Language,
			Chars: src.Chars, Consensus: status[src.Name], ImportedAt: src.ImportedAt}}
		if si.Consensus == "" {
			si.Consensus = dataset.ConsensusNone
		}
		if !policy.KeepSource(src.Name, src.Group) {
			in.Sources = append(in.Sources, si)
			continue
		}
		if si.Text, err = st.SourceText(ctx, src.ID); err != nil {
			return err
		}
		turns, err := st.Turns(ctx, src.ID)
		if err != nil {
			return err
		}
		si.Turns = make([]dataset.Turn, len(turns))
		words := turnWords(si.Text, turns)
		for i, t := range turns {
			si.Turns[i] = dataset.Turn{Seq: t.Seq, Speaker: t.Speaker, Participant: t.Participant, Moderator: t.Role == "moderator",
				Utterance: t.Utterance(), StartMS: -1, Words: words[i]}
			if t.StartMS != nil {
				si.Turns[i].StartMS = *t.StartMS
			}
		}
		switch {
		case blind:
			si.Layer = dataset.LayerFor("", choice)
			if si.Consensus == dataset.ConsensusComplete {
				si.Layer += " (the consensus is not shown while blinding is on)"
			}
			si.Codings = byCoder[src.ID]
		case dataset.UsesConsensus(si.Consensus, choice):
			si.Layer = dataset.LayerFor(si.Consensus, choice)
			consensus, err := st.ConsensusCodings(ctx, src.ID)
			if err != nil {
				return err
			}
			for _, c := range consensus {
				si.Codings = append(si.Codings, dataset.CodingInput{ID: c.ID, CodeID: c.CodeID, Coder: study.ConsensusCoder,
					Start: c.Start, End: c.End, Stale: c.Stale})
			}
		default:
			si.Layer = dataset.LayerFor(si.Consensus, choice)
			si.Codings = byCoder[src.ID]
		}
		in.Sources = append(in.Sources, si)
	}
	return nil
}

// readExportCodebook reads the codebook (retired codes too), its versions
// and history, and the themes.
func readExportCodebook(ctx context.Context, st *study.Study, p study.Person, in *dataset.Input) error {
	// The current codebook without counts (Codes would count every coding,
	// which the export does itself); who created a code and when come from
	// the event log, read anyway for the history.
	snap, err := st.CurrentCodebook(ctx)
	if err != nil {
		return err
	}
	pathOf := map[string]string{}
	for _, c := range snap.Codes {
		pathOf[c.ID] = c.Path
	}
	versions, err := st.CodebookVersions(ctx)
	if err != nil {
		return err
	}
	inVersion := map[string][]string{}
	for _, v := range versions {
		in.Versions = append(in.Versions, dataset.CodebookVersion{Name: v.Name, Note: v.Note, CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy, Codes: v.Codes})
		for _, c := range v.Snapshot.Codes {
			if !c.Retired {
				inVersion[c.ID] = append(inVersion[c.ID], v.Name)
			}
		}
	}
	events, err := st.Log(ctx, p, study.LogFilter{Kinds: []string{"code.", "codebook."}})
	if err != nil {
		return err
	}
	created := map[string]study.Event{}
	for _, le := range events {
		e := le.Event
		if e.Kind == "code.created" {
			created[e.EntityID] = e
		}
		code, detail := describeCodeEvent(e)
		if e.Kind == "code.created" {
			var after coding.CodeSnapshot
			json.Unmarshal([]byte(rawString(e.After)), &after)
			detail = after.Definition
		}
		if e.Kind == "codebook.frozen" {
			var v struct{ Note string }
			json.Unmarshal([]byte(rawString(e.After)), &v)
			if v.Note != "" {
				detail += ": " + v.Note
			}
		}
		in.History = append(in.History, dataset.CodebookChange{At: e.At, Actor: e.Actor, Kind: e.Kind, Code: code, Detail: detail, Reason: e.Reason})
	}
	for _, c := range codeTreeOrder(snap.Codes) {
		e := created[c.ID]
		in.Codes = append(in.Codes, dataset.Code{ID: c.ID, Path: c.Path, Name: c.Name, Parent: pathOf[c.ParentID],
			Depth: strings.Count(c.Path, "/"), Definition: c.Definition, WhenToUse: c.WhenToUse, WhenNotToUse: c.WhenNotToUse,
			Example: c.Example, Retired: c.Retired, MergedInto: pathOf[c.MergedInto], SplitFrom: pathOf[c.SplitFrom],
			CreatedBy: e.Actor, CreatedAt: e.At, Versions: inVersion[c.ID]})
	}
	themes, err := st.Themes(ctx, p, study.ThemeFilter{})
	if err != nil {
		return err
	}
	for _, th := range themes {
		ti := dataset.ThemeInput{Theme: dataset.Theme{ID: th.ID, Path: th.Path, Name: th.Name, Depth: strings.Count(th.Path, "/"), Definition: th.Definition}}
		for lang, text := range th.Summaries {
			ti.Summaries = append(ti.Summaries, dataset.Summary{Language: lang, Text: text})
		}
		sort.Slice(ti.Summaries, func(i, j int) bool { return ti.Summaries[i].Language < ti.Summaries[j].Language })
		for _, c := range th.Codes {
			ti.CodeIDs = append(ti.CodeIDs, c.ID)
		}
		in.Themes = append(in.Themes, ti)
	}
	return nil
}

// agreementBatch is how many code × source results one agreement.Compute
// call holds: each keeps every pair's figures (28 pairs for 8 coders), so
// a whole large project at once takes hundreds of megabytes.
const agreementBatch = 5000

// computeExportAgreement runs agreement.Compute on batches of codes and
// keeps the per-code results only. The overall figures pooled over codes
// need every code in one call; they are kept when one batch held all codes
// (pooled is true), and otherwise the overall is the mean of the per-code
// values, as `focal agree` also reports it.
func computeExportAgreement(d *agreementData, opts agreement.Options) (rep agreement.Report, pooled bool, err error) {
	// Exports show figures pooled over sources: the figures of every code
	// in every source are not computed.
	opts.PooledOnly = true
	per := max(1, agreementBatch/max(1, len(d.Sources)))
	if per < len(d.Codes) {
		// Each batch lays out every source: its white space is found once.
		for i := range d.Sources {
			if d.Sources[i].Blanks == nil {
				b := agree.BlankRunes(d.Sources[i].Text)
				d.Sources[i].Blanks = &b
			}
		}
	}
	for lo := 0; lo < len(d.Codes); lo += per {
		part, err := agreement.Compute(d.Sources, d.Codes[lo:min(lo+per, len(d.Codes))], d.Coders, opts)
		if err != nil {
			return rep, false, err
		}
		if lo == 0 {
			rep = part
			rep.PerCode = nil
		}
		rep.PerSource = nil
		if lo > 0 {
			rep.LeftOutCodes = append(rep.LeftOutCodes, part.LeftOutCodes...)
		}
		for _, cr := range part.PerCode {
			rep.PerCode = append(rep.PerCode, agreement.CodeResult{Code: cr.Code, Pairs: cr.Pairs, Group: cr.Group})
		}
	}
	if per >= len(d.Codes) || len(rep.PerCode) == 0 {
		return rep, true, nil
	}
	rep.Overall = agreement.Overall{MeanAlpha: meanOverCodes(rep.PerCode, func(cr agreement.CodeResult) agree.Value { return cr.Group.KrippendorffAlpha }),
		MeanFleiss: meanOverCodes(rep.PerCode, func(cr agreement.CodeResult) agree.Value { return cr.Group.FleissKappa })}
	for i := range rep.PerCode[0].Pairs {
		p := rep.PerCode[0].Pairs[i]
		rep.Overall.Pairs = append(rep.Overall.Pairs, agreement.PairOverall{CoderA: p.CoderA, CoderB: p.CoderB,
			MeanKappa:            meanOverCodes(rep.PerCode, func(cr agreement.CodeResult) agree.Value { return cr.Pairs[i].CohenKappa }),
			MeanPercentAgreement: meanOverCodes(rep.PerCode, func(cr agreement.CodeResult) agree.Value { return cr.Pairs[i].PercentAgreement })})
	}
	return rep, false, nil
}

// meanOverCodes averages the defined values of the codes.
func meanOverCodes(codes []agreement.CodeResult, value func(agreement.CodeResult) agree.Value) agreement.Mean {
	var sum float64
	n := 0
	for _, cr := range codes {
		if v := value(cr); v.Defined {
			sum += v.V
			n++
		}
	}
	if n == 0 {
		return agreement.Mean{Value: agree.Value{Reason: "no code has a defined value"}}
	}
	return agreement.Mean{Value: agree.Value{V: sum / float64(n), Defined: true}, Codes: n}
}

// codeTreeOrder lists codes depth-first, siblings by name, as `focal code
// list` shows them.
func codeTreeOrder(codes []coding.CodeSnapshot) []coding.CodeSnapshot {
	children := map[string][]coding.CodeSnapshot{}
	for _, c := range codes {
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	out := make([]coding.CodeSnapshot, 0, len(codes))
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		kids := children[parent]
		sort.SliceStable(kids, func(i, j int) bool { return strings.ToLower(kids[i].Name) < strings.ToLower(kids[j].Name) })
		for _, c := range kids {
			out = append(out, c)
			if depth < 1000 {
				walk(c.ID, depth+1)
			}
		}
	}
	walk("", 0)
	return out
}

// readExportAgreement computes the agreement report as `focal agree` does
// (participants' words, the selected sources), comparing every coder who
// has codings, or says why there is none.
// readExportAgreementInput reads what the export's agreement is computed
// from, or says in a note why there is none. Under blinding there is none,
// and the note says only that (not whether others have coded).
func readExportAgreementInput(ctx context.Context, st *study.Study, p study.Person, coders []coding.Coder, o investigatorOptions, policy dataset.Policy) (*agreementData, agreement.Options, string, error) {
	if err := st.MayCompare(ctx, p); errors.Is(err, study.ErrBlindComparison) {
		return nil, agreement.Options{}, "not computed while blind coding is on: agreement compares the coders' work (a PI switches blinding off with `focal blind off`)", nil
	} else if err != nil {
		return nil, agreement.Options{}, "", err
	}
	ao := agreeOptions{unit: o.agreementUnit, scope: string(agreement.ScopeParticipants)}
	// Compared are the coders who coded: a PI who only manages the project
	// would otherwise leave every source "not done".
	for _, c := range coders {
		if c.Codings > 0 {
			ao.coders = append(ao.coders, c.Name)
		}
	}
	if len(ao.coders) < 2 {
		return nil, agreement.Options{}, "fewer than two coders have codings, so there is no agreement to compute", nil
	}
	if len(o.sources) > 0 || len(o.groups) > 0 {
		sources, err := st.Sources(ctx)
		if err != nil {
			return nil, agreement.Options{}, "", err
		}
		for _, src := range sources {
			if policy.KeepSource(src.Name, src.Group) {
				ao.sources = append(ao.sources, src.ID)
			}
		}
		if len(ao.sources) == 0 {
			return nil, agreement.Options{}, "no source selected", nil
		}
	}
	d, opts, err := gatherAgreement(ctx, st, p, ao)
	if err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			return nil, agreement.Options{}, "", usageError{fmt.Errorf("--agreement-unit: %w", err)}
		}
		return nil, agreement.Options{}, "", fmt.Errorf("agreement: %w", err)
	}
	switch {
	case len(d.Sources) == 0:
		return nil, opts, "no source is marked done by every coder (`focal source done`), so agreement was not computed", nil
	case len(d.Codes) == 0:
		return nil, opts, "the coders have no codings on the sources they all marked done", nil
	}
	return d, opts, "", nil
}

// computeExportAgreementOf computes the export's agreement from its input,
// which holds everything in memory (no reads).
func computeExportAgreementOf(d *agreementData, opts agreement.Options) (*dataset.Agreement, error) {
	rep, pooled, err := computeExportAgreement(d, opts)
	if err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	a := &dataset.Agreement{Report: rep, Pooled: pooled, Software: softwareName()}
	a.LeftOutCodes = append(append([]agreement.LeftOutCode{}, d.LeftOutCodes...), rep.LeftOutCodes...)
	sort.SliceStable(a.LeftOutCodes, func(i, j int) bool { return a.LeftOutCodes[i].Code < a.LeftOutCodes[j].Code })
	for _, e := range d.Excluded {
		a.Excluded = append(a.Excluded, dataset.ExcludedSource{Source: e.Source, NotDone: e.NotDone})
	}
	return a, nil
}
