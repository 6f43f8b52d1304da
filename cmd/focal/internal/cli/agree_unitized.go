package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

// segmentOptions are the flags of `focal agree` that compare the coded
// stretches themselves instead of units: Krippendorff's unitizing alphas
// (--unitized, with --domain) and MAXQDA-style segment overlap (--overlap).
type segmentOptions struct {
	unitized bool
	domains  []string
	overlap  shareFlag
}

// shareFlag is --overlap: a share given as 0.9, 90 or 90%; set records
// that the flag was given, which is what switches the method on.
type shareFlag struct {
	share float64
	set   bool
}

func (f *shareFlag) String() string {
	if !f.set {
		return ""
	}
	return strconv.FormatFloat(f.share, 'g', -1, 64)
}

func (f *shareFlag) Type() string { return "share" }

func (f *shareFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	percent := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64)
	if err != nil {
		return fmt.Errorf("%q is not a share: give one like 0.9 or 90%%", s)
	}
	if percent || v > 1 {
		v /= 100
	}
	if !(v > 0 && v <= 1) {
		return fmt.Errorf("%q: give a share above 0 and at most 1 (0.9), or a percentage up to 100 (90%%)", s)
	}
	f.share, f.set = v, true
	return nil
}

// registerSegmentFlags adds --unitized, --domain and --overlap to `focal
// agree`.
func registerSegmentFlags(cmd *cobra.Command, o *segmentOptions) {
	f := cmd.Flags()
	f.BoolVar(&o.unitized, "unitized", false, "compare the coded stretches themselves with Krippendorff's unitizing alphas: |u-alpha per code; with --domain also u-alpha, cu-alpha and (k)u-alpha, and Cu-alpha across two or more domains")
	f.StringSliceVar(&o.domains, "domain", nil, "with --unitized: a theme (its codes) or a parent code (its children) whose codes are the values of one variable; codes without children listed here form one domain together; write theme:NAME or code:PATH when a name is both (repeatable)")
	f.Var(&o.overlap, "overlap", fmt.Sprintf("compare coded segments as MAXQDA does: a segment is matched when another coder's segment of the same code overlaps it by at least this share of the text the two cover together, e.g. %g (MAXQDA's default) or 90%%", agree.DefaultOverlapShare))
}

