package export

import (
	"archive/zip"
	"io"
	"time"
)

// Bundle is a zip archive of the files of an export (a data file, datapackage.json,
// CITATION.cff, README.md), each deflated and dated when the bundle was begun.
type Bundle struct {
	z        *zip.Writer
	modified time.Time
}

// NewBundle begins a bundle written to w.
func NewBundle(w io.Writer) *Bundle {
	return &Bundle{z: zip.NewWriter(w), modified: time.Now().UTC()}
}

// Create adds the file name to the bundle and returns a writer for its content, valid until the
// next Create or Close.
func (b *Bundle) Create(name string) (io.Writer, error) {
	return b.z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: b.modified})
}

// Close writes the archive's directory. It does not close the underlying writer.
func (b *Bundle) Close() error { return b.z.Close() }
