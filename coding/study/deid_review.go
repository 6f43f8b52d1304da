package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// AddDeidWord adds a word or phrase to the project's list (or changes the
// replacement of one already there). Listed words are replaced wherever
// they occur (whole words, as written) when text is rendered for export.
func (st *Study) AddDeidWord(ctx context.Context, p Person, text string, replacement string, kind string) (store.DeidWord, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.DeidWord
		return z0, err
	}
	return st.store.AddDeidWord(p.ctx(ctx), text, replacement, kind)
}

// AllowDeidWord records that a word the gate would refuse (a name that is
// also a common word) was reviewed and may appear, everywhere or only
// inside phrase. A reason is required.
func (st *Study) AllowDeidWord(ctx context.Context, p Person, word string, phrase string, reason string) (store.DeidAllowance, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.DeidAllowance
		return z0, err
	}
	return st.store.AllowDeidWord(p.ctx(ctx), word, phrase, reason)
}

// ApplyDeidInText writes the accepted replacements of one source into its
// stored text, as a correction: codings and the other findings are
// re-anchored, codings whose own words changed are flagged for review, and
// the findings become "applied". units computes the unit boundaries of the
// corrected text. Speaker labels are not findings and stay as they are.
func (st *Study) ApplyDeidInText(ctx context.Context, p Person, sourceRef string, units store.UnitFunc) (store.DeidApplyResult, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.DeidApplyResult
		return z0, err
	}
	return st.store.ApplyDeidInText(p.ctx(ctx), sourceRef, units)
}

// DecideDeid records a decision on findings, one event each; findings
// already so decided are left alone. Applied findings cannot be decided
// again.
func (st *Study) DecideDeid(ctx context.Context, p Person, d store.DeidDecision) ([]store.DeidFinding, error) {
	if err := p.mayAct(); err != nil {
		var z0 []store.DeidFinding
		return z0, err
	}
	return st.store.DecideDeid(p.ctx(ctx), d)
}

// DeidAllowed lists the allow-list.
func (st *Study) DeidAllowed(ctx context.Context) ([]store.DeidAllowance, error) {
	return st.store.DeidAllowed(ctx)
}

// DeidFindings lists findings in transcript order.
func (st *Study) DeidFindings(ctx context.Context, f store.DeidFilter) ([]store.DeidFinding, error) {
	return st.store.DeidFindings(ctx, f)
}

// DeidKey lists every participant with their pseudonym and the names their
// speakers carry in the transcripts.
func (st *Study) DeidKey(ctx context.Context) ([]store.KeyEntry, error) {
	return st.store.DeidKey(ctx)
}

// DeidScanMarks reads what the scans so far covered from the log.
func (st *Study) DeidScanMarks(ctx context.Context) (store.DeidScanMarks, error) {
	return st.store.DeidScanMarks(ctx)
}

// DeidWords lists the project's word list.
func (st *Study) DeidWords(ctx context.Context) ([]store.DeidWord, error) {
	return st.store.DeidWords(ctx)
}

// DisallowDeidWord removes an exception from the allow-list.
func (st *Study) DisallowDeidWord(ctx context.Context, p Person, word string, phrase string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.DisallowDeidWord(p.ctx(ctx), word, phrase)
}

// RemoveDeidWord takes a word off the project's list.
func (st *Study) RemoveDeidWord(ctx context.Context, p Person, text string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.RemoveDeidWord(p.ctx(ctx), text)
}

// SaveDeidReview is SaveDeidScan that also records what a scan of the
// member-check answers found (answers may be nil when they were not
// scanned). Every scan ends with one deid.scan-completed event holding the
// SHA-256 of each scanned source's text, so that the review can tell
// which texts changed since.
func (st *Study) SaveDeidReview(ctx context.Context, p Person, sourceIDs []string, found []store.NewDeidFinding, answers *store.DeidAnswerScan) (store.DeidScanResult, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.DeidScanResult
		return z0, err
	}
	return st.store.SaveDeidReview(p.ctx(ctx), sourceIDs, found, answers)
}

// SaveDeidScan records what a scan of some sources found. Findings already
// known keep their decision: found where they were, or moved to the same
// occurrence of their text in the same turn after a correction. Pending
// findings that the scan no longer finds are dropped; decided ones stay.
// The scan is one event per source.
func (st *Study) SaveDeidScan(ctx context.Context, sourceIDs []string, found []store.NewDeidFinding) (store.DeidScanResult, error) {
	return st.store.SaveDeidScan(ctx, sourceIDs, found)
}

// SetPseudonym gives a participant a chosen pseudonym. It must be unique,
// one line, and not another participant's id.
func (st *Study) SetPseudonym(ctx context.Context, p Person, participant string, pseudonym string) (before string, err error) {
	if err := p.mayAct(); err != nil {
		var z0 string
		return z0, err
	}
	return st.store.SetPseudonym(p.ctx(ctx), participant, pseudonym)
}

// WithdrawParticipant records that a participant withdrew as a whole: none
// of their words appears in any later export. It reports whether the
// participant had already withdrawn.
func (st *Study) WithdrawParticipant(ctx context.Context, p Person, participant string, reason string) (already bool, err error) {
	if err := p.mayAct(); err != nil {
		var z0 bool
		return z0, err
	}
	return st.store.WithdrawParticipant(p.ctx(ctx), participant, reason)
}

// Withdrawals lists the participants who withdrew.
func (st *Study) Withdrawals(ctx context.Context) ([]store.Withdrawal, error) {
	return st.store.Withdrawals(ctx)
}
