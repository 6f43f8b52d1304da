package dataset

import (
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/corpus"
)

// The coder choices that are not a coder's name.
const (
	// AllCoders chooses the union of every coder's codings, each attributed.
	AllCoders = "all"
	// Consensus is the reserved coder of the consensus layer.
	Consensus = "consensus"
)

// Consensus statuses of a source, as the store reports them.
const (
	ConsensusNone     = "none"
	ConsensusPartial  = "partial"
	ConsensusComplete = "complete"
)

// Dataset is a project resolved for export: each source read from one
// layer, every coding clipped to the turns it covers, and only admitted
// passages kept. Exporters read it and never change it.
type Dataset struct {
	// Title is the project's title.
	Title string
	// ExportedAt is when the export was made (RFC 3339, UTC).
	ExportedAt string
	// Choice is the layer asked for where a source has no complete
	// consensus: AllCoders, Consensus or a coder's name.
	Choice string
	// Policy is the selection and rules the dataset was built with.
	Policy Policy
	// Sources are the selected sources in the project's order (group, name).
	Sources []Source
	// Groups are the groups of the selected sources, in source order.
	Groups []string
	// Codes is the whole codebook in tree order, retired codes included.
	Codes []Code
	// Themes is the theme tree in tree order.
	Themes []Theme
	// Voices are the people whose words may appear: participants first (in
	// natural order of their ids), then speakers not linked to a
	// participant, in order of appearance.
	Voices []Voice
	// AttributeKeys are the participant attributes found, sorted.
	AttributeKeys []string
	// Coders are the coders whose codings appear (the consensus included).
	Coders []string
	// Codings are the exported codings, in source order then by position.
	Codings []Coding
	// Versions are the frozen codebook versions, oldest first.
	Versions []CodebookVersion
	// History is the codebook's change history from the event log.
	History []CodebookChange
	// Agreement is the agreement report of the project's coders, when
	// there are at least two and some sources were marked done by all.
	Agreement *Agreement
	// AgreementNote says why there is no agreement report.
	AgreementNote string
	// Notes say what was left out and why, for the researcher.
	Notes []string
	// MemberCheck holds the participants' member-check answers that the
	// export may show (see Policy).
	MemberCheck []MemberCheckAnswer

	// themePassages and codePassages are the distinct passages of each
	// theme and each code (see coding.GroupPassages), in transcript order.
	themePassages [][]Quote
	codePassages  [][]Quote
	tally         tally
}

// Source is one selected transcript and the layer it was exported from.
type Source struct {
	ID       string
	Name     string
	Group    string
	Language string
	// Chars is the length of the stored text in code points.
	Chars int
	// Consensus is the source's consensus status: none, partial, complete.
	Consensus string
	// Layer says where its codings came from: "consensus", "coder NAME"
	// or "all coders" (see LayerFor).
	Layer string
	Turns []Turn
	// Codings counts the source's exported codings.
	Codings int
	// ImportedAt is when the source was imported (RFC 3339): the import
	// order of saturation.
	ImportedAt string
}

// Turn is one turn of a source.
type Turn struct {
	Seq         int
	Speaker     string
	Participant string
	Moderator   bool
	// Utterance is the span of the words spoken, speaker label excluded.
	Utterance corpus.Span
	// StartMS is the turn's start time in milliseconds, or -1 when unknown.
	StartMS int64
	// Words counts the words of the utterance (analysis.CountWords), for
	// the shares of talk.
	Words int
}

// Voice is a person whose words may appear: a participant, or a speaker
// of one source who is not linked to a participant.
type Voice struct {
	// Label names the voice in exports: the participant's id, or the
	// speaker's name with the source ("Dana Reyes (fg01)").
	Label string
	// Participant is the participant's id; empty for an unlinked speaker.
	Participant string
	Pseudonym   string
	// Speaker is the speaker's name for an unlinked speaker.
	Speaker   string
	Moderator bool
	// Attributes are the participant's attributes (e.g. pgy, site).
	Attributes map[string]string
	// Groups and Sources are where the voice speaks in the selection.
	Groups  []string
	Sources []string
}

