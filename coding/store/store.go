// Package store owns Focal's project file: the one SQLite database that
// holds a study. It is the only package that speaks SQL; every user action
// is one short immediate transaction that also appends to the event log.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/focalqda/focal/coding/event"
)

// applicationID marks an SQLite file as a Focal project ("FOCL").
const applicationID = 0x464F434C

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNotProject is returned when a file is not a Focal project.
var ErrNotProject = errors.New("not a Focal project")

// ErrNotFound is returned when a named thing does not exist.
var ErrNotFound = errors.New("not found")

// Store is an open project file.
type Store struct {
	db *sql.DB
	// rd runs the store's reads: the pool, or one connection holding a
	// read transaction inside Snapshot.
	rd   reader
	path string
	// snapshot is set on the store Snapshot hands out: it only reads.
	snapshot bool
	// memo keeps what a snapshot read of the whole project once (nil
	// outside a snapshot).
	memo *snapshotMemo
	// Now gives the time stamped on rows and events; tests may replace it.
	Now func() time.Time
}

// SchemaVersion is the newest schema this build of Focal knows.
func SchemaVersion() int {
	n, _ := migrations()
	return len(n)
}

func migrations() ([]string, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

// uriPath escapes what would end the path of an SQLite URI filename (? and
// #) or be read as an escape (%), so that a project in a folder such as
// "group #2" opens that file and not another.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func dsn(path string, readOnly bool) string {
	u := url.URL{Scheme: "file", Opaque: uriPath.Replace(path)}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Set("_txlock", "immediate")
	}
	// url.Values encodes the parentheses; the driver expects them plain.
	enc := strings.NewReplacer("%28", "(", "%29", ")").Replace(q.Encode())
	return u.String() + "?" + enc
}

// Create makes a new project file at path, readable only by its owner, and
// returns it open. It refuses to overwrite an existing file.
func Create(ctx context.Context, path, title string) (*Store, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s already exists; choose another name or remove it first", path)
		}
		return nil, err
	}
	f.Close()
	s, err := openRW(path)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	if err := s.migrate(ctx, 0); err != nil {
		s.Close()
		os.Remove(path)
		return nil, err
	}
	now := s.timestamp()
	id := uuid.NewString()
	err = s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`INSERT INTO project(id, title, created_at) VALUES (?, ?, ?)`, id, title, now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.ProjectCreated, EntityID: id, After: map[string]any{"id": id, "title": title}})
	})
	if err != nil {
		s.Close()
		os.Remove(path)
		return nil, err
	}
	return s, nil
}

