package store

import (
	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/corpus"
)

// The domain types live in package coding; these names keep the store's
// callers compiling while they move to the core.
type (
	// Coder is coding.Coder.
	Coder = coding.Coder
	// Code is coding.Code.
	Code = coding.Code
	// Coding is coding.Coding.
	Coding = coding.Coding
	// Theme is coding.Theme.
	Theme = coding.Theme
	// ThemeCode is coding.ThemeCode.
	ThemeCode = coding.ThemeCode
	// Memo is coding.Memo.
	Memo = coding.Memo
	// Source is corpus.Source.
	Source = corpus.Source
	// Speaker is corpus.Speaker.
	Speaker = corpus.Speaker
	// Participant is corpus.Participant.
	Participant = corpus.Participant
	// Turn is corpus.Turn.
	Turn = corpus.Turn
)
