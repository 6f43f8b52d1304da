package study

import (
	"context"

	"github.com/focalqda/focal/corpus"
)

// LinkSpeaker says that a speaker of a source is the given participant,
// creating the participant when new.
func (st *Study) LinkSpeaker(ctx context.Context, p Person, sourceID string, speaker string, participant string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.LinkSpeaker(p.ctx(ctx), sourceID, speaker, participant)
}

// Participants lists participants with their attributes and speakers.
func (st *Study) Participants(ctx context.Context) ([]corpus.Participant, error) {
	return st.store.Participants(ctx)
}

// SetParticipantAttributes sets attributes (key → value) of participants,
// creating participants that are new. An empty value removes the attribute.
// All rows are applied in one transaction.
func (st *Study) SetParticipantAttributes(ctx context.Context, p Person, rows map[string]map[string]string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.SetParticipantAttributes(p.ctx(ctx), rows)
}

// SetSpeakerRole marks a speaker as a participant or a moderator; moderator
// turns are left out of analysis by default.
func (st *Study) SetSpeakerRole(ctx context.Context, p Person, sourceID string, speaker string, role string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.SetSpeakerRole(p.ctx(ctx), sourceID, speaker, role)
}

// Speakers lists speakers, of one source or (sourceID "") of all.
func (st *Study) Speakers(ctx context.Context, sourceID string) ([]corpus.Speaker, error) {
	return st.store.Speakers(ctx, sourceID)
}
