package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// demoClock stamps the demo's history on invented dates so that
// `code list --at` and `code history` have a story to tell. Each reading
// advances it by a second.
type demoClock struct{ t time.Time }

func (c *demoClock) Now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *demoClock) set(day string) {
	t, err := time.Parse("2006-01-02 15:04", day)
	if err == nil {
		c.t = t
	}
}

// demoRenamedCode is a code that carmen first named differently; the team
// renamed it while harmonising, so the history shows a rename.
const demoRenamedCode, demoFirstName = "workload/time-for-self", "workload/me-time"

// buildDemoAnalysis adds the team's work to the demo project: three coders
// who coded every source blind, a codebook harmonised and frozen as v1, a
// later refinement, themes and memos.
func buildDemoAnalysis(ctx context.Context, st *study.Study, clock *demoClock) error {
	as := study.As
	clock.set("2026-03-02 09:00")
	for _, c := range [][2]string{{"amara", "pi"}, {"ben", "coder"}, {"carmen", "coder"}} {
		if _, err := st.AddCoder(ctx, as("amara"), c[0], c[1]); err != nil {
			return err
		}
	}
	codebook, err := readDemoCSVs("codebook")
	if err != nil {
		return err
	}
	// Open coding, 2–6 March: each coder codes every source, inventing codes.
	rows, err := readDemoCSVs("codings-")
	if err != nil {
		return err
	}
	type key struct{ coder, source string }
	batches := map[key][]study.CodingRow{}
	var order []key
	spans := demoSpanFinder{s: st, ctx: ctx, views: map[string]*demoSourceView{}}
	for i, r := range rows {
		span, err := spans.find(r["source"], r["speaker"], r["quote"])
		if err != nil {
			return fmt.Errorf("demo coding %d (%s, %s): %w", i+2, r["coder"], r["source"], err)
		}
		code := r["code"]
		if code == demoRenamedCode {
			code = demoFirstName
		}
		k := key{r["coder"], r["source"]}
		if _, seen := batches[k]; !seen {
			order = append(order, k)
		}
		batches[k] = append(batches[k], study.CodingRow{Coder: r["coder"], Line: i + 2,
			NewCoding: study.NewCoding{Source: r["source"], Code: code, Start: span.Start, End: span.End, Memo: r["memo"]}})
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].source < order[j].source })
	for i, k := range order {
		clock.set(fmt.Sprintf("2026-03-0%d %02d:00", 2+i%5, 9+i%8))
		if _, err := st.ImportCodings(ctx, as(k.coder), batches[k]); err != nil {
			return err
		}
		if err := st.SetSourceDone(ctx, as(k.coder), k.source, true); err != nil {
			return err
		}
	}
	// Harmonisation, 9 March: definitions written, carmen's code renamed.
	clock.set("2026-03-09 14:00")
	if _, err := st.RenameCode(ctx, as("carmen"), demoFirstName, "time-for-self"); err != nil {
		return err
	}
	for _, c := range codebook {
		if _, err := st.Code(ctx, c["path"]); err != nil {
			if _, err := st.AddCode(ctx, as(c["created_by"]), study.NewCode{Path: c["path"]}); err != nil {
				return err
			}
		}
		d := study.CodeDescription{Definition: ptr(c["definition"]), WhenToUse: ptr(c["when_to_use"]),
			WhenNotToUse: ptr(c["when_not_to_use"]), Example: ptr(c["example"]), Color: ptr(c["color"])}
		if _, err := st.DescribeCode(ctx, as("amara"), c["path"], d); err != nil {
			return err
		}
	}
	clock.set("2026-03-10 10:00")
	if _, err := st.FreezeCodebook(ctx, as("amara"), "v1", "after the harmonisation meeting of 9 March"); err != nil {
		return err
	}
	// A refinement after v1, so that `codebook diff v1` shows something.
	clock.set("2026-03-20 16:30")
	refined := "Feeling alone, apart or unseen within the team or programme, including being the only person of one's background in a setting."
	if _, err := st.DescribeCode(ctx, as("amara"), "belonging/isolation", study.CodeDescription{Definition: &refined}); err != nil {
		return err
	}
	// Themes, from 23 March.
	clock.set("2026-03-23 11:00")
	themes, err := readDemoCSVs("themes")
	if err != nil {
		return err
	}
	for _, th := range themes {
		if _, err := st.AddTheme(ctx, as("amara"), study.NewTheme{Name: th["theme"], Definition: th["definition"]}); err != nil {
			return err
		}
		summaries := map[string]string{"en": th["summary_en"], "es": th["summary_es"]}
		if _, _, err := st.DescribeTheme(ctx, as("amara"), th["theme"], study.ThemeDescription{Summaries: summaries}); err != nil {
			return err
		}
		if _, err := st.AssignCodes(ctx, as("amara"), th["theme"], strings.Split(th["codes"], ";")); err != nil {
			return err
		}
	}
	memos, err := readDemoCSVs("memos")
	if err != nil {
		return err
	}
	for _, m := range memos {
		target := study.MemoTarget{Kind: m["target_kind"], Ref: m["target"]}
		if target.Kind == study.MemoOnProject {
			target = study.MemoTarget{}
		}
		body := strings.ReplaceAll(m["text"], `\n`, "\n")
		if _, err := st.AddMemo(ctx, as(m["author"]), target, "", body); err != nil {
			return fmt.Errorf("demo memo on %s %s: %w", m["target_kind"], m["target"], err)
		}
	}
	return nil
}

func ptr(s string) *string { return &s }

// demoSpanFinder finds a quoted passage in a speaker's turns.
type demoSpanFinder struct {
	s     sourceReader
	ctx   context.Context
	views map[string]*demoSourceView
}

type demoSourceView struct {
	text  string
	turns []corpus.Turn
}

func (f demoSpanFinder) find(source, speaker, quote string) (corpus.Span, error) {
	v := f.views[source]
	if v == nil {
		src, err := f.s.Source(f.ctx, source)
		if err != nil {
			return corpus.Span{}, err
		}
		text, err := f.s.SourceText(f.ctx, src.ID)
		if err != nil {
			return corpus.Span{}, err
		}
		turns, err := f.s.Turns(f.ctx, src.ID)
		if err != nil {
			return corpus.Span{}, err
		}
		v = &demoSourceView{text: text, turns: turns}
		f.views[source] = v
	}
	var within []corpus.Span
	for _, t := range v.turns {
		if t.Speaker == speaker || strings.EqualFold(t.Label, speaker) {
			within = append(within, t.Utterance())
		}
	}
	if len(within) == 0 {
		return corpus.Span{}, fmt.Errorf("no turns by %q", speaker)
	}
	return coding.FindQuote(v.text, within, quote)
}
