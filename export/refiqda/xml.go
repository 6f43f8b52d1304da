package refiqda

import "encoding/xml"

// The namespaces of the two schemas. Readers match elements by local name,
// so variants such as urn:QDA-XML:codebook:1:0 read as well.
const (
	nsProject  = "urn:QDA-XML:project:1.0"
	nsCodebook = "urn:QDA-XML:codebook:1.0"
)

// The types below follow Project-mrt2019.xsd: field order is the schema's
// element order, so that what is written validates. Numbers are kept as
// strings so that a bad one is reported with its element, not as a bare
// strconv error.

type xProject struct {
	XMLName           xml.Name
	Name              string      `xml:"name,attr"`
	Origin            string      `xml:"origin,attr,omitempty"`
	CreatingUserGUID  string      `xml:"creatingUserGUID,attr,omitempty"`
	CreationDateTime  string      `xml:"creationDateTime,attr,omitempty"`
	ModifyingUserGUID string      `xml:"modifyingUserGUID,attr,omitempty"`
	ModifiedDateTime  string      `xml:"modifiedDateTime,attr,omitempty"`
	BasePath          string      `xml:"basePath,attr,omitempty"`
	Users             *xUsers     `xml:"Users"`
	CodeBook          *xCodeBook  `xml:"CodeBook"`
	Variables         *xVariables `xml:"Variables"`
	Cases             *xCases     `xml:"Cases"`
	Sources           *xSources   `xml:"Sources"`
	Notes             *xNotes     `xml:"Notes"`
	Links             *xCount     `xml:"Links"`
	Sets              *xSets      `xml:"Sets"`
	Graphs            *xCount     `xml:"Graphs"`
	Description       *string     `xml:"Description"`
	NoteRefs          []xRef      `xml:"NoteRef"`
}

type xUsers struct {
	Users []xUser `xml:"User"`
}

type xUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

type xCodeBook struct {
	Codes *xCodes `xml:"Codes"`
}

type xCodes struct {
	Codes []xCode `xml:"Code"`
}

type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   string  `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description *string `xml:"Description"`
	NoteRefs    []xRef  `xml:"NoteRef"`
	Codes       []xCode `xml:"Code"`
}

type xVariables struct {
	Variables []xVariable `xml:"Variable"`
}

type xVariable struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	Type        string  `xml:"typeOfVariable,attr"`
	Description *string `xml:"Description"`
}

type xCases struct {
	Cases []xCase `xml:"Case"`
}

type xCase struct {
	GUID          string           `xml:"guid,attr"`
	Name          string           `xml:"name,attr,omitempty"`
	Description   *string          `xml:"Description"`
	CodeRefs      []xRef           `xml:"CodeRef"`
	Values        []xVariableValue `xml:"VariableValue"`
	SourceRefs    []xRef           `xml:"SourceRef"`
	SelectionRefs []xRef           `xml:"SelectionRef"`
}

type xVariableValue struct {
	VariableRef   xRef    `xml:"VariableRef"`
	TextValue     *string `xml:"TextValue"`
	BooleanValue  *string `xml:"BooleanValue"`
	IntegerValue  *string `xml:"IntegerValue"`
	FloatValue    *string `xml:"FloatValue"`
	DateValue     *string `xml:"DateValue"`
	DateTimeValue *string `xml:"DateTimeValue"`
}

// xSources is a choice of source kinds in any order; Focal writes text
// sources only.
type xSources struct {
	Text    []xTextSource  `xml:"TextSource"`
	Picture []xMediaSource `xml:"PictureSource"`
	PDF     []xPDFSource   `xml:"PDFSource"`
	Audio   []xMediaSource `xml:"AudioSource"`
	Video   []xMediaSource `xml:"VideoSource"`
}

// xTextSource is TextSourceType: text sources, notes, PDF representations.
type xTextSource struct {
	GUID             string           `xml:"guid,attr"`
	Name             string           `xml:"name,attr,omitempty"`
	RichTextPath     string           `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string           `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string           `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string           `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string           `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string           `xml:"modifiedDateTime,attr,omitempty"`
	Description      *string          `xml:"Description"`
	PlainTextContent *string          `xml:"PlainTextContent"`
	Selections       []xSelection     `xml:"PlainTextSelection"`
	Codings          []xCoding        `xml:"Coding"`
	NoteRefs         []xRef           `xml:"NoteRef"`
	Values           []xVariableValue `xml:"VariableValue"`
}

