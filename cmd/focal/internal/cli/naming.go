package cli

// One convention for naming things on the command line (documented in the
// README under "Naming sources, codes, coders and themes"):
//
//   - the thing a verb acts on is its first argument: `source show fg01`,
//     `consensus seed fg01 --coders ben,carmen`, `code show belonging/isolation`;
//   - things that narrow a listing, or name a second thing, are flags:
//     `coding list --source fg01 --code isolation`, `speaker role X moderator --source fg01`.
//
// Where people will type the other form, a verb accepts it too and the two
// mean the same: `consensus seed --source fg01` is `consensus seed fg01`,
// `speaker list fg01` is `speaker list --source fg01`. Naming the thing twice
// with different values is a usage error.

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// takeSubject reads the thing a verb acts on from its first argument or from
// --flag (whose value is in *value) and returns the remaining arguments after
// checking them with rest. When required is false the subject may be absent.
func takeSubject(cmd *cobra.Command, args []string, flag string, value *string, required bool, rest cobra.PositionalArgs) ([]string, error) {
	if rest == nil {
		rest = cobra.NoArgs
	}
	if cmd.Flags().Changed(flag) {
		if rest(cmd, args) == nil {
			return args, nil
		}
		if len(args) > 0 && rest(cmd, args[1:]) == nil {
			if args[0] != *value {
				return nil, subjectTwice(cmd, flag, args[0], *value)
			}
			return args[1:], nil
		}
		if err := rest(cmd, args); err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", verbPath(cmd), err)}
		}
		return args, nil
	}
	if len(args) == 0 {
		if required {
			return nil, missingSubject(cmd, flag)
		}
		return args, nil
	}
	if err := rest(cmd, args[1:]); err != nil {
		if required && rest(cmd, args) == nil {
			return nil, missingSubject(cmd, flag)
		}
		return nil, usageError{fmt.Errorf("%s: %w", verbPath(cmd), err)}
	}
	*value = args[0]
	return args[1:], nil
}

// acceptSubjectFlag lets a verb whose subject is its first argument (`source
// show SOURCE`) also take it as --flag. The verb's own Args check and RunE
// then see the subject as their first argument, whichever form was typed;
// rest checks the arguments after the subject.
func acceptSubjectFlag(cmd *cobra.Command, flag string, hidden bool, rest cobra.PositionalArgs) *cobra.Command {
	var value string
	subjectFlag(cmd, flag, &value, hidden)
	check, run := cmd.Args, cmd.RunE
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(c *cobra.Command, args []string) error {
		after, err := takeSubject(c, args, flag, &value, true, rest)
		if err != nil {
			return err
		}
		full := append([]string{value}, after...)
		if check != nil {
			if err := check(c, full); err != nil {
				return err
			}
		}
		return run(c, full)
	}
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[subjectFlagAnnotation] = flag // completed as the argument is (wireCompletion)
	return cmd
}

// acceptSubjectArg lets a verb that names a thing with --flag and takes no
// argument (`speaker list --source S`) also take it as its argument
// (`speaker list S`). A repeatable flag (--source S…) takes several
// arguments. Both forms at once must agree.
func acceptSubjectArg(cmd *cobra.Command, flag string) *cobra.Command {
	if f := cmd.Flags().Lookup(flag); f != nil {
		f.Usage += " (or give it as the argument)"
	}
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[subjectArgAnnotation] = flag // completed as the flag is (wireCompletion)
	run := cmd.RunE
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return run(c, args)
		}
		f := c.Flags().Lookup(flag)
		if list, ok := f.Value.(sliceValue); ok {
			if !f.Changed {
				if err := list.Replace(args); err != nil {
					return usageError{fmt.Errorf("%s: %w", verbPath(c), err)}
				}
				return run(c, nil)
			}
			given := map[string]bool{}
			for _, v := range list.GetSlice() {
				given[v] = true
			}
			for _, a := range args {
				if !given[a] {
					return subjectTwice(c, flag, a, strings.Join(list.GetSlice(), ","))
				}
			}
			return run(c, nil)
		}
		value := f.Value.String()
		if _, err := takeSubject(c, args, flag, &value, false, nil); err != nil {
			return err
		}
		if !f.Changed {
			if err := c.Flags().Set(flag, value); err != nil {
				return usageError{fmt.Errorf("%s: %w", verbPath(c), err)}
			}
		}
		return run(c, nil)
	}
	return cmd
}

// sliceValue is a repeatable flag's value (--source S…).
type sliceValue interface {
	Replace([]string) error
	GetSlice() []string
}

func subjectTwice(cmd *cobra.Command, flag, arg, value string) error {
	return usageError{fmt.Errorf("%s: the %s is named twice, as %q and as --%s %q; name it once", verbPath(cmd), flag, arg, flag, value)}
}

func missingSubject(cmd *cobra.Command, flag string) error {
	return usageError{fmt.Errorf("%s: name the %s: `focal %s %s …` (or --%s %s)", verbPath(cmd), flag, verbPath(cmd), strings.ToUpper(flag), flag, strings.ToUpper(flag))}
}

// verbPath is the command's path without the program name ("consensus seed"),
// as errors begin after "focal: ".
func verbPath(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// subjectFlag registers --flag on a verb whose subject is its first argument,
// so that the flag form people also type works. The flag is hidden where the
// command's own name already says what it acts on (`source show --source` is
// accepted but not advertised).
func subjectFlag(cmd *cobra.Command, flag string, value *string, hidden bool) {
	cmd.Flags().StringVar(value, flag, "", "the "+flag+" (the same as giving it as the first argument)")
	if hidden {
		cmd.Flags().MarkHidden(flag)
	}
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// namingFlags lists the flags of cmd that name a source, code, coder or
// theme, for the error of a verb given an argument it does not take.
func namingFlags(cmd *cobra.Command) []string {
	var out []string
	for _, name := range []string{"source", "code", "coder", "theme", "participant"} {
		if f := cmd.Flags().Lookup(name); f != nil && !f.Hidden {
			out = append(out, "--"+name)
		}
	}
	return out
}
