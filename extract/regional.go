package extract

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Action for rows that are not records: subtotal and total rows.
const RowSkipped Action = "row_skipped"

// MagnitudeLimit is the largest value one spreadsheet row can plausibly
// hold, in rupiah (Rp1.000 T): a header unit that would make the typical
// row larger is taken to be wrong (LKPP_FORMATS quirk 26).
const MagnitudeLimit = 1_000_000_000_000_000

// headerMatch is where a profile's header is in a grid.
type headerMatch struct {
	profile *Profile
	row     int      // 0-based row of the (last) header row
	fields  []string // field per column ("" = unmapped)
	names   []string // header text per column (for _lainnya)
	units   []string // unit stated in each column's header
	title   string   // text above the header
	score   int      // fields found
	mapped  int      // columns whose header names a field (a tie-break)
	ok      bool     // every required field found
}

// better orders header candidates: complete before partial, then more
// fields, then more columns mapped (a two-row merged header over a
// one-row reading of it).
func (m *headerMatch) better(o *headerMatch) bool {
	if o == nil {
		return true
	}
	if m.ok != o.ok {
		return m.ok
	}
	if m.score != o.score {
		return m.score > o.score
	}
	return m.mapped > o.mapped
}

// matchHeader finds the best header row for a profile in the first rows of
// a grid. A header may span two rows (a merged parent over its children).
func matchHeader(p *Profile, g *grid) *headerMatch {
	var best *headerMatch
	limit := min(len(g.raw), 40)
	for r := 0; r < limit; r++ {
		for _, span := range []int{1, 2} {
			if span == 2 && r == 0 {
				continue
			}
			m := &headerMatch{profile: p, row: r}
			width := len(g.raw[r])
			used := map[string]int{}
			for c := 0; c < width; c++ {
				text := g.cell(r, c)
				if span == 2 {
					parent := g.cell(r-1, c)
					if parent != "" && parent != text {
						text = strings.TrimSpace(parent + " " + text)
					}
				}
				h := g.headerText(text)
				m.names = append(m.names, h.name)
				m.units = append(m.units, h.unit)
				f := p.field(h.norm)
				if f != "" {
					m.mapped++
				}
				if prev, dup := used[f]; f != "" && dup {
					// Two columns for one field: a visible one wins over a hidden one.
					if g.hidden[prev] && !g.hidden[c] {
						m.fields[prev] = ""
					} else {
						f = ""
					}
				}
				if f != "" {
					used[f] = c
				}
				m.fields = append(m.fields, f)
			}
			m.score, m.ok = len(used), len(used) > 0
			for _, w := range p.Wajib {
				if _, found := used[w]; !found {
					m.ok = false // a partial match, kept only to explain a failure
				}
			}
			if m.better(best) {
				best = m
			}
		}
	}
	if best != nil && best.ok {
		var title []string
		top := best.row
		for r := 0; r < top; r++ {
			for _, c := range g.raw[r] {
				if t := NormText(c); t != "" {
					title = append(title, t)
				}
			}
		}
		best.title = strings.Join(title, " ")
	}
	return best
}

// field is the profile's field for a header normalised by normHeader, ""
// if none.
func (p *Profile) field(h string) string {
	p.once.Do(func() {
		p.aliases = map[string]string{}
		fields := make([]string, 0, len(p.Kolom))
		for f := range p.Kolom {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			for _, a := range p.Kolom[f] {
				if k := normHeader(a); k != "" {
					if _, taken := p.aliases[k]; !taken {
						p.aliases[k] = f
					}
				}
			}
		}
	})
	if h == "" {
		return ""
	}
	return p.aliases[h]
}

var yearInTitle = regexp.MustCompile(`(?i)\b(?:tahun anggaran|tahun|ta)\s*:?\s*(20\d\d)\b`)

var summaryWords = []string{"jumlah", "total", "subtotal", "sub total", "grand total", "rekapitulasi"}

// regionalReader reads the data rows under a profile's header, sheet by
// sheet, as records of the profile's table.
type regionalReader struct {
	name    string
	profile *Profile
	svc     *Service
	sheets  []*sheetPlan
	si, r   int
	record  int64
	notes   []*ParseError
	seen    map[string]int64
}

type sheetPlan struct {
	g      *grid
	m      *headerMatch
	factor []int64 // money multiplier per column
}

func (rr *regionalReader) Service() *Service { return rr.svc }
func (rr *regionalReader) Detection() Detection {
	return Detection{Service: rr.svc, Score: 1, Note: "profil " + rr.profile.Nama}
}
func (rr *regionalReader) Records() int64 { return rr.record }

// Notes are file-level findings (a unit corrected, a sheet without the
// header) that do not stop the file.
func (rr *regionalReader) Notes() []*ParseError { return rr.notes }

// Profile is the profile the file was read with.
func (rr *regionalReader) Profile() *Profile { return rr.profile }

