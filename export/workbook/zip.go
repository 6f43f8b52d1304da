package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"runtime"
	"sync"
	"unicode/utf8"
)

// zipChunk is how much of a part one compressor deflates at a time.
const zipChunk = 1 << 20

// parallelZip is the zip writer excelize writes the workbook's parts
// through. It deflates each part in pieces of zipChunk bytes on every
// core, at the fastest level, and joins the pieces into one deflate stream
// as pigz does: every piece but the last ends with a sync flush, which
// leaves the stream at a byte boundary without ending it. A large sheet is
// so compressed in a fraction of the time one compressor takes; the
// unzipped parts are the same.
type parallelZip struct {
	zw      *zip.Writer
	part    *zipPart
	jobs    chan *zipJob
	workers sync.WaitGroup
	free    chan []byte // chunk buffers to reuse
	freeOut chan []byte // deflated pieces' buffers to reuse
}

// zipJob is one piece of a part to deflate.
type zipJob struct {
	data []byte
	last bool
	out  bytes.Buffer
	err  error
	done chan struct{}
}

func newParallelZip(w io.Writer) *parallelZip {
	n := 2*runtime.GOMAXPROCS(0) + 1
	z := &parallelZip{zw: zip.NewWriter(w), jobs: make(chan *zipJob), free: make(chan []byte, n), freeOut: make(chan []byte, n)}
	for range runtime.GOMAXPROCS(0) {
		z.workers.Add(1)
		go z.work()
	}
	return z
}

// work deflates pieces with one compressor, reset for each.
func (z *parallelZip) work() {
	defer z.workers.Done()
	var fw *flate.Writer
	for j := range z.jobs {
		// A piece deflates to a fraction of its size; a buffer of a piece
		// written before is reused rather than grown again from nothing.
		select {
		case b := <-z.freeOut:
			j.out = *bytes.NewBuffer(b)
		default:
			j.out.Grow(zipChunk / 2)
		}
		if fw == nil {
			fw, j.err = flate.NewWriter(&j.out, flate.BestSpeed)
		} else {
			fw.Reset(&j.out)
		}
		if j.err == nil {
			if _, j.err = fw.Write(j.data); j.err == nil {
				if j.last {
					j.err = fw.Close()
				} else {
					j.err = fw.Flush()
				}
			}
		}
		close(j.done)
	}
}

// Create starts the next part, once the one before is written.
func (z *parallelZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	// The header zip.Writer.Create would write: deflated, sizes and
	// checksum after the data (flag 0x8), UTF-8 names marked (0x800).
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x8, CreatorVersion: 20, ReaderVersion: 20}
	for _, r := range name {
		if r >= utf8.RuneSelf {
			fh.Flags |= 0x800
			break
		}
	}
	raw, err := z.zw.CreateRaw(fh)
	if err != nil {
		return nil, err
	}
	z.part = &zipPart{z: z, fh: fh, raw: raw, crc: crc32.NewIEEE()}
	return z.part, nil
}

// AddFS adds the files of fsys after the parts written so far.
func (z *parallelZip) AddFS(fsys fs.FS) error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close writes the last part and the zip's directory, and stops the
// compressors.
func (z *parallelZip) Close() error {
	err := z.finish()
	close(z.jobs)
	z.workers.Wait()
	return errors.Join(err, z.zw.Close())
}

// finish writes what is left of the open part and its sizes.
func (z *parallelZip) finish() error {
	p := z.part
	if p == nil {
		return nil
	}
	z.part = nil
	p.send(true)
	for len(p.pending) > 0 {
		if err := p.writeFirst(); err != nil {
			return err
		}
	}
	if p.err != nil {
		return p.err
	}
	// As archive/zip does for the parts it deflates itself.
	p.fh.CRC32 = p.crc.Sum32()
	p.fh.UncompressedSize64, p.fh.CompressedSize64 = p.size, p.written
	// archive/zip writes the central directory from the 32-bit fields
	// too, and sets them so for the parts it deflates: so must we.
	if p.size >= math.MaxUint32 || p.written >= math.MaxUint32 {
		//lint:ignore SA1019 the central directory is written from this field (archive/zip fileWriter.close sets it alike)
		p.fh.UncompressedSize, p.fh.CompressedSize = math.MaxUint32, math.MaxUint32
		p.fh.ReaderVersion = 45
	} else {
		//lint:ignore SA1019 the central directory is written from this field (archive/zip fileWriter.close sets it alike)
		p.fh.UncompressedSize, p.fh.CompressedSize = uint32(p.size), uint32(p.written)
	}
	return nil
}

// zipPart is the part being written: its pieces in order, the first ones
// deflating.
type zipPart struct {
	z       *parallelZip
	fh      *zip.FileHeader
	raw     io.Writer
	crc     hash.Hash32
	chunk   []byte
	pending []*zipJob
	size    uint64 // bytes of the part
	written uint64 // deflated bytes written
	err     error
}

// Write takes the part's bytes, sending each full piece to deflate.
func (p *zipPart) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n := len(b)
	p.crc.Write(b)
	p.size += uint64(n)
	for len(b) > 0 {
		if p.chunk == nil {
			select {
			case p.chunk = <-p.z.free:
			default:
				p.chunk = make([]byte, 0, zipChunk)
			}
		}
		k := min(len(b), zipChunk-len(p.chunk))
		p.chunk = append(p.chunk, b[:k]...)
		b = b[k:]
		if len(p.chunk) == zipChunk {
			p.send(false)
		}
	}
	// At most two pieces per core wait: the rest of the part waits here.
	for len(p.pending) > 2*runtime.GOMAXPROCS(0) {
		if err := p.writeFirst(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// send hands the current piece to the compressors.
func (p *zipPart) send(last bool) {
	if p.chunk == nil && !last {
		return
	}
	j := &zipJob{data: p.chunk, last: last, done: make(chan struct{})}
	p.chunk = nil
	p.pending = append(p.pending, j)
	p.z.jobs <- j
}

// writeFirst waits for the first pending piece and writes it.
func (p *zipPart) writeFirst() error {
	j := p.pending[0]
	p.pending = p.pending[1:]
	<-j.done
	if j.data != nil {
		select {
		case p.z.free <- j.data[:0]:
		default:
		}
	}
	if p.err == nil {
		p.err = j.err
	}
	if p.err == nil {
		var n int
		n, p.err = p.raw.Write(j.out.Bytes())
		p.written += uint64(n)
	}
	select {
	case p.z.freeOut <- j.out.Bytes()[:0]:
	default:
	}
	return p.err
}
