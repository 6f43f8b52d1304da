package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
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

// MergeSpeakers reads two speakers of one source as one person: the turns
// of from become turns of into and from is removed ("Interviewer1" and
// "Interviewer 1"). The text, the labels as written and every coding stay
// as they are. Speakers with different roles or participants are refused
// until the researcher says which is right. Logged, and undone by undo.
func (st *Study) MergeSpeakers(ctx context.Context, p Person, sourceID, from, into string) (store.SpeakerMerge, error) {
	if err := p.mayAct(); err != nil {
		return store.SpeakerMerge{}, err
	}
	return st.store.MergeSpeakers(p.ctx(ctx), sourceID, from, into)
}

// Speakers lists speakers, of one source or (sourceID "") of all.
func (st *Study) Speakers(ctx context.Context, sourceID string) ([]corpus.Speaker, error) {
	return st.store.Speakers(ctx, sourceID)
}