// newRegional chooses the profile whose header fits a file best and plans
// each sheet. The error names the file, the sheets, the best header found
// and what the closest profile expected.
func newRegional(grids []*grid, profiles []*Profile, name string) (Reader, error) {
	if len(profiles) == 0 {
		return nil, fmt.Errorf("%s: %w: no mapping profile is loaded for spreadsheets", name, ErrUnsupported)
	}
	var bestP *Profile
	bestScore := -1 << 30
	var bestM *headerMatch
	var bestG *grid
	for _, p := range profiles {
		total := 0
		for _, g := range grids {
			if p.Lembar != "" && !strings.EqualFold(p.Lembar, g.sheet) {
				continue
			}
			m := matchHeader(p, g)
			if m == nil {
				continue
			}
			if m.ok {
				total += m.score
			}
			if m.better(bestM) {
				bestM, bestG = m, g
			}
		}
		if total > bestScore && total > 0 {
			bestP, bestScore = p, total
		}
	}
	if bestP == nil {
		found, expected, sheet := "none", "", ""
		if bestM != nil {
			var hs []string
			for _, n := range bestM.names {
				if n != "" {
					hs = append(hs, n)
				}
			}
			found = fmt.Sprintf("%q (row %d)", strings.Join(hs, " | "), bestM.row+1)
			expected = fmt.Sprintf("; closest profile %s expects %s", bestM.profile.Nama, strings.Join(bestM.profile.Wajib, ", "))
			if bestG.sheet != "" {
				sheet = fmt.Sprintf(" sheet %q:", bestG.sheet)
			}
		}
		return nil, fmt.Errorf("%s:%s no mapping profile fits: best header found %s%s (add a profile with --profiles)", name, sheet, found, expected)
	}
	rr := &regionalReader{name: name, profile: bestP, svc: bestP.Service(), seen: map[string]int64{}}
	for _, g := range grids {
		if bestP.Lembar != "" && !strings.EqualFold(bestP.Lembar, g.sheet) {
			continue
		}
		m := matchHeader(bestP, g)
		if m == nil || !m.ok {
			if len(g.raw) > 0 {
				rr.notes = append(rr.notes, &ParseError{File: name, Offset: -1, Field: g.sheet, Action: RowSkipped,
					Err: fmt.Errorf("sheet %q has no header of profile %s: not read", g.sheet, bestP.Nama)})
			}
			continue
		}
		rr.sheets = append(rr.sheets, rr.plan(g, m))
	}
	return rr, nil
}

// plan works out the money unit of each column (profile, column header, or
// title above the header) and checks it against the values' magnitude.
func (rr *regionalReader) plan(g *grid, m *headerMatch) *sheetPlan {
	sp := &sheetPlan{g: g, m: m, factor: make([]int64, len(m.fields))}
	titleUnit := unitOf(m.title)
	for c, f := range m.fields {
		sp.factor[c] = 1
		if f == "" || rr.svc.Fields[rr.svc.Index(f)].Kind != KindMoney {
			continue
		}
		unit := rr.profile.Satuan
		if unit == "" {
			unit = m.units[c]
		}
		if unit == "" {
			unit = titleUnit
		}
		if unit == "" || unit == "rupiah" {
			continue
		}
		factor := unitFactor[unit]
		if med := medianAbs(g, m.row+1, c); med*float64(factor) > MagnitudeLimit {
			rr.notes = append(rr.notes, &ParseError{File: rr.name, Offset: -1, Field: m.names[c], Raw: unit, Action: "unit_corrected",
				Err: fmt.Errorf("sheet %q: the header says %q but the typical value %.0f would be Rp%.3g: values read as rupiah",
					g.sheet, unit, med, med*float64(factor))})
			continue
		}
		sp.factor[c] = factor
	}
	return sp
}

func medianAbs(g *grid, from, c int) float64 {
	var vs []float64
	for r := from; r < len(g.raw); r++ {
		if f, err := strconv.ParseFloat(strings.TrimSpace(g.cell(r, c)), 64); err == nil && f != 0 {
			vs = append(vs, math.Abs(f))
		}
	}
	if len(vs) == 0 {
		return 0
	}
	sort.Float64s(vs)
	return vs[len(vs)/2]
}

func (rr *regionalReader) Next() (*Row, error) {
	for rr.si < len(rr.sheets) {
		sp := rr.sheets[rr.si]
		if rr.r == 0 {
			rr.r = sp.m.row + 1
		}
		if rr.r >= len(sp.g.raw) {
			rr.si, rr.r = rr.si+1, 0
			continue
		}
		r := rr.r
		rr.r++
		cells := sp.g.raw[r]
		blank := true
		for _, c := range cells {
			if NormText(c) != "" {
				blank = false
				break
			}
		}
		if blank || headerContinuation(sp, r) {
			continue // not a record
		}
		rr.record++
		where := fmt.Sprintf("sheet %q row %d", sp.g.sheet, r+1)
		if sp.g.sheet == "" {
			where = fmt.Sprintf("line %d", r+1)
		}
		if w := summaryRow(cells); w != "" {
			return nil, &ParseError{File: rr.name, Record: rr.record, Offset: -1, Action: RowSkipped, Raw: cut(strings.Join(cells, " | ")),
				Err: fmt.Errorf("%s is a %s row, not a record: not summed again", where, w)}
		}
		joined := sp.g.sheet + "\x1f" + strings.Join(cells, "\x1f")
		if first, dup := rr.seen[joined]; dup {
			return nil, &ParseError{File: rr.name, Record: rr.record, Offset: -1, Action: RecordRejected, Raw: cut(strings.Join(cells, " | ")),
				Err: fmt.Errorf("%s: exact duplicate of record %d", where, first)}
		}
		rr.seen[joined] = rr.record
		obj, err := rr.object(sp, r)
		if err != nil {
			return nil, &ParseError{File: rr.name, Record: rr.record, Offset: -1, Action: RecordRejected, Err: fmt.Errorf("%s: %v", where, err)}
		}
		row, err := ConvertRecord(rr.svc, obj, rr.name, rr.record)
		if err != nil {
			if pe, ok := err.(*ParseError); ok {
				pe.Err = fmt.Errorf("%s: %v", where, pe.Err)
			}
			return nil, err
		}
		for _, p := range row.Problems {
			p.Err = fmt.Errorf("%s: %v", where, p.Err)
		}
		return row, nil
	}
	return nil, io.EOF
}