type xSelection struct {
	GUID             string    `xml:"guid,attr"`
	Name             string    `xml:"name,attr,omitempty"`
	StartPosition    string    `xml:"startPosition,attr"`
	EndPosition      string    `xml:"endPosition,attr"`
	CreatingUser     string    `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string    `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string    `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string    `xml:"modifiedDateTime,attr,omitempty"`
	Description      *string   `xml:"Description"`
	Codings          []xCoding `xml:"Coding"`
	NoteRefs         []xRef    `xml:"NoteRef"`
}

type xCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          *xRef  `xml:"CodeRef"`
	NoteRefs         []xRef `xml:"NoteRef"`
}

// xRef is every *Ref element. The codebook schema's MemberCode names its
// code with guid instead of targetGUID; reading accepts both.
type xRef struct {
	TargetGUID string `xml:"targetGUID,attr,omitempty"`
	GUID       string `xml:"guid,attr,omitempty"`
}

// target is the GUID the reference points to.
func (r xRef) target() string {
	if r.TargetGUID != "" {
		return r.TargetGUID
	}
	return r.GUID
}

// xMediaSource reads picture, audio and video sources, which Focal does not
// import; it keeps enough to report what was left out.
type xMediaSource struct {
	GUID            string           `xml:"guid,attr"`
	Name            string           `xml:"name,attr"`
	Selections      []xMediaSelected `xml:"PictureSelection"`
	AudioSelections []xMediaSelected `xml:"AudioSelection"`
	VideoSelections []xMediaSelected `xml:"VideoSelection"`
	Transcripts     []xTranscript    `xml:"Transcript"`
	Codings         []xCoding        `xml:"Coding"`
}

type xMediaSelected struct {
	Codings []xCoding `xml:"Coding"`
}

type xTranscript struct {
	Selections []xMediaSelected `xml:"TranscriptSelection"`
}

// xPDFSource reads PDF sources: their text representation is imported as
// a text source; regions are not.
type xPDFSource struct {
	GUID           string           `xml:"guid,attr"`
	Name           string           `xml:"name,attr"`
	Selections     []xMediaSelected `xml:"PDFSelection"`
	Representation *xTextSource     `xml:"Representation"`
	Codings        []xCoding        `xml:"Coding"`
}

type xNotes struct {
	Notes []xTextSource `xml:"Note"`
}

type xSets struct {
	Sets []xSet `xml:"Set"`
}

type xSet struct {
	GUID          string  `xml:"guid,attr"`
	Name          string  `xml:"name,attr"`
	Description   *string `xml:"Description"`
	MemberCodes   []xRef  `xml:"MemberCode"`
	MemberSources []xRef  `xml:"MemberSource"`
	MemberNotes   []xRef  `xml:"MemberNote"`
}

// xCount reads Links and Graphs only to count them for the report.
type xCount struct {
	Items []struct{} `xml:",any"`
}

// xCodebookFile is the root of a .qdc file (Codebook.xsd).
type xCodebookFile struct {
	XMLName xml.Name
	Origin  string  `xml:"origin,attr,omitempty"`
	Codes   *xCodes `xml:"Codes"`
	Sets    *xSets  `xml:"Sets"`
}

// The codebook schema's own element types, for writing: its codes have no
// NoteRef and its MemberCode names the code with guid.

type wCodebook struct {
	XMLName xml.Name
	Origin  string   `xml:"origin,attr,omitempty"`
	Codes   wCBCodes `xml:"Codes"`
	Sets    *wCBSets `xml:"Sets"`
}

type wCBCodes struct {
	Codes []wCBCode `xml:"Code"`
}

type wCBCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   string    `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description *string   `xml:"Description"`
	Codes       []wCBCode `xml:"Code"`
}

type wCBSets struct {
	Sets []wCBSet `xml:"Set"`
}

type wCBSet struct {
	GUID        string      `xml:"guid,attr"`
	Name        string      `xml:"name,attr"`
	Description *string     `xml:"Description"`
	MemberCodes []wCBMember `xml:"MemberCode"`
}

type wCBMember struct {
	GUID string `xml:"guid,attr"`
}
