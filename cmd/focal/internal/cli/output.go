package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"text/tabwriter"
)

// jsonFlagAnnotation marks a --json flag registered by addJSONFlag.
const jsonFlagAnnotation = "focal_json"

// flagSet is what addJSONFlag needs of a command's flags (*pflag.FlagSet).
type flagSet interface {
	BoolVar(p *bool, name string, value bool, usage string)
	SetAnnotation(name, key string, values []string) error
}

// addJSONFlag registers --json, the one way a command offers its output as
// JSON, printed with writeJSON. usage says what is printed and its fields.
func addJSONFlag(fs flagSet, on *bool, usage string) {
	fs.BoolVar(on, "json", false, usage)
	fs.SetAnnotation("json", jsonFlagAnnotation, []string{"true"})
}

// writeJSON prints v as indented JSON, the one way every command prints
// --json: HTML characters are left as they are, and an empty listing is []
// rather than null.
func writeJSON(w io.Writer, v any) error {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = []struct{}{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table prints aligned columns.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	t.row(anySlice(header)...)
	return t
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (t *table) row(cells ...any) {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = strings.ReplaceAll(fmt.Sprint(c), "\t", " ")
	}
	fmt.Fprintln(t.tw, strings.Join(parts, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// formatMS renders milliseconds as h:mm:ss.
func formatMS(ms *int64) string {
	if ms == nil {
		return ""
	}
	s := *ms / 1000
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// thousands renders 18234 as 18,234.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
