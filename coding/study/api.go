package study

import "github.com/focalqda/focal/coding/store"

// The core's vocabulary for what front ends pass in and get back: the
// inputs of actions, query filters and reports. They are the store's types
// for now; front ends name them here so that none needs coding/store.

type (
	// AddCodingResult says what AddCoding did.
	AddCodingResult = store.AddCodingResult
	// Blinding says whether blind coding is in force and why.
	Blinding = store.Blinding
	// CodeDescription holds the fields `code describe` may change; nil leaves a field as it is.
	CodeDescription = store.CodeDescription
	// CodeFilter narrows a code listing.
	CodeFilter = store.CodeFilter
	// CodebookVersion is a named snapshot of the codebook.
	CodebookVersion = store.CodebookVersion
	// CodingFilter narrows a coding listing; empty fields match everything.
	CodingFilter = store.CodingFilter
	// CodingRow is one line of a coding import.
	CodingRow = store.CodingRow
	// CodingSpan is where a coding is now.
	CodingSpan = store.CodingSpan
	// ConsensusCoding is a consensus coding with its provenance.
	ConsensusCoding = store.ConsensusCoding
	// ConsensusState is a source's consensus status.
	ConsensusState = store.ConsensusState
	// Correction is a fix to a source's stored text made after coding began.
	Correction = store.Correction
	// CorrectionResult reports what a correction did to the codings.
	CorrectionResult = store.CorrectionResult
	// DataCode is a code in ProjectData.
	DataCode = store.DataCode
	// DataCoder is a coder in ProjectData.
	DataCoder = store.DataCoder
	// DataCoding is a coding in ProjectData.
	DataCoding = store.DataCoding
	// DataMemo is a memo in ProjectData.
	DataMemo = store.DataMemo
	// DataParticipant is a participant in ProjectData.
	DataParticipant = store.DataParticipant
	// DataSource is a source in ProjectData.
	DataSource = store.DataSource
	// DataSpeaker names a speaker of a source.
	DataSpeaker = store.DataSpeaker
	// DataTheme is a theme in ProjectData, named by its path.
	DataTheme = store.DataTheme
	// DeidApplyResult says what writing replacements into a source's text did.
	DeidApplyResult = store.DeidApplyResult
	// DeidDecision accepts or rejects findings.
	DeidDecision = store.DeidDecision
	// DeidFilter narrows a listing of findings; empty fields match all.
	DeidFilter = store.DeidFilter
	// DeidFinding is one place in a source that may identify someone, with the researchers' decision on it.
	DeidFinding = store.DeidFinding
	// Event is one entry of the append-only log.
	Event = store.Event
	// Export is a project read for an interchange file, with what such a file cannot hold counted so that the export can say so.
	Export = store.Export
	// ExportOptions choose what ExportProject reads.
	ExportOptions = store.ExportOptions
	// ImportOptions describe the file an import comes from, for the log.
	ImportOptions = store.ImportOptions
	// ImportResult says what ImportProject did.
	ImportResult = store.ImportResult
	// MemberCheckAnswer is a participant's current answer to one item of their packet.
	MemberCheckAnswer = store.MemberCheckAnswer
	// MemoFilter narrows a memo listing; empty fields match everything.
	MemoFilter = store.MemoFilter
	// MemoTarget names what a memo is about, the way a researcher types it.
	MemoTarget = store.MemoTarget
	// MergeOptions choose how MergePack treats a pack.
	MergeOptions = store.MergeOptions
	// MergeReport says what MergePack did.
	MergeReport = store.MergeReport
	// NewCode describes a code to create.
	NewCode = store.NewCode
	// NewCoding is a span of a source to be coded.
	NewCoding = store.NewCoding
	// NewSource is a transcript ready to be saved by ImportSource.
	NewSource = store.NewSource
	// NewTeamKey is a key to let in.
	NewTeamKey = store.NewTeamKey
	// NewTheme describes a theme to create.
	NewTheme = store.NewTheme
	// PackRequest says whose work a pack carries and from when.
	PackRequest = store.PackRequest
	// Packet is a member-check packet written for a participant.
	Packet = store.Packet
	// Progress is one coder's state on one source.
	Progress = store.Progress
	// ProjectData is a project, or the part of one that an interchange file brings, in the shape exchange formats need: coders, the code tree, sources with their text, codings, themes, memos and participants, each with its UUID.
	ProjectData = store.ProjectData
	// Recoded says what RecodeCoding did.
	Recoded = store.Recoded
	// Resolution is the team's decision on one place where coders differ.
	Resolution = store.Resolution
	// SpeakerMerge says what MergeSpeakers did.
	SpeakerMerge = store.SpeakerMerge
	// SeedResult says what seeding added.
	SeedResult = store.SeedResult
	// TeamKey is an SSH public key that lets one coder into the team server (`focal serve`), who then works as that coder with that coder's role.
	TeamKey = store.TeamKey
	// ThemeCodeMove says what MoveCodeBetweenThemes did.
	ThemeCodeMove = store.ThemeCodeMove
	// ThemeCodesChange says what AssignCodes or UnassignCodes did.
	ThemeCodesChange = store.ThemeCodesChange
	// ThemeDescription holds what `theme describe` may change.
	ThemeDescription = store.ThemeDescription
	// ThemeFilter narrows a theme listing.
	ThemeFilter = store.ThemeFilter
	// ThemeRemoval says what RemoveTheme removed.
	ThemeRemoval = store.ThemeRemoval
	// Undone describes what Undo reversed.
	Undone = store.Undone
	// UnitFunc computes sentence and word units of a text's utterances.
	UnitFunc = store.UnitFunc
	// Withdrawal is a participant who withdrew from the study.
	Withdrawal = store.Withdrawal
)

