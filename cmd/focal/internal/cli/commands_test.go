package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command a user can run explains itself with an example, and every
// command that lists things can print JSON.
func TestEveryCommandHasHelpAndListingsHaveJSON(t *testing.T) {
	t.Parallel()
	root := newRootCmd(&App{Getenv: func(string) string { return "" }})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" || sub.Name() == "completion" {
				continue
			}
			walk(sub)
		}
		if !c.Runnable() || c == root {
			return
		}
		path := c.CommandPath()
		if c.Short == "" {
			t.Errorf("%s has no short description", path)
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s has no example in its help", path)
		}
		lists := c.Name() == "list" || c.Name() == "versions" || c.Name() == "status" || c.Name() == "history" || c.Name() == "log" || c.Name() == "progress"
		if lists && c.Flags().Lookup("json") == nil {
			t.Errorf("%s lists things but has no --json", path)
		}
	}
	walk(root)
}
