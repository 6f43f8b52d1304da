package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// ClearQuotes marks codings whose words may be shown, unattributed, to
// other participants in the group summary of their packets (clear false
// takes the clearance back). Codings are named by id or unique prefix. It
// returns the full ids of the codings that changed.
func (st *Study) ClearQuotes(ctx context.Context, p Person, ids []string, clear bool) ([]string, error) {
	if err := p.mayAct(); err != nil {
		var z0 []string
		return z0, err
	}
	return st.store.ClearQuotes(p.ctx(ctx), ids, clear)
}

// ClearedCodings returns the ids of the codings cleared for group
// summaries.
func (st *Study) ClearedCodings(ctx context.Context) (map[string]bool, error) {
	return st.store.ClearedCodings(ctx)
}

// CodingSpans returns the current span of each named coding that still
// exists, whoever coded it: exports use it to find withdrawn quotes after
// a correction, and show none of the codings themselves.
func (st *Study) CodingSpans(ctx context.Context, ids []string) (map[string]store.CodingSpan, error) {
	return st.store.CodingSpans(ctx, ids)
}

// MemberCheckAnswers lists the current answers by participant.
func (st *Study) MemberCheckAnswers(ctx context.Context) ([]store.MemberCheckAnswer, error) {
	return st.store.MemberCheckAnswers(ctx)
}

// MemberCheckSecret returns the project's secret for signing member-check
// packets (HMAC-SHA256), creating it the first time. It never leaves the
// project file; the log records only that it was created.
func (st *Study) MemberCheckSecret(ctx context.Context, p Person) ([]byte, error) {
	if err := p.mayAct(); err != nil {
		var z0 []byte
		return z0, err
	}
	return st.store.MemberCheckSecret(p.ctx(ctx))
}

// MemberCheckTemplate returns the project's introduction for packets in a
// language; ok is false when the project has none (the built-in one is
// used).
func (st *Study) MemberCheckTemplate(ctx context.Context, lang string) (text string, ok bool, err error) {
	return st.store.MemberCheckTemplate(ctx, lang)
}

// Packets lists the packets written, oldest first.
func (st *Study) Packets(ctx context.Context) ([]store.Packet, error) {
	return st.store.Packets(ctx)
}

// RecordMemberCheckAnswers records answers in one transaction, one event
// per answer that is new or differs from the current one; an answer equal
// to the current one changes nothing (importing a file twice is
// harmless). ReceivedAt defaults to now.
func (st *Study) RecordMemberCheckAnswers(ctx context.Context, p Person, answers []store.MemberCheckAnswer) (store.MemberCheckRecorded, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.MemberCheckRecorded
		return z0, err
	}
	return st.store.RecordMemberCheckAnswers(p.ctx(ctx), answers)
}

// RecordPacket notes that a packet was written for a participant.
func (st *Study) RecordPacket(ctx context.Context, p Person, packet store.Packet) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.RecordPacket(p.ctx(ctx), packet)
}

// SetMemberCheckTemplate sets the project's introduction for packets in a
// language; an empty text goes back to the built-in one. It reports
// whether anything changed.
func (st *Study) SetMemberCheckTemplate(ctx context.Context, p Person, lang string, text string) (changed bool, err error) {
	if err := p.mayAct(); err != nil {
		var z0 bool
		return z0, err
	}
	return st.store.SetMemberCheckTemplate(p.ctx(ctx), lang, text)
}