// Open opens an existing project file, migrating an older schema. A file
// that is not a Focal project, was written by a newer Focal or is damaged
// is refused and left exactly as it was found: its header is read as
// bytes before SQLite opens it, and the -wal and -shm files SQLite makes
// beside a project it opens are removed again when the file is refused.
func Open(ctx context.Context, path string) (*Store, error) {
	version, err := readHeader(path)
	if err != nil {
		return nil, err
	}
	known := SchemaVersion()
	if version > known {
		return nil, fmt.Errorf("%s was written by a newer Focal (schema %d; this Focal knows up to %d): upgrade Focal to open it", path, version, known)
	}
	missing := missingSidecars(path)
	s, err := openRW(path)
	if err != nil {
		return nil, refuseDamaged(path, err, missing)
	}
	refuse := func(err error) (*Store, error) {
		s.Close()
		return nil, refuseDamaged(path, err, missing)
	}
	// A read of the schema and of the project's rows finds a file damaged
	// past its header before anything is written to it.
	var tables int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&tables); err != nil {
		return refuse(err)
	}
	if version > 0 {
		var projects int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM project`).Scan(&projects); err != nil {
			return refuse(err)
		}
	}
	if version < known {
		// Each migration is a transaction of its own: a failed one leaves
		// the file as the last one that succeeded (and SQLite's files as
		// SQLite leaves them).
		if err := s.migrate(ctx, version); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// isDamage reports whether SQLite found the file damaged.
func isDamage(err error) bool {
	msg := err.Error()
	for _, sign := range []string{"malformed", "not a database", "corrupt", "no such table"} {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}

// refuseDamaged tells why a project that passed its header check could
// not be opened. When SQLite found it damaged, the -wal and -shm files
// that were missing before the open and that the open made are removed
// (closing the store usually has already), so the folder is left as it
// was found; a -wal holding anything is kept, as is everything when the
// cause was another (a busy file, say: another process may be using
// those files).
func refuseDamaged(path string, err error, missing []string) error {
	msg := err.Error()
	if !isDamage(err) {
		if strings.HasPrefix(msg, "open ") {
			return err
		}
		return fmt.Errorf("open %s: %w", path, friendlyDBError(err))
	}
	if fi, statErr := os.Lstat(path + "-wal"); statErr != nil || fi.Size() == 0 {
		for _, name := range missing {
			os.Remove(name)
		}
	}
	return fmt.Errorf("%s is damaged and was left as it was (%s): restore it from a backup", path, strings.TrimPrefix(msg, "open "+path+": "))
}

// missingSidecars lists the -wal and -shm files SQLite keeps beside a
// project that do not exist now.
func missingSidecars(path string) []string {
	var missing []string
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + suffix); errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, path+suffix)
		}
	}
	return missing
}

// readHeader reads the schema version of a project from the first bytes
// of its file (the SQLite header), without opening it with SQLite, which
// would make -wal and -shm files beside it: a file that is not an SQLite
// database, a database of another program, and a file whose size is not a
// whole number of its pages (cut short, or grown) are refused.
func readHeader(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("%s does not exist; create a project with `focal init %s`", path, path)
		}
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if fi.IsDir() {
		return 0, fmt.Errorf("%s: %w (it is a folder)", path, ErrNotProject)
	}
	header := make([]byte, 100)
	n, _ := io.ReadFull(f, header)
	if n < 16 || !bytes.Equal(header[:16], []byte("SQLite format 3\x00")) {
		return 0, fmt.Errorf("%s: %w (it is not an SQLite database)", path, ErrNotProject)
	}
	if n < len(header) {
		return 0, fmt.Errorf("%s is damaged and was left as it was (it ends inside its header): restore it from a backup", path)
	}
	if binary.BigEndian.Uint32(header[68:72]) != applicationID {
		return 0, fmt.Errorf("%s: %w (an SQLite database of another program)", path, ErrNotProject)
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 || fi.Size()%pageSize != 0 {
		return 0, fmt.Errorf("%s is damaged and was left as it was (its size, %d bytes, is not a whole number of its %d-byte pages; it may have been cut short): restore it from a backup",
			path, fi.Size(), pageSize)
	}
	return int(int32(binary.BigEndian.Uint32(header[60:64]))), nil
}

// inspect reads the schema version of a project without writing to it.
func inspect(ctx context.Context, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("%s does not exist; create a project with `focal init %s`", path, path)
		}
		return 0, err
	}
	header := make([]byte, 16)
	n, _ := io.ReadFull(f, header)
	f.Close()
	if n < 16 || !bytes.Equal(header, []byte("SQLite format 3\x00")) {
		return 0, fmt.Errorf("%s: %w (it is not an SQLite database)", path, ErrNotProject)
	}
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return 0, fmt.Errorf("%s: %w (%v)", path, ErrNotProject, err)
	}
	if appID != applicationID {
		return 0, fmt.Errorf("%s: %w (an SQLite database of another program)", path, ErrNotProject)
	}
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return 0, err
	}
	return version, nil
}

func openRW(path string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	// Connections are cheap; a few let readers run beside a writer (WAL).
	db.SetMaxOpenConns(4)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{db: db, rd: db, path: path, Now: time.Now}, nil
}

func (s *Store) migrate(ctx context.Context, from int) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	for i := from; i < len(names); i++ {
		body, err := migrationFiles.ReadFile("migrations/" + names[i])
		if err != nil {
			return err
		}
		err = s.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.Exec(string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", names[i], err)
			}
			if _, err := tx.Exec(`PRAGMA application_id = ` + strconv.Itoa(applicationID)); err != nil {
				return err
			}
			_, err := tx.Exec(`PRAGMA user_version = ` + strconv.Itoa(i+1))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Close closes the project file.
func (s *Store) Close() error {
	if s.snapshot {
		return errors.New("a snapshot is closed by the Snapshot call that made it")
	}
	return s.db.Close()
}

// reader is what the store's reads need of the database: the pool, or the
// connection of a snapshot.
type reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ErrSnapshotReadOnly refuses a change asked of a snapshot.
var ErrSnapshotReadOnly = errors.New("a snapshot of the project only reads; make the change outside it")

// Snapshot runs fn with a store whose every read sees the project as it
// was at fn's first read, whatever other processes write meanwhile: one
// read transaction on one connection (SQLite's WAL keeps that state for
// it). Big reads (agreement, reports, workbooks, REFI-QDA exports) read
// through one, so that what they print adds up. The snapshot store only
// reads; it is valid only inside fn.
func (s *Store) Snapshot(ctx context.Context, fn func(snap *Store) error) error {
	if s.snapshot {
		return fn(s)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return friendlyDBError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN DEFERRED`); err != nil {
		return friendlyDBError(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	snap := *s
	snap.rd, snap.snapshot, snap.memo = conn, true, &snapshotMemo{}
	return fn(&snap)
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

func (s *Store) timestamp() string {
	return s.Now().UTC().Format("2006-01-02T15:04:05.000Z")
}

// Project describes the open project.
type Project struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedAt string `json:"created_at"`
	Schema    int    `json:"schema"`
}

// Project returns the project's identity and title.
func (s *Store) Project(ctx context.Context) (Project, error) {
	var p Project
	err := s.rd.QueryRowContext(ctx, `SELECT id, title, created_at FROM project`).Scan(&p.ID, &p.Title, &p.CreatedAt)
	if err != nil {
		return p, err
	}
	err = s.rd.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&p.Schema)
	return p, err
}
