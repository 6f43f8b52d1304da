// Command focal is a terminal toolkit for the thematic analysis of focus
// groups: import transcripts, code them, compare coders, build themes and
// export the results. Run `focal --help` for the commands.
package main

import (
	"os"

	"github.com/focalqda/focal/cmd/focal/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