// Code is one code of the codebook.
type Code struct {
	ID           string
	Path         string
	Name         string
	Parent       string // path of the parent code, "" at the top
	Depth        int
	Definition   string
	WhenToUse    string
	WhenNotToUse string
	Example      string
	Retired      bool
	MergedInto   string // path
	SplitFrom    string // path
	CreatedBy    string
	CreatedAt    string
	// Versions are the frozen codebook versions that hold the code active.
	Versions []string
	// Themes are indices into Dataset.Themes of the themes the code serves.
	Themes []int
}

// Theme is one theme of the theme tree.
type Theme struct {
	ID         string
	Path       string
	Name       string
	Depth      int
	Definition string
	// Summaries are plain-language summaries for participants, by language.
	Summaries []Summary
	// Codes are indices into Dataset.Codes of the theme's own codes.
	Codes []int
}

// Summary is a theme's plain-language summary in one language.
type Summary struct {
	Language string
	Text     string
}

// Coding is one exported coding with the passages it covers.
type Coding struct {
	ID     string
	Source int // index into Dataset.Sources
	Code   int // index into Dataset.Codes
	Coder  string
	// Layer is the layer of the coding's source (Source.Layer).
	Layer string
	Span  corpus.Span
	// Passages are the coded words clipped to each turn, admitted ones
	// only; a coding has at least one.
	Passages []Passage
	// Stale says why a consensus coding may need review, if it does.
	Stale string
}

// Passage is the part of a coding inside one turn's utterance, trimmed
// of surrounding white space: a quote.
type Passage struct {
	Turn  int // index into Source.Turns
	Span  corpus.Span
	Text  string
	Voice int // index into Dataset.Voices; -1 for turns without a speaker
}

// CodebookVersion is a frozen codebook version.
type CodebookVersion struct {
	Name      string
	Note      string
	CreatedAt string
	CreatedBy string
	Codes     int
}

// CodebookChange is one change to the codebook from the event log.
type CodebookChange struct {
	At     string
	Actor  string
	Kind   string
	Code   string
	Detail string
	Reason string
}

// Agreement is the agreement report of the project's coders.
type Agreement struct {
	Report agreement.Report
	// Excluded are the sources left out because not every compared coder
	// marked them done.
	Excluded []ExcludedSource
	// Pooled says whether Report.Overall holds the figures pooled over
	// codes; when false (large projects, computed in batches) it holds the
	// means of the per-code values only.
	Pooled bool
	// LeftOutCodes are the codes left out of the comparison, with why
	// (nobody used them, out of scope, not chosen).
	LeftOutCodes []agreement.LeftOutCode
	// Software names the Focal that computed the figures, e.g. "Focal
	// v1.2.0 (commit 0123456789ab)", for the methods paragraph.
	Software string
}

// ExcludedSource is a source left out of agreement and why.
type ExcludedSource struct {
	Source  string
	NotDone []string
}

// Headline is the figure a code's agreement is read by: Cohen's kappa for
// two coders, Krippendorff's alpha for more (as `focal agree` shows).
func (a *Agreement) Headline(cr agreement.CodeResult) (name string, v float64, defined bool) {
	coders := len(a.Report.Coders)
	h := cr.Headline(coders)
	return agreement.HeadlineLabel(coders), h.V, h.Defined
}

// OverallText says the agreement over all codes in one sentence.
func (a *Agreement) OverallText() string {
	o := a.Report.Overall
	mean := fmt.Sprintf("mean of per-code Krippendorff's alpha %s (%d codes)", value(o.MeanAlpha.Value.V, o.MeanAlpha.Value.Defined), o.MeanAlpha.Codes)
	if !a.Pooled {
		return "over all codes: " + mean + "; for the figures pooled over codes run `focal agree`"
	}
	return fmt.Sprintf("over all codes: Krippendorff's alpha %s pooled over codes; %s",
		value(o.Pooled.KrippendorffAlpha.V, o.Pooled.KrippendorffAlpha.Defined), mean)
}