// runSegmentAgreement runs `focal agree --unitized` or `focal agree
// --overlap`; handled is false when neither was asked for, and the usual
// agreement on units should run.
func runSegmentAgreement(ctx context.Context, app *App, agreeOpts agreeOptions, o segmentOptions, out io.Writer) (handled bool, err error) {
	if !o.unitized && !o.overlap.set {
		if len(o.domains) > 0 {
			return true, usageError{errors.New("agree --domain goes with --unitized")}
		}
		return false, nil
	}
	switch {
	case o.unitized && o.overlap.set:
		return true, usageError{errors.New("agree: choose --unitized or --overlap, not both")}
	case len(o.domains) > 0 && !o.unitized:
		return true, usageError{errors.New("agree --domain goes with --unitized")}
	case agreeOpts.explain:
		return true, usageError{errors.New("agree --explain shows the tables of units; it does not go with --unitized or --overlap")}
	case agreeOpts.ci > 0:
		return true, usageError{errors.New("agree --ci: there are no confidence intervals for --unitized or --overlap")}
	case agreeOpts.unit != "char":
		return true, usageError{errors.New("agree --unit does not apply to --unitized or --overlap: they compare the coded stretches themselves, character by character")}
	case len(o.domains) > 0 && len(agreeOpts.codes) > 0:
		return true, usageError{errors.New("agree: give the codes either with --domain or with --code")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return true, err
	}
	var domains []agreement.Domain
	if len(o.domains) > 0 {
		if domains, err = resolveDomains(ctx, st, app.person(), o.domains); err != nil {
			return true, fmt.Errorf("agree --domain: %w", err)
		}
		seen := map[string]bool{}
		for _, d := range domains {
			for _, code := range d.Codes {
				if !seen[code] {
					seen[code] = true
					agreeOpts.codes = append(agreeOpts.codes, code)
				}
			}
		}
	}
	d, aopts, err := gatherAgreement(ctx, st, app.person(), agreeOpts)
	if err != nil {
		return true, fmt.Errorf("agree: %w", err)
	}
	if len(d.Sources) == 0 {
		msg := "agree: no source is marked done by every compared coder"
		if len(d.Excluded) > 0 {
			msg += fmt.Sprintf(" (%s not done by %s, …)", d.Excluded[0].Source, strings.Join(d.Excluded[0].NotDone, ", "))
		}
		return true, errors.New(msg + "; mark sources with `focal source done`, or use --include-unfinished")
	}
	if len(d.Codes) == 0 {
		return true, errors.New("agree: no codings of the chosen codes by the compared coders")
	}
	blind, err := st.Blinding(ctx)
	if err != nil {
		return true, err
	}
	excluded := d.Excluded
	if excluded == nil {
		excluded = []study.ExcludedSource{}
	}
	if o.unitized {
		rep, err := agreement.ComputeUnitized(d.Sources, d.Codes, domains, d.Coders, aopts.Scope)
		if err != nil {
			return true, fmt.Errorf("agree: %w", err)
		}
		if err := agreeOpts.thresholds.check(); err != nil {
			return true, err
		}
		res := unitizedOutput{UnitizedReport: rep, Excluded: excluded, Thresholds: agreeOpts.thresholds, Below: []string{}, Undefined: []string{}, PlacesHidden: blind.On}
		for _, c := range rep.Codes {
			switch agreeOpts.thresholds.judge(c.Binary.Alpha) {
			case judgedBelow:
				res.Below = append(res.Below, c.Code)
			case judgedUndefined:
				res.Undefined = append(res.Undefined, c.Code)
			}
		}
		if blind.On {
			hideSelfOverlaps(&res.UnitizedReport)
		}
		if agreeOpts.json {
			return true, writeJSON(out, res)
		}
		printUnitized(out, res)
		return true, nil
	}
	rep, err := agreement.ComputeOverlap(d.Sources, d.Codes, d.Coders, aopts.Scope, o.overlap.share)
	if err != nil {
		return true, fmt.Errorf("agree: %w", err)
	}
	res := overlapOutput{OverlapReport: rep, Excluded: excluded, PlacesHidden: blind.On}
	if blind.On {
		for i := range res.Pairs {
			res.Pairs[i].Unmatched = []agreement.UnmatchedSegment{}
		}
	}
	if agreeOpts.json {
		return true, writeJSON(out, res)
	}
	printOverlap(out, res)
	return true, nil
}

// resolveDomains turns --domain values into domains: a theme gives its
// codes, a code with children its children (not their own children);
// codes without children, however many, form one domain together.
func resolveDomains(ctx context.Context, st *study.Study, viewer study.Person, refs []string) ([]agreement.Domain, error) {
	codebook, err := st.CurrentCodebook(ctx)
	if err != nil {
		return nil, err
	}
	active := map[string]bool{}
	for _, c := range codebook.Codes {
		if !c.Retired {
			active[c.Path] = true
		}
	}
	var out []agreement.Domain
	listed := agreement.Domain{Kind: "codes"}
	for _, ref := range refs {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			continue
		}
		kind, name := "", ref
		if k, n, ok := strings.Cut(ref, ":"); ok && (k == "theme" || k == "code") {
			kind, name = k, strings.TrimSpace(n)
		}
		var th coding.Theme
		thErr := study.ErrNotFound
		if kind != "code" {
			th, thErr = st.Theme(ctx, viewer, name)
			if errors.Is(thErr, study.ErrNoCoder) {
				// Blind coding is on and nobody said who they are: the
				// viewer only decides the theme's coding counts, which a
				// domain does not use, so look as any coder.
				if coders, err := st.Coders(ctx); err == nil && len(coders) > 0 {
					th, thErr = st.Theme(ctx, study.As(coders[0].Name), name)
				}
			}
		}
		var c coding.Code
		codeErr := study.ErrNotFound
		if kind != "theme" {
			c, codeErr = st.Code(ctx, name)
		}
		switch {
		case thErr == nil && codeErr == nil:
			return nil, fmt.Errorf("%q is both a theme and a code: write theme:%s or code:%s", name, name, name)
		case thErr == nil:
			d := agreement.Domain{Name: th.Path, Kind: "theme"}
			for _, tc := range th.Codes {
				if active[tc.Path] {
					d.Codes = append(d.Codes, tc.Path)
				}
			}
			if len(d.Codes) == 0 {
				return nil, fmt.Errorf("theme %q has no codes in use (see `focal theme assign`)", th.Path)
			}
			out = append(out, d)
		case codeErr == nil:
			d := agreement.Domain{Name: c.Path, Kind: "parent code"}
			for _, child := range codebook.Codes {
				if child.ParentID == c.ID && !child.Retired {
					d.Codes = append(d.Codes, child.Path)
				}
			}
			if len(d.Codes) == 0 {
				if !slices.Contains(listed.Codes, c.Path) {
					listed.Codes = append(listed.Codes, c.Path)
				}
				continue
			}
			out = append(out, d)
		case !errors.Is(thErr, study.ErrNotFound):
			return nil, thErr
		case !errors.Is(codeErr, study.ErrNotFound):
			return nil, codeErr
		default:
			return nil, fmt.Errorf("no theme or code %q (see `focal theme list` and `focal code list`)", name)
		}
	}
	if len(listed.Codes) > 0 {
		listed.Name = strings.Join(listed.Codes, ", ")
		out = append(out, listed)
	}
	if len(out) == 0 {
		return nil, errors.New("name a theme or a code")
	}
	return out, nil
}

