package event

// Kind names what an event records, as "subject.change". It is a string
// (an alias) so that the log's text and older records need no conversion;
// the kinds themselves are the named constants below.
type Kind = string

// The kinds of event. Each is written by one kind of user action (or by
// several steps of one action, which share the action id).
const (
	ProjectCreated Kind = "project.created"

	SourceImported  Kind = "source.imported"
	SourceRenamed   Kind = "source.renamed"
	SourceRegrouped Kind = "source.regrouped"
	SourceRemoved   Kind = "source.removed"
	SourceDone      Kind = "source.done"
	SourceUndone    Kind = "source.undone"
	SourceCorrected Kind = "source.corrected"

	SpeakerRoleSet Kind = "speaker.role-set"
	SpeakerLinked  Kind = "speaker.linked"
	SpeakerMerged  Kind = "speaker.merged"

	ParticipantCreated       Kind = "participant.created"
	ParticipantAttributesSet Kind = "participant.attributes-set"
	ParticipantPseudonymSet  Kind = "participant.pseudonym-set"
	ParticipantWithdrawn     Kind = "participant.withdrawn"

	CoderAdded  Kind = "coder.added"
	BlindingOn  Kind = "blinding.on"
	BlindingOff Kind = "blinding.off"

	CodeCreated   Kind = "code.created"
	CodeRenamed   Kind = "code.renamed"
	CodeDescribed Kind = "code.described"
	CodeMoved     Kind = "code.moved"
	CodeMerged    Kind = "code.merged"
	CodeSplit     Kind = "code.split"
	CodeRetired   Kind = "code.retired"

	CodebookFrozen Kind = "codebook.frozen"

	CodingAdded           Kind = "coding.added"
	CodingRemoved         Kind = "coding.removed"
	CodingRemovedWithCode Kind = "coding.removed-with-code"

	MemoAdded  Kind = "memo.added"
	MemoEdited Kind = "memo.edited"

	ThemeCreated    Kind = "theme.created"
	ThemeRenamed    Kind = "theme.renamed"
	ThemeDescribed  Kind = "theme.described"
	ThemeAssigned   Kind = "theme.assigned"
	ThemeUnassigned Kind = "theme.unassigned"
	ThemeRemoved    Kind = "theme.removed"

	ConsensusAdded    Kind = "consensus.added"
	ConsensusDecided  Kind = "consensus.decided"
	ConsensusRemoved  Kind = "consensus.removed"
	ConsensusComplete Kind = "consensus.complete"
	ConsensusPartial  Kind = "consensus.partial"

	DeidScanned       Kind = "deid.scanned"
	DeidScanCompleted Kind = "deid.scan-completed"
	DeidAccepted      Kind = "deid.accepted"
	DeidRejected      Kind = "deid.rejected"
	DeidReopened      Kind = "deid.reopened"
	DeidApplied       Kind = "deid.applied"
	DeidWordAdded     Kind = "deid.word-added"
	DeidWordChanged   Kind = "deid.word-changed"
	DeidWordRemoved   Kind = "deid.word-removed"
	DeidAllowed       Kind = "deid.allowed"
	DeidDisallowed    Kind = "deid.disallowed"
	DeidNameAdded     Kind = "deid.name-added"
	DeidNameChanged   Kind = "deid.name-changed"
	DeidNameRemoved   Kind = "deid.name-removed"

	// SuggestionRejected records a coder saying a suggested passage is not
	// for a code: it is never suggested to them again for that code.
	SuggestionRejected Kind = "suggestion.rejected"

	MemberCheckSecretCreated  Kind = "membercheck.secret-created"
	MemberCheckTemplateSet    Kind = "membercheck.template-set"
	MemberCheckPacketWritten  Kind = "membercheck.packet-written"
	MemberCheckAnswered       Kind = "membercheck.answered"
	MemberCheckQuoteCleared   Kind = "membercheck.quote-cleared"
	MemberCheckQuoteUncleared Kind = "membercheck.quote-uncleared"
	MemberCheckReturnSet      Kind = "membercheck.return-set"

	PackMerged          Kind = "pack.merged"
	InterchangeImported Kind = "interchange.imported"
	TeamAdded           Kind = "team.added"
	TeamRemoved         Kind = "team.removed"

	Undo Kind = "undo"
	Redo Kind = "redo"
)

// Kinds lists every kind this Focal writes, in the order above.
func Kinds() []Kind {
	return []Kind{ProjectCreated,
		SourceImported, SourceRenamed, SourceRegrouped, SourceRemoved, SourceDone, SourceUndone, SourceCorrected,
		SpeakerRoleSet, SpeakerLinked, SpeakerMerged,
		ParticipantCreated, ParticipantAttributesSet, ParticipantPseudonymSet, ParticipantWithdrawn,
		CoderAdded, BlindingOn, BlindingOff,
		CodeCreated, CodeRenamed, CodeDescribed, CodeMoved, CodeMerged, CodeSplit, CodeRetired,
		CodebookFrozen,
		CodingAdded, CodingRemoved, CodingRemovedWithCode,
		MemoAdded, MemoEdited,
		ThemeCreated, ThemeRenamed, ThemeDescribed, ThemeAssigned, ThemeUnassigned, ThemeRemoved,
		ConsensusAdded, ConsensusDecided, ConsensusRemoved, ConsensusComplete, ConsensusPartial,
		DeidScanned, DeidScanCompleted, DeidAccepted, DeidRejected, DeidReopened, DeidApplied,
		DeidWordAdded, DeidWordChanged, DeidWordRemoved, DeidAllowed, DeidDisallowed,
		DeidNameAdded, DeidNameChanged, DeidNameRemoved,
		SuggestionRejected,
		MemberCheckSecretCreated, MemberCheckTemplateSet, MemberCheckPacketWritten, MemberCheckAnswered,
		MemberCheckQuoteCleared, MemberCheckQuoteUncleared, MemberCheckReturnSet,
		PackMerged, InterchangeImported, TeamAdded, TeamRemoved,
		Undo, Redo}
}

// Known reports whether this Focal writes events of kind k.
func Known(k Kind) bool {
	for _, known := range Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

// IsWork reports whether events of kind k are a coder's own work, which a
// pack carries and a merge applies, rather than a change to the codebook
// or the project (which belong to the master copy).
func IsWork(k Kind) bool {
	switch k {
	case CodingAdded, CodingRemoved, CodeCreated, MemoAdded, MemoEdited, SourceDone, SourceUndone, SuggestionRejected:
		return true
	}
	return false
}
