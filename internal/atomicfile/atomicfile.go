// Package atomicfile writes a file so that readers see either its old
// content or its complete new content, never a part: the content goes to a
// temporary file in the same directory, which is synced to disk and then
// renamed over the target (rename is atomic within a file system on POSIX
// systems, rename(2); on Windows, MoveFileEx with MOVEFILE_REPLACE_EXISTING).
//
// Every file steppe writes for the user (run results, posteriors, designs,
// reports) goes through WriteFile, so that an error or an interrupt leaves
// nothing half-written and every such file gets the same permissions.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// WriteFile writes the output of write to path. The file is created with
// permissions perm less the process's umask, as os.WriteFile creates a new
// file; an existing file at path is replaced and takes those permissions
// too. write gets a buffered writer; if it returns an error, or any step
// fails, nothing is left behind and path is unchanged.
//
// Errors from the file system are *fs.PathError values naming path (not the
// temporary file), with Op "create" when the temporary file cannot be made
// (a missing directory, no permission), "write", "sync" or "close" when its
// content cannot be stored, and "rename" when it cannot replace path (for
// example, path is a directory). An error from write is returned as it is.
func WriteFile(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	f, err := createTemp(path, perm)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return pathError("write", path, err)
	}
	if err := f.Sync(); err != nil {
		return pathError("sync", path, err)
	}
	if err := f.Close(); err != nil {
		return pathError("close", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return pathError("rename", path, err)
	}
	return nil
}

// createTemp creates a new file beside path with permissions perm (less the
// umask, which the system applies at creation). os.CreateTemp would create
// it 0600 and need a chmod that cannot know the umask.
func createTemp(path string, perm fs.FileMode) (*os.File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	for range 10000 {
		name := filepath.Join(dir, fmt.Sprintf(".%s.tmp%08x", base, rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, pathError("create", path, err)
		}
		return f, nil
	}
	return nil, pathError("create", path, errors.New("no unused temporary file name"))
}

// pathError reports err against path, with the underlying cause of a
// *fs.PathError or *os.LinkError about the temporary file.
func pathError(op, path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}