// unitizedOutput is `focal agree --unitized --json`.
type unitizedOutput struct {
	agreement.UnitizedReport
	Excluded []study.ExcludedSource `json:"excluded_sources"`
	// Thresholds judge each code's |u-alpha; Below lists the codes whose
	// |u-alpha is below the tentative threshold, Undefined those where it
	// is undefined.
	Thresholds thresholds `json:"thresholds"`
	Below      []string   `json:"codes_below_tentative"`
	Undefined  []string   `json:"codes_undefined"`
	// PlacesHidden is true while blind coding is on: the places where a
	// coder marked two codes of a domain at once are counted, not listed.
	PlacesHidden bool `json:"places_hidden"`
}

// overlapOutput is `focal agree --overlap --json`.
type overlapOutput struct {
	agreement.OverlapReport
	Excluded []study.ExcludedSource `json:"excluded_sources"`
	// PlacesHidden is true while blind coding is on: unmatched segments
	// are counted, not listed.
	PlacesHidden bool `json:"places_hidden"`
}

// hideSelfOverlaps keeps the number of self-overlaps but not where they
// are, which would show a coder's codings.
func hideSelfOverlaps(r *agreement.UnitizedReport) {
	for i := range r.Domains {
		r.Domains[i].SelfOverlaps = []agreement.CoderOverlap{}
	}
	if r.Across != nil {
		r.Across.SelfOverlaps = []agreement.CoderOverlap{}
	}
}

func printUnitized(out io.Writer, r unitizedOutput) {
	fmt.Fprintf(out, "Unitizing agreement of %s on %d sources · scope: %s · continuum of %s characters\n",
		strings.Join(r.Coders, ", "), len(r.Sources), r.Scope, thousands(int(r.Length)))
	for _, e := range r.Excluded {
		fmt.Fprintf(out, "left out: %s (not marked done by %s)\n", e.Source, strings.Join(e.NotDone, ", "))
	}
	var undefined []string
	note := func(what string, v agree.Value) {
		if !v.Defined {
			undefined = append(undefined, what+": "+v.Reason)
		}
	}
	fmt.Fprintln(out)
	t := newTable(out, "CODE", "SEGMENTS "+strings.Join(r.Coders, "/"), "|u-ALPHA", "")
	for _, c := range r.Codes {
		t.row(c.Code, joinCounts(c.Segments), num(c.Binary.Alpha), r.Thresholds.label(c.Binary.Alpha))
		note(c.Code, c.Binary.Alpha)
	}
	t.flush()
	fmt.Fprintln(out, "|u-alpha: did the coders mark the same stretches with the code (marked or not, character by character)?")
	for _, d := range r.Domains {
		fmt.Fprintf(out, "\nDomain %s (%s, %d codes)\n", d.Name, d.Kind, len(d.Codes))
		fmt.Fprintf(out, "  |u-alpha  %-9s  marked with one of its codes or not\n", num(d.Binary.Alpha))
		fmt.Fprintf(out, "  u-alpha   %-9s  which code, or none, character by character\n", num(d.U.Alpha))
		fmt.Fprintf(out, "  cu-alpha  %-9s  which code, where the coders' marks meet\n", num(d.CU.Alpha))
		note(d.Name+" u-alpha", d.U.Alpha)
		note(d.Name+" cu-alpha", d.CU.Alpha)
		dt := newTable(out, "  CODE", "(k)u-ALPHA", "COVERAGE")
		for _, c := range d.PerCode {
			dt.row("  "+c.Code, num(c.KAlpha.Alpha), pct(c.Coverage))
			if d.U.Alpha.Defined || d.CU.Alpha.Defined {
				note(d.Name+" ("+c.Code+")u-alpha", c.KAlpha.Alpha)
			}
		}
		dt.flush()
		printSelfOverlaps(out, d.SelfOverlaps, "two codes of this domain", r.PlacesHidden, d.U.Alpha)
	}
	if a := r.Across; a != nil {
		fmt.Fprintf(out, "\nCu-alpha across the %d domains (which domain, where the coders' marks meet): %s\n", len(a.Domains), num(a.CU.Alpha))
		note("Cu-alpha", a.CU.Alpha)
		printSelfOverlaps(out, a.SelfOverlaps, "codes of two domains", r.PlacesHidden, a.CU.Alpha)
	}
	fmt.Fprintln(out)
	for _, u := range undefined {
		fmt.Fprintf(out, "undefined: %s\n", u)
	}
}

