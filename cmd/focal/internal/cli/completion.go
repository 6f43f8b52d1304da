package cli

import (
	"context"
	"slices"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Shell completion of the names Focal's commands take. Every flag that
// names sources, codes, themes, coders, participants, groups or codebook
// versions completes them, on every command that has it, and so does a
// first argument named SOURCE, CODE, THEME or PARTICIPANT in the usage
// line; flags that take several values complete each after a comma.
// wireCompletion runs on the command tree of a completion request (App.Run),
// so a new command gets this without a line of its own.

// nameCompletions is what each flag name, and each argument word of a
// usage line, completes.
func nameCompletions(app *App) (flags, args map[string]cobra.CompletionFunc) {
	flags = map[string]cobra.CompletionFunc{
		"source":      completeSources(app),
		"code":        completeCodes(app),
		"theme":       completeThemes(app),
		"coder":       completeCoders(app),
		"coders":      completeCoders(app),
		"participant": completeParticipants(app),
		"group":       completeGroups(app),
		"at":          completeVersions(app),
	}
	args = map[string]cobra.CompletionFunc{
		"SOURCE":      completeSources(app),
		"CODE":        completeCodes(app),
		"THEME":       completeThemes(app),
		"PARTICIPANT": completeParticipants(app),
	}
	return flags, args
}

// flagCompletion is a command's completion function for one of its flags.
type flagCompletion struct {
	cmd      *cobra.Command
	flag     string
	complete cobra.CompletionFunc
}

// completeFlag gives a command's flag its completion function. It is
// registered with cobra only for a completion request (wireCompletion):
// cobra keeps the functions in a map of its own that nothing empties, so
// registering them for every command line would keep every command tree a
// long-running process (the team server) ever built.
func (a *App) completeFlag(cmd *cobra.Command, flag string, complete cobra.CompletionFunc) {
	a.flagCompletions = append(a.flagCompletions, flagCompletion{cmd, flag, complete})
}

// subjectFlagAnnotation marks a command whose argument may be given with a
// flag instead (acceptSubjectFlag); its value is the flag, which completes
// as the argument does.
const subjectFlagAnnotation = "focal:subject-flag"

// wireCompletion registers the flags' completion functions (completeFlag,
// then nameCompletions for every flag and argument that has none of its
// own) on every command under root.
func wireCompletion(root *cobra.Command, app *App) {
	for _, fc := range app.flagCompletions {
		fc.cmd.RegisterFlagCompletionFunc(fc.flag, fc.complete)
	}
	flags, args := nameCompletions(app)
	if _, ok := root.GetFlagCompletionFunc("as"); !ok {
		root.RegisterFlagCompletionFunc("as", completeCoders(app))
	}
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
		if flag, ok := cmd.Annotations[subjectFlagAnnotation]; ok && cmd.ValidArgsFunction != nil {
			if _, has := cmd.GetFlagCompletionFunc(flag); !has {
				cmd.RegisterFlagCompletionFunc(flag, cmd.ValidArgsFunction)
			}
		}
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			complete, ok := flags[f.Name]
			if !ok {
				return
			}
			if _, has := cmd.GetFlagCompletionFunc(f.Name); has {
				return
			}
			if strings.HasSuffix(f.Value.Type(), "Slice") {
				complete = eachAfterComma(complete)
			}
			cmd.RegisterFlagCompletionFunc(f.Name, complete)
		})
		if flag, ok := cmd.Annotations[subjectArgAnnotation]; ok && cmd.ValidArgsFunction == nil {
			// The subject given as arguments instead of the flag.
			if complete, ok := cmd.GetFlagCompletionFunc(flag); ok {
				if f := cmd.Flags().Lookup(flag); f != nil && strings.HasSuffix(f.Value.Type(), "Slice") {
					cmd.ValidArgsFunction = notGivenYet(complete)
				} else {
					cmd.ValidArgsFunction = firstArgument(complete)
				}
			}
		}
		if cmd.ValidArgsFunction == nil && cmd.Runnable() {
			words := strings.Fields(cmd.Use)
			if len(words) > 1 {
				word := strings.Trim(words[1], "[]().…")
				if complete, ok := args[word]; ok {
					cmd.ValidArgsFunction = firstArgument(complete)
				}
			}
		}
	}
	walk(root)
}

