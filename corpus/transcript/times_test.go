package transcript

import "testing"

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		ms   int64
		sep  byte
		good bool
	}{
		{"00:00:01.000", 1000, '.', true},
		{"00:00:01,500", 1500, ',', true},
		{"01:02:03", 3723000, 0, true},
		{"1:02:03", 3723000, 0, true},
		{"0:0:0.570", 570, '.', true},   // Teams: unpadded
		{"0:0:0.0", 0, '.', true},       // one fraction digit
		{"00:16.500", 16500, '.', true}, // mm:ss.mmm
		{"0:03", 3000, 0, true},         // Otter
		{"12:30", 750000, 0, true},
		{"100:00:00.5", 360000500, '.', true}, // fraction digits are tenths
		{"00:00:00.57", 570, '.', true},
		{"00:00:1d.890", 0, 0, false},
		{"00:60:00", 0, 0, false},
		{"00:00:60", 0, 0, false},
		{"60:00", 0, 0, false},
		{"1", 0, 0, false},
		{"1:", 0, 0, false},
		{":1:2", 0, 0, false},
		{"1:2:3:4", 0, 0, false},
		{"00:00:01.", 0, 0, false},
		{"00:00:01.1234", 0, 0, false},
		{"00:00:01.5.5", 0, 0, false},
		{"1234567:00:00", 0, 0, false}, // more hour digits than allowed
		{"", 0, 0, false},
		{"٠١:٠٢", 0, 0, false}, // only ASCII digits
	}
	for _, tt := range tests {
		ms, sep, ok := parseClock(tt.in)
		if ok != tt.good || ok && (ms != tt.ms || sep != tt.sep) {
			t.Errorf("parseClock(%q) = %d, %q, %v; want %d, %q, %v", tt.in, ms, sep, ok, tt.ms, tt.sep, tt.good)
		}
	}
}

func TestBracketedClocks(t *testing.T) {
	if ms, ok := parseBracketedClock(" [00:02:47] "); !ok || ms != 167000 {
		t.Errorf("parseBracketedClock: %d %v", ms, ok)
	}
	if ms, ok := parseBracketedClock("(1:02)"); !ok || ms != 62000 {
		t.Errorf("parseBracketedClock: %d %v", ms, ok)
	}
	if _, ok := parseBracketedClock("[inaudible 00:03:31]"); ok {
		t.Error("a marker with a time is not a time")
	}
	ms, rest, ok := cutLeadingClock("[00:02:47] **Audrow Nash:** text")
	if !ok || ms != 167000 || rest != "**Audrow Nash:** text" {
		t.Errorf("cutLeadingClock: %d %q %v", ms, rest, ok)
	}
	if _, _, ok := cutLeadingClock("10:30 is when we met"); ok {
		t.Error("a bare time at the start of prose is not cut")
	}
	if got := formatClock(3723004); got != "01:02:03.004" {
		t.Errorf("formatClock = %q", got)
	}
}
