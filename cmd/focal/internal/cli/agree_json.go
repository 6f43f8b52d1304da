package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"reflect"

	"github.com/focalqda/focal/coding/agreement"
)

// writeAgreeJSON writes `focal agree --json` as writeJSON would, but field
// by field and the long lists element by element, so that the whole
// document is never held in memory (a large project's report runs to tens
// of megabytes, and with --per-source to hundreds). Every code in every
// source is written as Report.EachCell computes it, so that with
// agreement.Options.CellsOnDemand those cells are not held either.
func writeAgreeJSON(w io.Writer, r agreeReport) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var enc indentedEncoder
	var err error
	put := func(s string) {
		if err == nil {
			_, err = bw.WriteString(s)
		}
	}
	value := func(v any, indent string) {
		if err != nil {
			return
		}
		var b []byte
		if b, err = enc.marshal(v, indent); err == nil {
			_, err = bw.Write(b)
		}
	}
	first := true
	field := func(key string) {
		if !first {
			put(",")
		}
		first = false
		k, _ := json.Marshal(key)
		put("\n  " + string(k) + ": ")
	}
	put("{")
	for _, f := range agreeFields(r) {
		if f.omit {
			continue
		}
		field(f.key)
		n := 0
		element := func(v any) error {
			if n == 0 {
				put("[")
			} else {
				put(",")
			}
			n++
			put("\n    ")
			value(v, "    ")
			return err
		}
		if f.each != nil {
			if e := f.each(element); e != nil && err == nil {
				err = e
			}
			if n == 0 {
				put("[]")
			} else {
				put("\n  ]")
			}
			continue
		}
		list := reflect.ValueOf(f.value)
		if list.Kind() != reflect.Slice || list.Len() == 0 || !f.stream {
			value(f.value, "  ")
			continue
		}
		for i := range list.Len() {
			element(list.Index(i).Interface())
		}
		put("\n  ]")
	}
	put("\n}\n")
	if err != nil {
		return err
	}
	return bw.Flush()
}

// indentedEncoder encodes values as json.MarshalIndent would, without
// HTML escaping, as writeJSON writes; it reuses its buffer and encoders
// from value to value (a --per-source report has thousands), so that
// writing makes little garbage.
type indentedEncoder struct {
	buf      jsonBuffer
	encoders map[string]*json.Encoder
}

// marshal encodes v with each line after the first starting with
// prefix; the bytes are good until the next call.
func (e *indentedEncoder) marshal(v any, prefix string) ([]byte, error) {
	enc := e.encoders[prefix]
	if enc == nil {
		enc = json.NewEncoder(&e.buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent(prefix, "  ")
		if e.encoders == nil {
			e.encoders = map[string]*json.Encoder{}
		}
		e.encoders[prefix] = enc
	}
	e.buf = e.buf[:0]
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return e.buf[:len(e.buf)-1], nil // without Encode's line end
}

type jsonBuffer []byte

func (b *jsonBuffer) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}

type agreeField struct {
	key          string
	value        any
	stream, omit bool
	// each, when not nil, gives the elements of a list to write one by
	// one (value is then not used); it stops at yield's first error.
	each func(yield func(any) error) error
}

// agreeFields lists the fields of agreeReport in the order of its JSON
// tags; TestAgreeJSONStreamsTheSameDocument checks that nothing is missing.
func agreeFields(r agreeReport) []agreeField {
	return []agreeField{
		{key: "unit", value: r.Unit},
		{key: "scope", value: r.Scope},
		{key: "coders", value: r.Coders},
		{key: "sources", value: r.Sources},
		{key: "rule", value: r.Rule},
		{key: "codes", value: r.Codes},
		{key: "left_out_codes", value: r.LeftOutCodes},
		{key: "units_per_source", value: r.UnitsPerSource},
		{key: "per_code_and_source", each: func(yield func(any) error) error {
			return r.EachCell(func(cr agreement.CodeResult) error { return yield(cr) })
		}},
		{key: "per_source_pooled_over_codes", value: r.BySource, stream: true},
		{key: "per_code", value: r.PerCode, stream: true},
		{key: "overall", value: r.Overall},
		{key: "bootstrap", value: r.Bootstrap, omit: r.Bootstrap == nil},
		{key: "excluded_sources", value: r.Excluded},
		{key: "left_out_coders", value: r.LeftOutCoders},
		{key: "thresholds", value: r.Thresholds},
		{key: "judgements", value: r.Judgements},
		{key: "codes_below_tentative", value: r.Below},
		{key: "codes_undefined", value: r.Undefined},
	}
}
