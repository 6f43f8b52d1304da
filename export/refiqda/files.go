package refiqda

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/focalqda/focal/coding"
)

// Limits that keep a damaged or hostile file from exhausting memory
// (docs/LIMITS.md). Sizes are checked against what the archive's directory
// or the file system says before anything is read; archive/zip never reads
// an entry past the size its directory states.
const (
	// MaxArchiveEntries bounds the entries of a .qdpx archive.
	MaxArchiveEntries = 10000
	// MaxProjectBytes bounds project.qde (or a bare .qde or .qdc).
	MaxProjectBytes = 32 << 20
	// MaxTextBytes bounds one source's text, as a file or inside the XML.
	MaxTextBytes = 4 << 20
	// MaxReadBytes bounds everything read: the project file and every text
	// and note it names (pictures, audio, video and rich-text copies are
	// not read and do not count).
	MaxReadBytes = 32 << 20
)

// ErrLimit marks a file refused because it is over one of the limits.
var ErrLimit = errors.New("over a limit for REFI-QDA files (docs/LIMITS.md)")

// limitError says which limit a file is over.
func limitError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrLimit, fmt.Sprintf(format, args...))
}

// fileSource opens the files a project refers to with internal:// paths.
type fileSource interface {
	// open returns the bytes of the file named by an internal:// path, or
	// found == false when there is no such file.
	open(name string) (data []byte, found bool, err error)
	// stat returns, without reading it, the size of the file open would
	// read and a key that is the same for the same file.
	stat(name string) (key string, size int64, found bool)
}