// headerContinuation: a row under the header that only repeats header text
// (a header merged down over blank rows).
func headerContinuation(sp *sheetPlan, r int) bool {
	if r > sp.m.row+3 {
		return false
	}
	for c, v := range sp.g.raw[r] {
		if NormText(v) != "" && NormText(v) != sp.m.names[min(c, len(sp.m.names)-1)] && NormText(v) != NormText(sp.g.cell(sp.m.row, c)) {
			return false
		}
	}
	return true
}

// summaryRow reports a subtotal or total row: its first text cell starts
// with a summary word ("Jumlah", "Total", "Subtotal", ...).
func summaryRow(cells []string) string {
	for _, c := range cells {
		t := strings.ToLower(NormText(c))
		if t == "" {
			continue
		}
		if _, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64); err == nil {
			continue // a row number
		}
		for _, w := range summaryWords {
			if t == w || strings.HasPrefix(t, w+" ") || strings.HasPrefix(t, w+":") {
				return w
			}
		}
		return ""
	}
	return ""
}

// object turns one data row into a record of the profile's table, as text
// for the shared converters: money scaled by the column's unit, Excel
// serial dates as dates, percentages as shown.
func (rr *regionalReader) object(sp *sheetPlan, r int) (map[string]any, error) {
	obj := map[string]any{}
	for f, v := range rr.profile.Tetap {
		obj[f] = v
	}
	for c, f := range sp.m.fields {
		raw := strings.TrimSpace(sp.g.cell(r, c))
		if raw == "" {
			continue
		}
		if f == "" {
			if name := sp.m.names[c]; name != "" {
				obj[name] = raw // kept in _lainnya
			}
			continue
		}
		kind := rr.svc.Fields[rr.svc.Index(f)].Kind
		switch kind {
		case KindMoney:
			v, err := rr.money(sp, r, c, raw)
			if err != nil {
				obj[f] = raw // the converter reports it
				continue
			}
			obj[f] = v
		case KindNum:
			if shown := sp.g.shownCell(r, c); strings.HasSuffix(strings.TrimSpace(shown), "%") {
				raw = shown
			}
			obj[f] = raw
		case KindDate, KindTS:
			if serial, err := strconv.ParseFloat(raw, 64); err == nil && serial > 1 && serial < 2958466 {
				t, err := excelize.ExcelDateToTime(serial, false)
				if err == nil {
					raw = t.Format("2006-01-02 15:04:05")
				}
			}
			obj[f] = raw
		default:
			obj[f] = raw
		}
	}
	if _, ok := obj["tahun_anggaran"]; !ok && rr.svc.Index("tahun_anggaran") >= 0 {
		if m := yearInTitle.FindStringSubmatch(sp.m.title); m != nil {
			obj["tahun_anggaran"] = m[1] // "Tahun Anggaran 2023" above the table
		}
	}
	obj["sumber_sistem"] = rr.profile.SumberSistem
	obj["profil"] = rr.profile.Nama
	obj["lembar"] = sp.g.sheet
	obj["baris"] = strconv.Itoa(r + 1)
	if rr.svc == RegionalRealisasi {
		obj["channel"] = rr.profile.Channel
	}
	return obj, nil
}

// money reads an amount: a numeric cell exactly, a text cell the
// Indonesian way, then scales it by the column's unit.
func (rr *regionalReader) money(sp *sheetPlan, r, c int, raw string) (string, error) {
	var v int64
	var err error
	if sp.g.numeric != nil && (!ambiguousNumber(raw) || sp.g.numeric(r, c)) {
		v, err = ParseDecimal(raw, 2)
		if err != nil {
			v, err = ParseRupiah(raw, 2)
		}
	} else {
		v, err = ParseRupiah(raw, 2)
	}
	if err != nil {
		return "", err
	}
	f := sp.factor[c]
	if f > 1 && (v > math.MaxInt64/f || v < math.MinInt64/f) {
		return "", ErrOverflow
	}
	v *= f
	neg := v < 0
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%d.%02d", v/100, v%100)
	if neg {
		s = "-" + s
	}
	return s, nil
}
