package study

import (
	"context"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding/store"
)

// ErrParticipantWithdrawn is returned for answers of a participant who
// withdrew from the study: none is recorded.
var ErrParticipantWithdrawn = errors.New("the participant withdrew from the study")

// ErrNotMaster is returned when returned packets are imported in a
// project that did not write them: a copy made with `focal copy` never
// holds the secret that signs packets.
var ErrNotMaster = errors.New("returned packets are imported on the master project")

// MemberCheckReturns gives what checking a returned packet needs: the
// project's id and the secret that signed its packets. It never creates
// the secret: a project without one wrote no packet (a copy made with
// `focal copy` never holds the master's), so it refuses, saying to
// import on the master project.
func (st *Study) MemberCheckReturns(ctx context.Context, p Person) (projectID string, secret []byte, err error) {
	if err := p.mayAct(); err != nil {
		return "", nil, err
	}
	project, err := st.store.Project(ctx)
	if err != nil {
		return "", nil, err
	}
	secret, ok, err := st.store.StoredMemberCheckSecret(ctx)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return "", nil, fmt.Errorf("%w: this project wrote no member-check packet and holds no key to check one (a copy made with `focal copy` never does); import the answers on the master project, the one the packets were written from (nothing was stored)", ErrNotMaster)
	}
	return project.ID, secret, nil
}

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
// harmless). ReceivedAt defaults to now. Answers of a participant who
// withdrew are refused, all of them, and nothing is recorded: a withdrawn
// participant's words and answers stay out of the study.
func (st *Study) RecordMemberCheckAnswers(ctx context.Context, p Person, answers []store.MemberCheckAnswer) (store.MemberCheckRecorded, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.MemberCheckRecorded
		return z0, err
	}
	if err := st.refuseWithdrawn(ctx, answers); err != nil {
		return store.MemberCheckRecorded{}, err
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

// AcceptsAnswersOf says whether answers of a participant may be recorded:
// an error (ErrParticipantWithdrawn, naming them and what to do) when they
// withdrew. RecordMemberCheckAnswers asks it of every answer; an import
// asks it first, so that a withdrawn participant's packet is refused as a
// whole, even one without a valid answer.
func (st *Study) AcceptsAnswersOf(ctx context.Context, participant string) error {
	return st.refuseWithdrawn(ctx, []store.MemberCheckAnswer{{Participant: participant}})
}

// refuseWithdrawn refuses answers when any of them is a withdrawn
// participant's, naming the participant and what to do.
func (st *Study) refuseWithdrawn(ctx context.Context, answers []store.MemberCheckAnswer) error {
	if len(answers) == 0 {
		return nil
	}
	withdrawals, err := st.store.Withdrawals(ctx)
	if err != nil {
		return err
	}
	for _, a := range answers {
		for _, w := range withdrawals {
			if w.Participant != a.Participant {
				continue
			}
			when := w.WithdrawnAt
			if len(when) >= 10 {
				when = when[:10]
			}
			return withdrawnError{participant: a.Participant, when: when}
		}
	}
	return nil
}

// withdrawnError refuses the answers of a withdrawn participant; it is
// ErrParticipantWithdrawn.
type withdrawnError struct{ participant, when string }

func (e withdrawnError) Error() string {
	return fmt.Sprintf("%s withdrew from the study on %s, so their answers are not recorded (nothing was stored); do not import them again, and keep or delete the returned answers as your study's protocol for withdrawals says",
		e.participant, e.when)
}

func (e withdrawnError) Is(target error) bool { return target == ErrParticipantWithdrawn }