// ReadFile reads a REFI-QDA project (.qdpx, or a bare .qde next to its
// sources/ folder) or codebook (.qdc). Errors say what is wrong with the
// file in words a researcher can act on; the caller names the file.
func ReadFile(file string) (*Imported, error) {
	f, err := os.Open(file)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, errors.New("no such file")
		case errors.Is(err, os.ErrPermission):
			return nil, errors.New("permission denied")
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errors.New("it is a folder, not a REFI-QDA file")
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	ext := strings.ToLower(filepath.Ext(file))
	if n == 4 && bytes.Equal(head, []byte("PK\x03\x04")) {
		return ReadQDPX(f, fi.Size())
	}
	if ext == ".qdpx" {
		return nil, errors.New("not a REFI-QDA project: a .qdpx file is a zip archive with a project.qde inside, and this is not a zip archive")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if fi.Size() > MaxProjectBytes {
		return nil, limitError("the project file is %s; it may be at most %s", coding.SizeText(fi.Size()), coding.SizeText(MaxProjectBytes))
	}
	data, err := readLimited(f, MaxProjectBytes, filepath.Base(file))
	if err != nil {
		return nil, err
	}
	return ReadXML(data, dirFiles{dir: filepath.Dir(file)})
}

// ReadQDPX reads a project exchange file (a zip archive).
func ReadQDPX(r io.ReaderAt, size int64) (*Imported, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable zip archive (%v); a .qdpx file is a zip archive with a project.qde inside", err)
	}
	if len(zr.File) > MaxArchiveEntries {
		return nil, limitError("the archive holds %d entries; a .qdpx may hold at most %d", len(zr.File), MaxArchiveEntries)
	}
	z := zipFiles{byName: map[string]*zip.File{}, byBase: map[string][]*zip.File{}}
	var qdes []*zip.File
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		z.byName[name] = f
		z.byBase[path.Base(name)] = append(z.byBase[path.Base(name)], f)
		if path.Ext(name) == ".qde" {
			qdes = append(qdes, f)
		}
	}
	qde, err := chooseQDE(qdes)
	if err != nil {
		return nil, err
	}
	z.base = path.Dir(strings.ToLower(strings.ReplaceAll(qde.Name, `\`, "/")))
	if qde.UncompressedSize64 > MaxProjectBytes {
		return nil, limitError("%q is %s uncompressed; a project file may be at most %s", qde.Name, coding.SizeText(int64(min(qde.UncompressedSize64, 1<<62))), coding.SizeText(MaxProjectBytes))
	}
	data, err := readZipEntry(qde, MaxProjectBytes)
	if err != nil {
		return nil, err
	}
	return ReadXML(data, z)
}

// chooseQDE picks the project file of an archive: project.qde (any case)
// at the top, else the only .qde at the top, else the only one anywhere.
func chooseQDE(qdes []*zip.File) (*zip.File, error) {
	var top []*zip.File
	for _, f := range qdes {
		if !strings.ContainsAny(f.Name, `/\`) {
			if strings.EqualFold(f.Name, "project.qde") {
				return f, nil
			}
			top = append(top, f)
		}
	}
	switch {
	case len(top) == 1:
		return top[0], nil
	case len(top) == 0 && len(qdes) == 1:
		return qdes[0], nil
	case len(qdes) == 0:
		return nil, errors.New("the archive has no .qde project file; it is not a REFI-QDA project")
	}
	var names []string
	for _, f := range qdes {
		names = append(names, strconv.Quote(f.Name))
	}
	return nil, fmt.Errorf("the archive holds several project files (%s); a .qdpx holds one project", strings.Join(names, ", "))
}

func readZipEntry(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%q is larger than %d MB", f.Name, limit>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot read %q in the archive: %v", f.Name, err)
	}
	defer rc.Close()
	data, err := readLimited(rc, limit, strconv.Quote(f.Name))
	if err != nil {
		return nil, fmt.Errorf("cannot read %q in the archive: %v", f.Name, err)
	}
	return data, nil
}

func readLimited(r io.Reader, limit int64, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, limitError("%s is larger than %s", name, coding.SizeText(limit))
	}
	return data, nil
}

// zipFiles finds internal:// files in the archive: in sources/ (any case)
// beside the .qde, beside the .qde itself, or anywhere when the name is
// unique.
type zipFiles struct {
	base   string
	byName map[string]*zip.File
	byBase map[string][]*zip.File
}

func (z zipFiles) open(name string) ([]byte, bool, error) {
	if f := z.find(name); f != nil {
		data, err := readZipEntry(f, MaxTextBytes)
		return data, true, err
	}
	return nil, false, nil
}

func (z zipFiles) stat(name string) (string, int64, bool) {
	if f := z.find(name); f != nil {
		return f.Name, int64(min(f.UncompressedSize64, 1<<62)), true
	}
	return "", 0, false
}

// find is the entry an internal:// name points to, or nil.
func (z zipFiles) find(name string) *zip.File {
	name = strings.ToLower(name)
	for _, p := range []string{path.Join(z.base, "sources", name), path.Join(z.base, name)} {
		if f := z.byName[p]; f != nil {
			return f
		}
	}
	if fs := z.byBase[name]; len(fs) == 1 {
		return fs[0]
	}
	return nil
}

// dirFiles finds internal:// files of a bare .qde in the sources/ or
// Sources/ folder beside it, or beside it.
type dirFiles struct{ dir string }

func (d dirFiles) open(name string) ([]byte, bool, error) {
	for _, sub := range []string{"sources", "Sources", ""} {
		f, err := os.Open(filepath.Join(d.dir, sub, name))
		if err != nil {
			continue
		}
		data, err := readLimited(f, MaxTextBytes, name)
		f.Close()
		return data, true, err
	}
	return nil, false, nil
}

func (d dirFiles) stat(name string) (string, int64, bool) {
	for _, sub := range []string{"sources", "Sources", ""} {
		p := filepath.Join(d.dir, sub, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, fi.Size(), true
		}
	}
	return "", 0, false
}

// internalName returns the file name of an internal:// path, or "" when
// the path points outside the project (relative://, absolute://, a URL) or
// tries to leave its folder.
func internalName(p string) string {
	const prefix = "internal://"
	if len(p) < len(prefix) || !strings.EqualFold(p[:len(prefix)], prefix) {
		return ""
	}
	name := strings.TrimLeft(p[len(prefix):], `/\`)
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return ""
	}
	return name
}

// decodeText turns the bytes of a source or note into text: a UTF-8
// byte-order mark is dropped, UTF-16 with a byte-order mark is converted,
// and text that is not UTF-8 is read as Windows-1252 (note says so).
func decodeText(data []byte) (text, note string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
	case len(data) >= 2 && (bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})):
		big := data[0] == 0xFE
		data = data[2:]
		units := make([]uint16, len(data)/2)
		for i := range units {
			if big {
				units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		return string(utf16.Decode(units)), "the text is in UTF-16; it was converted"
	}
	if utf8.Valid(data) {
		return string(data), ""
	}
	decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD"), "the text is not valid UTF-8; invalid bytes were replaced"
	}
	return string(decoded), "the text is not UTF-8; it was read as Windows-1252"
}
