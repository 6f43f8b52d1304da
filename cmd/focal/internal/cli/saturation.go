package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/export/dataset"
)

// saturationOptions are the flags of `focal saturation`.
type saturationOptions struct {
	base        int
	run         int
	threshold   float64
	consecutive bool
	by          string
	order       []string
	layer       string
	groups      []string
	json        bool
}

func newSaturationCmd(app *App) *cobra.Command {
	var opts saturationOptions
	cmd := &cobra.Command{
		Use:   "saturation [--base 4 --run 2 --threshold 0.05] [--by group|source] [--order import|name|LIST] [--layer NAME|all|consensus]",
		Short: "Assess thematic saturation over the groups in the order they were held (Guest, Namey & Chen 2020)",
		Long: `Assess thematic saturation by the method of Guest, Namey & Chen (2020, PLOS ONE
15(5): e0232076). Groups (or sources, --by source) are taken in the order they
were held: import order (the default), by name (--order name), or the order you
list (--order "G2,G1,G3", every group once). For each group it counts the codes
applied in it and the codes new in it (applied in no earlier group).

The first --base groups are the base: their distinct codes are the reference.
A run is --run consecutive groups after the base; its new information is the
number of codes new in the run, divided by the base's number of codes. The
first run at or under --threshold (a fraction: 0.05 is 5 %) shows saturation,
reached at the groups before that run. Runs roll forward one group at a time
(groups 5–6, then 6–7); --consecutive takes them one after another (5–6, then
7–8). When no run meets the threshold, it says how far off the last one is.

It prints the table of new codes per group with a chart, the runs, the result,
a sentence for the methods section, and how many groups each code appears in.
Codings are read as the exports read them (docs/EXPORTS.md): a source's
consensus when complete, otherwise the --layer you choose (a coder's name, all
or consensus); under blinding, your own codings only. Moderators' words do not
count. docs/ANALYSIS.md explains the method.`,
		Example: `  focal saturation
  focal saturation --base 2 --run 1 --threshold 0.05
  focal saturation --by source --order name --json
  focal saturation --order "Group 2 (West),Group 1 (North),Group 3 (Spanish)" --base 1 --run 1`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSaturation(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	def := analysis.DefaultSaturation()
	f.IntVar(&opts.base, "base", def.Base, "base size: how many groups, in order, make the base")
	f.IntVar(&opts.run, "run", def.Run, "run length: how many consecutive groups after the base a run holds")
	f.Float64Var(&opts.threshold, "threshold", def.Threshold, "new-information threshold as a fraction of the base's codes (0.05 = 5 %)")
	f.BoolVar(&opts.consecutive, "consecutive", false, "take runs one after another instead of rolling them forward one group at a time")
	f.StringVar(&opts.by, "by", dataset.ByGroup, "unit: group or source")
	f.StringSliceVar(&opts.order, "order", []string{dataset.OrderImport}, "order the groups were held in: import, name, or every group's name, comma-separated")
	f.StringVar(&opts.layer, "layer", "", "whose codings where a source's consensus is not complete: a coder's name, all or consensus (default: all, or your own while blinding is on)")
	f.StringSliceVar(&opts.groups, "group", nil, "only these groups (repeatable)")
	addJSONFlag(f, &opts.json, "print the result as JSON")
	app.completeFlag(cmd, "by", cobra.FixedCompletions([]string{dataset.ByGroup, dataset.BySource}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// saturationResult is what `focal saturation` prints, as text or JSON.
type saturationResult struct {
	Method     string                   `json:"method"`
	By         string                   `json:"by"`
	Order      string                   `json:"order"`
	Layer      string                   `json:"layer"`
	Base       int                      `json:"base"`
	Run        int                      `json:"run"`
	Threshold  float64                  `json:"threshold"`
	Runs       string                   `json:"runs"`
	Units      []saturationUnitJSON     `json:"units"`
	BaseCodes  int                      `json:"base_codes"`
	RunResults []analysis.SaturationRun `json:"run_results"`
	Reached    bool                     `json:"reached"`
	Point      int                      `json:"point"`
	Short      string                   `json:"short,omitempty"`
	Sentence   string                   `json:"sentence"`
	Spread     []spreadJSON             `json:"spread"`
}

type saturationUnitJSON struct {
	Position   int      `json:"position"`
	Name       string   `json:"name"`
	Codes      int      `json:"codes"`
	New        []string `json:"new"`
	Cumulative int      `json:"cumulative"`
}

type spreadJSON struct {
	Code  string `json:"code"`
	Units int    `json:"units"`
	First int    `json:"first"`
}

func (o saturationOptions) choice() (dataset.SaturationChoice, error) {
	c := dataset.SaturationChoice{By: o.by}
	if o.by != dataset.ByGroup && o.by != dataset.BySource {
		return c, usageError{fmt.Errorf("--by %q: use group or source", o.by)}
	}
	if len(o.order) == 1 && (o.order[0] == dataset.OrderImport || o.order[0] == dataset.OrderName) {
		c.Order = o.order[0]
		return c, nil
	}
	for _, name := range o.order {
		c.List = append(c.List, strings.TrimSpace(name))
	}
	return c, nil
}

func runSaturation(ctx context.Context, app *App, opts saturationOptions, out io.Writer) error {
	choice, err := opts.choice()
	if err != nil {
		return err
	}
	so := analysis.SaturationOptions{Base: opts.base, Run: opts.run, Threshold: opts.threshold, Consecutive: opts.consecutive}
	if err := so.Check(); err != nil {
		return usageError{err}
	}
	d, err := loadAnalysisDataset(ctx, app, opts.layer, opts.groups)
	if err != nil {
		return err
	}
	units, err := d.SaturationUnits(choice)
	if err != nil {
		return usageError{err}
	}
	s, err := analysis.ComputeSaturation(units, so)
	if err != nil {
		return usageError{err}
	}
	res := saturationJSON(d, s, units, choice)
	if opts.json {
		return writeJSON(out, res)
	}
	printSaturation(out, res, s)
	return nil
}

func saturationJSON(d *dataset.Dataset, s analysis.Saturation, units []analysis.SaturationUnit, c dataset.SaturationChoice) saturationResult {
	unit := saturationUnitWord(c.By)
	order := c.Order
	if len(c.List) > 0 {
		order = "listed"
	}
	runs := "rolling"
	if s.Options.Consecutive {
		runs = "consecutive"
	}
	res := saturationResult{Method: "Guest, Namey & Chen (2020), PLOS ONE 15(5): e0232076", By: c.By, Order: order, Layer: d.LayerWords(),
		Base: s.Options.Base, Run: s.Options.Run, Threshold: s.Options.Threshold, Runs: runs, BaseCodes: s.BaseCodes,
		RunResults: s.Runs, Reached: s.Reached, Point: s.Point, Short: s.Short, Sentence: s.Sentence(unit, d.LayerWords()),
		Units: []saturationUnitJSON{}, Spread: []spreadJSON{}}
	if res.RunResults == nil {
		res.RunResults = []analysis.SaturationRun{}
	}
	for i, st := range s.Steps {
		u := saturationUnitJSON{Position: i + 1, Name: st.Name, Codes: st.Codes, New: st.New, Cumulative: st.Cumulative}
		if u.New == nil {
			u.New = []string{}
		}
		res.Units = append(res.Units, u)
	}
	for _, sp := range analysis.Spread(units) {
		res.Spread = append(res.Spread, spreadJSON{Code: sp.Code, Units: sp.Units, First: sp.First})
	}
	return res
}

// loadAnalysisDataset reads the project as the exports do, with the layer
// chosen by --layer (the exports' --coder) and the groups chosen.
func loadAnalysisDataset(ctx context.Context, app *App, layer string, groups []string) (*dataset.Dataset, error) {
	d, _, err := loadInvestigatorDataset(ctx, app, investigatorOptions{coder: layer, groups: groups}, false)
	if err != nil && strings.Contains(err.Error(), "--coder ") {
		// The core's refusal names the exports' flag; here it is --layer.
		return nil, errors.New(strings.ReplaceAll(err.Error(), "--coder ", "--layer "))
	}
	return d, err
}

// saturationUnitWord names the unit in sentences.
func saturationUnitWord(by string) string {
	if by == dataset.BySource {
		return "source"
	}
	return "focus group"
}

func printSaturation(w io.Writer, res saturationResult, s analysis.Saturation) {
	unitCol := strings.ToUpper(res.By)
	fmt.Fprintf(w, "Thematic saturation (Guest, Namey & Chen 2020): base %d, run %d, threshold ≤%s, %s runs\n",
		res.Base, res.Run, analysis.Percent(res.Threshold), res.Runs)
	order := res.Order + " order"
	if res.Order == "listed" {
		order = "the order listed"
	}
	fmt.Fprintf(w, "%s in %s; codings: %s\n\n", plural(len(res.Units), res.By), order, res.Layer)
	most := 1
	for _, u := range res.Units {
		most = max(most, len(u.New))
	}
	t := newTable(w, "#", unitCol, "CODES", "NEW", "CUMULATIVE", "NEW CODES")
	for _, u := range res.Units {
		mark := ""
		if u.Position == res.Base {
			mark = "  ← base"
		}
		t.row(u.Position, u.Name, u.Codes, len(u.New), u.Cumulative, bar(len(u.New), most, 30)+mark)
	}
	t.flush()
	if len(res.RunResults) > 0 {
		fmt.Fprintf(w, "\nbase: %s, %s\n", analysis.Range(res.By, 1, res.Base), plural(res.BaseCodes, "code"))
		t = newTable(w, "RUN", "NEW", "OF BASE", "")
		for _, r := range res.RunResults {
			verdict := "over the threshold"
			if r.Saturated {
				verdict = "at or under the threshold: saturation"
			}
			t.row(strings.TrimPrefix(strings.TrimPrefix(analysis.Range(res.By, r.First, r.Last), res.By+"s "), res.By+" "), r.New, analysis.Percent(r.Ratio), verdict)
		}
		t.flush()
	}
	fmt.Fprintln(w)
	if s.Reached {
		fmt.Fprintf(w, "saturation: reached at %s (confirmed by %s)\n", plural(res.Point, res.By), analysis.Range(res.By, s.Confirming.First, s.Confirming.Last))
	} else {
		fmt.Fprintf(w, "saturation: %s\n", res.Short)
	}
	fmt.Fprintf(w, "\nFor the methods section:\n%s\n", res.Sentence)
	fmt.Fprintf(w, "\nCodes by the number of %ss they appear in (of %d):\n", res.By, len(res.Units))
	t = newTable(w, "CODE", unitCol+"S", "FIRST IN", "")
	for _, sp := range res.Spread {
		first := ""
		if sp.First > 0 && sp.First <= len(res.Units) {
			first = res.Units[sp.First-1].Name
		}
		t.row(sp.Code, sp.Units, first, bar(sp.Units, len(res.Units), 20))
	}
	t.flush()
}

// bar draws n of most as a bar of at most width blocks.
func bar(n, most, width int) string {
	if n <= 0 || most <= 0 {
		return ""
	}
	k := max(1, n*width/most)
	return strings.Repeat("█", k)
}