const (
	ConsensusCoder    = store.ConsensusCoder
	ConsensusComplete = store.ConsensusComplete
	ConsensusNone     = store.ConsensusNone
	ConsensusPartial  = store.ConsensusPartial
	DecisionBoth      = store.DecisionBoth
	DecisionDrop      = store.DecisionDrop
	DecisionOverlap   = store.DecisionOverlap
	DecisionSpan      = store.DecisionSpan
	DecisionTake      = store.DecisionTake
	DeidAccepted      = store.DeidAccepted
	DeidRejected      = store.DeidRejected
	MemoOnCode        = store.MemoOnCode
	MemoOnCoding      = store.MemoOnCoding
	MemoOnProject     = store.MemoOnProject
	MemoOnSource      = store.MemoOnSource
	MemoOnTheme       = store.MemoOnTheme
	MemoOnTurn        = store.MemoOnTurn
)

var (
	ErrNoCoder     = store.ErrNoCoder
	ErrNotFound    = store.ErrNotFound
	ErrPackRefused = store.ErrPackRefused
)

// Added for the CLI's exports, de-identification, member checking, packs
// and the team server.
type (
	// FlaggedCoding is a coding whose own words changed in a correction.
	FlaggedCoding = store.FlaggedCoding
	// DeidWord is a word or phrase on the project's list, with its replacement.
	DeidWord = store.DeidWord
	// DeidName is a name on the project's name list (a nickname, a person,
	// a place, an institution), matched whatever its case and accents.
	DeidName = store.DeidName
	// DeidAllowance is a word (or a word in a phrase) the gate lets through.
	DeidAllowance = store.DeidAllowance
	// KeyEntry is one participant of the study's key file.
	KeyEntry = store.KeyEntry
	// TeamAdded says what AddTeamKey did.
	TeamAdded = store.TeamAdded
	// MemberCheckRecorded says what RecordMemberCheckAnswers did.
	MemberCheckRecorded = store.MemberCheckRecorded
	// ProjectInfo describes the open project (its id, title and schema).
	ProjectInfo = store.Project
)
