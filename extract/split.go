package extract

import (
	"fmt"
	"io"
)

// splitter cuts the records of a JSON array out of a stream without
// decoding them: it only tracks strings, escapes and nesting depth, so a
// record costs one pass over its bytes (encoding/json's Decoder validated
// every byte twice and was the largest Go cost of extraction). The bytes it
// returns are validated afterwards by the record parser.
type splitter struct {
	r     io.Reader
	buf   []byte
	start int   // first unread byte in buf
	end   int   // end of the data in buf
	off   int64 // stream offset of buf[0]
	eof   bool
	first bool // no record read yet: no comma expected
}

// errSplit is a structural error between or inside records.
type errSplit struct {
	off int64
	msg string
}

func (e *errSplit) Error() string { return e.msg }

// strPlain marks the bytes that do not end or escape a JSON string.
var strPlain = func() (t [256]bool) {
	for i := range t {
		t[i] = i != '"' && i != '\\'
	}
	return t
}()

func newSplitter(r io.Reader, off int64, first bool) *splitter {
	return &splitter{r: r, buf: make([]byte, 1<<18), off: off, first: first}
}

// fill reads more data, keeping buf[keep:end]; it reports false at the end
// of the stream. Indices into buf shift by the returned delta.
func (s *splitter) fill(keep int) (delta int, ok bool, err error) {
	if s.eof {
		return 0, false, nil
	}
	if keep > 0 {
		copy(s.buf, s.buf[keep:s.end])
		s.off += int64(keep)
		s.end -= keep
		s.start -= keep
		delta = -keep
	}
	if s.end == len(s.buf) { // a record longer than the buffer: double it
		grown := make([]byte, 2*len(s.buf))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return delta, n > 0, nil
		}
		if err != nil {
			return delta, false, err
		}
		if n > 0 {
			return delta, true, nil
		}
	}
}

// byteAt returns the next non-space byte, reading as needed; ok is false
// at the end of the stream.
func (s *splitter) skipSpace() (byte, bool, error) {
	for {
		for s.start < s.end {
			c := s.buf[s.start]
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				return c, true, nil
			}
			s.start++
		}
		_, ok, err := s.fill(s.start)
		if err != nil || !ok {
			return 0, false, err
		}
	}
}

func (s *splitter) pos() int64 { return s.off + int64(s.start) }

// next returns the next record's raw bytes (valid until the next call) and
// its stream offset; io.EOF after the closing bracket. A record longer than
// max is skipped and reported by its size alone (raw nil, size > max).
func (s *splitter) next(max int64) (raw []byte, off, size int64, err error) {
	c, ok, err := s.skipSpace()
	if err != nil {
		return nil, s.pos(), 0, err
	}
	if !ok {
		return nil, s.pos(), 0, &errSplit{s.pos(), "unexpected EOF"}
	}
	if c == ']' {
		s.start++
		return nil, s.pos(), 0, io.EOF
	}
	if !s.first {
		if c != ',' {
			return nil, s.pos(), 0, &errSplit{s.pos(), fmt.Sprintf("invalid character %q after array element", c)}
		}
		s.start++
		if c, ok, err = s.skipSpace(); err != nil {
			return nil, s.pos(), 0, err
		} else if !ok {
			return nil, s.pos(), 0, &errSplit{s.pos(), "unexpected EOF"}
		}
		if c == ']' {
			return nil, s.pos(), 0, &errSplit{s.pos(), "invalid character ']' looking for beginning of value"}
		}
	}
	s.first = false
	off = s.pos()
	begin, i := s.start, s.start
	depth, inStr, esc, scalar := 0, false, false, c != '{' && c != '['
	var skipped int64
	for {
		for i < s.end {
			c := s.buf[i]
			if inStr {
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
					if scalar && depth == 0 {
						i++
						goto done
					}
				default:
					// Most of a record is the text of its strings: skip a
					// run of plain bytes in one tight loop.
					i++
					for i < s.end && strPlain[s.buf[i]] {
						i++
					}
					continue
				}
				i++
				continue
			}
			switch {
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				if scalar {
					goto done
				}
				depth++
			case c == '}' || c == ']':
				if scalar {
					goto done
				}
				depth--
				if depth == 0 {
					i++
					goto done
				}
			case scalar && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t'):
				goto done
			}
			i++
		}
		if max > 0 && int64(i-begin)+skipped > max {
			// Too long to keep: forget what was read, keep counting.
			skipped += int64(i - begin)
			s.start = i
			begin = i
		}
		delta, ok, err := s.fill(begin)
		if err != nil {
			return nil, off, 0, err
		}
		begin += delta
		i += delta
		if !ok {
			if scalar && !inStr {
				break
			}
			return nil, off, 0, &errSplit{s.pos() + int64(i-s.start), "unexpected EOF"}
		}
	}
done:
	s.start = i
	size = skipped + int64(i-begin)
	if skipped > 0 {
		return nil, off, size, nil
	}
	return s.buf[begin:i], off, size, nil
}