// subjectArgAnnotation marks a command that takes its subject flag's
// value as arguments too (acceptSubjectArg); its value is the flag.
const subjectArgAnnotation = "focal:subject-argument"

// notGivenYet completes every argument with the names not given yet.
func notGivenYet(complete cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names, directive := complete(cmd, nil, toComplete)
		var out []string
		for _, n := range names {
			if !slices.Contains(args, n) {
				out = append(out, n)
			}
		}
		return out, directive
	}
}

// firstArgument completes only the first argument.
func firstArgument(complete cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return complete(cmd, args, toComplete)
	}
}

// eachAfterComma completes the last of comma-separated values ("ana,b"
// offers "ana,ben"), leaving out the ones already named.
func eachAfterComma(complete cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names, directive := complete(cmd, nil, "")
		i := strings.LastIndex(toComplete, ",")
		if i < 0 {
			return names, directive
		}
		before := toComplete[:i+1]
		named := strings.Split(toComplete[:i], ",")
		var out []string
		for _, n := range names {
			if !slices.Contains(named, n) {
				out = append(out, before+n)
			}
		}
		return out, directive | cobra.ShellCompDirectiveNoSpace
	}
}

// completeNames completes with the names names reads from the project.
func completeNames(app *App, names func(ctx context.Context, st *study.Study, p study.Person) ([]string, error)) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		st, err := app.Study(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		list, err := names(cmd.Context(), st, app.person())
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return list, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSources offers source names.
func completeSources(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, _ study.Person) ([]string, error) {
		sources, err := st.Sources(ctx)
		return namesOf(sources, func(s corpus.Source) string { return s.Name }), err
	})
}

// completeCodes offers the paths of the codes in use (not retired).
func completeCodes(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, _ study.Person) ([]string, error) {
		snap, err := st.CurrentCodebook(ctx)
		return namesOf(snap.Codes, func(c coding.CodeSnapshot) string { return orEmpty(!c.Retired, c.Path) }), err
	})
}

// completeThemes offers theme paths, as the person sees them.
func completeThemes(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, p study.Person) ([]string, error) {
		themes, err := st.Themes(ctx, p, study.ThemeFilter{})
		return namesOf(themes, func(th coding.Theme) string { return th.Path }), err
	})
}

// completeCoders offers the project's coders (not the consensus).
func completeCoders(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, _ study.Person) ([]string, error) {
		coders, err := st.Coders(ctx)
		return namesOf(coders, func(c coding.Coder) string { return orEmpty(c.Role != "consensus", c.Name) }), err
	})
}

// completeParticipants offers the project's participants.
func completeParticipants(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, _ study.Person) ([]string, error) {
		people, err := st.Participants(ctx)
		return namesOf(people, func(p corpus.Participant) string { return p.Name }), err
	})
}

// completeGroups offers the groups the sources are in.
func completeGroups(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, _ study.Person) ([]string, error) {
		sources, err := st.Sources(ctx)
		return namesOf(sources, func(s corpus.Source) string { return s.Group }), err
	})
}

// completeVersions offers the codebook's frozen versions.
func completeVersions(app *App) cobra.CompletionFunc {
	return completeNames(app, func(ctx context.Context, st *study.Study, _ study.Person) ([]string, error) {
		versions, err := st.CodebookVersions(ctx)
		return namesOf(versions, func(v study.CodebookVersion) string { return v.Name }), err
	})
}

// namesOf is name of each item, each once, leaving out "".
func namesOf[T any](items []T, name func(T) string) []string {
	var names []string
	for _, it := range items {
		if n := name(it); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// orEmpty is name when keep holds, else "" (which namesOf leaves out).
func orEmpty(keep bool, name string) string {
	if keep {
		return name
	}
	return ""
}
