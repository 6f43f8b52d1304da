package cli

import (
	"context"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildFacts is what `focal version` tells: which Focal this binary is, so
// that a result can be traced to the code that computed it.
type buildFacts struct {
	Module     string `json:"module"`      // the module path, github.com/focalqda/focal
	Version    string `json:"version"`     // the module's version: a release tag, a pseudo-version, or (devel)
	Commit     string `json:"commit"`      // the commit it was built from; "" when the build did not record it
	CommitTime string `json:"commit_time"` // when that commit was made (RFC 3339), or ""
	Modified   bool   `json:"modified"`    // the work tree had changes not in that commit
	Go         string `json:"go"`          // the Go release that built it
	Platform   string `json:"platform"`    // GOOS/GOARCH
	CGO        bool   `json:"cgo"`         // built with cgo (false: one static binary)
}

// buildFactsOf reads the facts from what the Go toolchain wrote into the
// binary (ok is false when it wrote nothing).
func buildFactsOf(info *debug.BuildInfo, ok bool) buildFacts {
	f := buildFacts{Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok || info == nil {
		return f
	}
	f.Module, f.Version = info.Main.Path, info.Main.Version
	if info.GoVersion != "" {
		f.Go = info.GoVersion
	}
	var goos, goarch string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			f.Commit = s.Value
		case "vcs.time":
			f.CommitTime = s.Value
		case "vcs.modified":
			f.Modified = s.Value == "true"
		case "CGO_ENABLED":
			f.CGO = s.Value == "1"
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	if goos != "" && goarch != "" {
		f.Platform = goos + "/" + goarch
	}
	return f
}

// versionOptions are the flags of `focal version`.
type versionOptions struct{ json bool }

func newVersionCmd(app *App) *cobra.Command {
	var opts versionOptions
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show which Focal this is: module version, commit, Go release",
		Long: `Show which Focal this binary is: the module's version, the commit it was
built from (and whether the work tree had changes not in that commit), the Go
release that built it, and whether it is one static binary (cgo off). Quote it
with any result you report, so that others can rebuild the same Focal.

A binary built by "go build" or "go install" in a clone records its commit;
one built without version control information (go run, -buildvcs=false, a
copy of the source without .git) says the commit is unknown.`,
		Example: "  focal version\n  focal version --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVersion(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: module, version, commit, commit_time, modified, go, platform, cgo)")
	return cmd
}

// runVersion shows which Focal this binary is, from what the Go toolchain
// recorded in it; it needs no project.
func runVersion(_ context.Context, _ *App, opts versionOptions, out io.Writer) error {
	return printVersion(out, buildFactsOf(debug.ReadBuildInfo()), opts.json)
}

// printVersion prints the build facts as `focal version` shows them.
func printVersion(out io.Writer, f buildFacts, asJSON bool) error {
	if asJSON {
		return writeJSON(out, f)
	}
	version := f.Version
	if version == "" {
		version = "unknown"
	}
	commit := "unknown (built without version control information)"
	if f.Commit != "" {
		commit = f.Commit
		if f.CommitTime != "" {
			commit += " (" + f.CommitTime + ")"
		}
		if f.Modified {
			commit += ", with changes not in this commit"
		}
	}
	linking := "cgo off: no C library linked in (one static binary on Linux)"
	if f.CGO {
		linking = "cgo on: linked to the system's C library"
	}
	t := newTable(out, "focal", version)
	t.row("module", orDash(f.Module))
	t.row("commit", commit)
	t.row("go", f.Go+" "+f.Platform)
	t.row("binary", linking)
	return t.flush()
}
