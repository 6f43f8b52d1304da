package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Every file a command writes under a name the user gave (or a default
// name in the current folder) goes through writeOutputFile: exports,
// coding export, the key file, packs, member-check packets. Those files
// hold participants' words or real names, so the rules are the same for
// all of them:
//
//   - a symbolic link at the name is refused, --force or not: Focal never
//     writes through a link to a file somewhere else;
//   - an existing file is replaced only with --force;
//   - the folder must exist (a mistyped folder is named, not created);
//   - the file is written to a temporary file in the same folder, readable
//     by its owner only (mode 0600), and renamed into place, so a failed
//     write leaves any earlier file as it was, and a replaced file does
//     not keep its old mode.

// forceHelp is the help of every --force that replaces an output.
const forceHelp = "replace the output file(s) if they exist"

// checkOutputFile says why name cannot be written, before any work is
// done: a link, a folder, an existing file without force, a missing
// folder. Errors name the file or folder as the user typed it.
func checkOutputFile(app *App, name string, force bool) error {
	path := app.path(name)
	fi, err := os.Lstat(path)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; Focal does not write through links: name the file itself, or remove the link", name)
	case err == nil && fi.IsDir():
		return fmt.Errorf("%s is a folder; name a file to write", name)
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("%s exists and is not a regular file; name another file", name)
	case err == nil && !force:
		return fmt.Errorf("%s exists; add --force to replace it", name)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: %w", name, friendlyFileError(err))
	}
	return checkOutputFolder(app, filepath.Dir(name))
}

// checkOutputFolder says why files cannot be written in dir (as typed).
func checkOutputFolder(app *App, dir string) error {
	fi, err := os.Stat(app.path(dir))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the folder %s does not exist; create it first, or name a file in a folder that exists", dir)
	case err != nil:
		return fmt.Errorf("cannot write in the folder %s: %w", dir, friendlyFileError(err))
	case !fi.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	}
	return nil
}

// writeOutputFile writes the file the user named with write, by the rules
// above. Errors name the file as the user typed it.
func writeOutputFile(app *App, name string, force bool, write func(io.Writer) error) error {
	if err := checkOutputFile(app, name, force); err != nil {
		return err
	}
	path := app.path(name)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, friendlyFileError(err))
	}
	defer os.Remove(tmp.Name())
	fail := func(err error) error {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fail(err)
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return placeOutputFile(app, tmp.Name(), name, force)
}

// placeOutputFile gives the written temporary file its name. Without
// force a hard link makes it, which fails if anything (a file, a link)
// took the name meanwhile; where links cannot be made, and with force, a
// rename does, which replaces a link itself rather than writing through it.
func placeOutputFile(app *App, tmp, name string, force bool) error {
	path := app.path(name)
	if !force {
		err := os.Link(tmp, path)
		if err == nil {
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			if err := checkOutputFile(app, name, false); err != nil {
				return err
			}
		}
	}
	// Look again just before replacing: the name may have become a link.
	if err := checkOutputFile(app, name, force); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, friendlyFileError(err))
	}
	return nil
}

// csvFormulaHelp says, in the help of every command that writes CSV, what
// is done to cells a spreadsheet would run (package safecsv).
const csvFormulaHelp = `Cells that start with =, +, -, @, a tab or a carriage return would run as
formulas in a spreadsheet (=cmd|'/C calc'!A0 can start a program); they get a
leading apostrophe, which spreadsheets hide. --raw writes them untouched: only
for files that programs which never run formulas read.`

// csvRawHelp is the help of every --raw of a command that writes CSV.
const csvRawHelp = "write cells that look like formulas untouched (unsafe to open in a spreadsheet)"