func value(v float64, defined bool) string {
	if !defined {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", v)
}

// LayerFor names the layer a source is exported from: the consensus when
// its status is complete (or when the consensus was chosen), otherwise the
// chosen coder's codings or all coders'.
func LayerFor(status, choice string) string {
	switch {
	case status == ConsensusComplete:
		return "consensus"
	case choice == Consensus:
		return "consensus (" + orNone(status) + ")"
	case choice == AllCoders:
		return "all coders"
	default:
		return "coder " + choice
	}
}

// UsesConsensus reports whether a source's codings come from the consensus.
func UsesConsensus(status, choice string) bool {
	return status == ConsensusComplete || choice == Consensus
}

func orNone(s string) string {
	if s == "" {
		return ConsensusNone
	}
	return s
}

// Text is the coding's words as exported: the passage itself, or, when the
// coding spans several turns, one line per turn starting with who spoke.
func (d *Dataset) Text(c *Coding) string {
	if len(c.Passages) == 1 {
		return c.Passages[0].Text
	}
	n := 0
	for _, p := range c.Passages {
		n += len(d.VoiceLabel(p.Voice)) + len(p.Text) + 3
	}
	var b strings.Builder
	b.Grow(n) // one allocation, not one per doubling
	for i, p := range c.Passages {
		if i > 0 {
			b.WriteByte('\n')
		}
		if who := d.VoiceLabel(p.Voice); who != "" {
			b.WriteString(who)
			b.WriteString(": ")
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// VoiceLabel names a voice by index; "" for -1.
func (d *Dataset) VoiceLabel(v int) string {
	if v < 0 || v >= len(d.Voices) {
		return ""
	}
	return d.Voices[v].Label
}

// First is the turn where the coding's exported words start.
func (d *Dataset) First(c *Coding) *Turn {
	return &d.Sources[c.Source].Turns[c.Passages[0].Turn]
}

// ThemePaths lists the paths of the themes of a code.
func (d *Dataset) ThemePaths(code int) []string {
	out := make([]string, 0, len(d.Codes[code].Themes))
	for _, t := range d.Codes[code].Themes {
		out = append(out, d.Themes[t].Path)
	}
	return out
}

// LayerRule says in words which layer the export reads.
func (d *Dataset) LayerRule() string {
	switch d.Choice {
	case AllCoders:
		return "the consensus where a source's consensus is complete; elsewhere every coder's codings, each attributed to its coder (--coder all)"
	case Consensus:
		return "the consensus layer of every source, complete or not (--coder consensus)"
	}
	return "the consensus where a source's consensus is complete; elsewhere the codings of " + d.Choice + " (--coder " + d.Choice + ")"
}

// SelectionText says in words which part of the project was exported.
func (d *Dataset) SelectionText() string {
	var parts []string
	p := d.Policy
	if len(p.Groups) > 0 {
		parts = append(parts, "groups "+strings.Join(p.Groups, ", "))
	}
	if len(p.Sources) > 0 {
		parts = append(parts, "sources "+strings.Join(p.Sources, ", "))
	}
	if len(p.Participants) > 0 {
		parts = append(parts, "participants "+strings.Join(p.Participants, ", "))
	}
	if len(parts) == 0 {
		return "the whole project"
	}
	return strings.Join(parts, "; ")
}

// ModeratorRule says whether moderators' words are in the export.
func (d *Dataset) ModeratorRule() string {
	if d.Policy.IncludeModerators {
		return "moderators' words are included (--include-moderators)"
	}
	return "moderators' words are left out of quotes, counts and segments (--include-moderators includes them)"
}

// GroupName shows a group, naming the empty one.
func GroupName(g string) string {
	if g == "" {
		return "(no group)"
	}
	return g
}

// FormatMS renders milliseconds as h:mm:ss; "" when unknown.
func FormatMS(ms int64) string {
	if ms < 0 {
		return ""
	}
	s := ms / 1000
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}