// printSelfOverlaps lists the places where a coder marked two values at
// once (or says how many, while blind).
func printSelfOverlaps(out io.Writer, places []agreement.CoderOverlap, what string, hidden bool, v agree.Value) {
	if hidden {
		if !v.Defined && strings.Contains(v.Reason, "different values on the same text") {
			fmt.Fprintf(out, "  a coder marked %s on the same text (places not listed while blind coding is on)\n", what)
		}
		return
	}
	if len(places) == 0 {
		return
	}
	n := fmt.Sprintf("%d places", len(places))
	if len(places) == 1 {
		n = "1 place"
	}
	fmt.Fprintf(out, "  %s where a coder marked %s on the same text; the values of one variable must not overlap within a coder:\n", n, what)
	for _, p := range places {
		fmt.Fprintf(out, "    %s turn %d (%s) · %s · %d–%d · %s · “%s”\n", p.Source, p.Turn, p.Speaker, p.Coder, p.Start, p.End,
			strings.Join(p.Codes, " + "), clipText(p.Text, 60))
	}
}

func joinCounts(counts []int64) string {
	parts := make([]string, len(counts))
	for i, n := range counts {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, "/")
}

func printOverlap(out io.Writer, r overlapOutput) {
	fmt.Fprintf(out, "Segment agreement of %s on %d sources · scope: %s · matched when the overlap is at least %s of the text both segments cover\n",
		strings.Join(r.Coders, ", "), len(r.Sources), r.Scope, strconv.FormatFloat(r.Threshold*100, 'g', -1, 64)+"%")
	for _, e := range r.Excluded {
		fmt.Fprintf(out, "left out: %s (not marked done by %s)\n", e.Source, strings.Join(e.NotDone, ", "))
	}
	if r.LeftOut > 0 {
		fmt.Fprintf(out, "%d codings have no text in the scope and are not compared\n", r.LeftOut)
	}
	for _, p := range r.Pairs {
		fmt.Fprintf(out, "\n%s–%s: %d of %d segments matched (%s) · kappa %s (Brennan–Prediger, chance 1/q over q = %d codes used)\n",
			p.CoderA, p.CoderB, p.Total.MatchedA+p.Total.MatchedB, p.Total.SegmentsA+p.Total.SegmentsB, pct(p.PercentAgreement), num(p.Kappa), p.Codes)
		if !p.Kappa.Defined {
			fmt.Fprintf(out, "undefined: kappa: %s\n", p.Kappa.Reason)
		}
		t := newTable(out, "CODE", p.CoderA+" MATCHED", p.CoderB+" MATCHED", "% AGREE")
		for _, c := range p.PerCode {
			if c.SegmentsA+c.SegmentsB == 0 {
				continue
			}
			t.row(c.Code, fmt.Sprintf("%d/%d", c.MatchedA, c.SegmentsA), fmt.Sprintf("%d/%d", c.MatchedB, c.SegmentsB), pct(c.PercentAgreement))
		}
		t.flush()
		unmatched := p.Total.SegmentsA + p.Total.SegmentsB - p.Total.MatchedA - p.Total.MatchedB
		if r.PlacesHidden {
			if unmatched > 0 {
				fmt.Fprintf(out, "%d unmatched segments (not listed while blind coding is on)\n", unmatched)
			}
			continue
		}
		if unmatched > 0 {
			fmt.Fprintf(out, "Unmatched segments (%d):\n", unmatched)
		}
		for _, u := range p.Unmatched {
			closest := "no overlapping segment of the other coder"
			if u.Closest != nil {
				other := p.CoderB
				if u.Coder == p.CoderB {
					other = p.CoderA
				}
				closest = fmt.Sprintf("closest %s %d–%d (share %.2f)", other, u.Closest.Start, u.Closest.End, u.ClosestShare)
			}
			fmt.Fprintf(out, "  %s turn %d (%s) · %s · %s %d–%d · %s · “%s”\n", u.Source, u.Turn, u.Speaker, u.Code, u.Coder, u.Start, u.End,
				closest, clipText(u.Text, 60))
		}
	}
}
