package agree

import (
	"encoding/json"
	"math"
	"strconv"
)

// Value is the result of one statistic. When the statistic cannot be
// computed from the data (for example 0/0 because only one category was ever
// used), Defined is false and Reason says why in words a researcher can act
// on; V is then 0 and means nothing. A Value is never NaN or infinite.
//
// In JSON a Value is a number, or null when it is undefined; the reason is
// not written (report it beside the number if it matters).
type Value struct {
	V       float64
	Defined bool
	Reason  string
}

// known wraps a computed number. A NaN or infinite result is a bug in the
// caller's arithmetic and is reported as undefined rather than passed on.
func known(x float64) Value {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return undefined("the arithmetic produced a value that is not a finite number")
	}
	return Value{V: x, Defined: true}
}

// undefined is a statistic that the data do not determine.
func undefined(reason string) Value {
	return Value{Reason: reason}
}

// String prints the number with up to ten significant digits, or
// "undefined (reason)".
func (v Value) String() string {
	if !v.Defined {
		if v.Reason == "" {
			return "undefined"
		}
		return "undefined (" + v.Reason + ")"
	}
	return strconv.FormatFloat(v.V, 'g', 10, 64)
}

// MarshalJSON writes the number, or null when the value is undefined.
func (v Value) MarshalJSON() ([]byte, error) {
	if !v.Defined {
		return []byte("null"), nil
	}
	return json.Marshal(v.V)
}

// UnmarshalJSON reads a number, or null as an undefined value whose reason
// says it came from JSON.
func (v *Value) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*v = undefined("read as null from JSON")
		return nil
	}
	var x float64
	if err := json.Unmarshal(data, &x); err != nil {
		return err
	}
	*v = known(x)
	return nil
}
