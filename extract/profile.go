package extract

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Profile maps one layout of regional spreadsheet (XLSX or CSV) to a
// canonical table: which header words name which field, the sheet, units
// and fixed values. Profiles are JSON files (data/profiles/*.json ship
// with p3dn; --profiles DIR adds a user's own without a rebuild).
type Profile struct {
	Nama         string              `json:"nama"`
	Keterangan   string              `json:"keterangan"`
	Tabel        string              `json:"tabel"`         // regional_realisasi, regional_komitmen or statistik_lkpp
	SumberSistem string              `json:"sumber_sistem"` // e.g. "SIPD P3DN"
	Channel      string              `json:"channel"`       // transaksi channel for realisation rows, regional_*
	Lembar       string              `json:"lembar"`        // sheet name; "" = every sheet whose header matches
	Wajib        []string            `json:"wajib"`         // fields the header must have
	Kolom        map[string][]string `json:"kolom"`         // field -> header aliases
	Tetap        map[string]string   `json:"tetap"`         // fixed values
	Satuan       string              `json:"satuan"`        // rupiah, ribu, juta, miliar; "" = read from the sheet
	File         string              `json:"-"`             // where the profile came from

	once    sync.Once
	aliases map[string]string // normalised alias -> field
}

// Regional tables fed by profiles.
var (
	RegionalRealisasi = NewService("Regional-Realisasi", "regional_realisasi",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str kd_satker_str:id nama_satker:str kode_sub_kegiatan:id "+
			"kode_rekening:id kd_rup:id uraian:str nama_penyedia:str npwp_penyedia:id produk:str kbki:id kuantitas:num "+
			"harga_satuan:money nilai:money! nilai_pdn:money tkdn_persen:num bmp_persen:num nomor_sertifikat:id "+
			"tanggal:date sumber_sistem:str channel:id profil:id lembar:str baris:int")
	RegionalKomitmen = NewService("Regional-Komitmen", "regional_komitmen",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str kd_satker_str:id nama_satker:str kode_sub_kegiatan:id "+
			"kode_rekening:id uraian:str pagu:money! nilai_komitmen_pdn:money tkdn_persen:num sumber_sistem:str "+
			"profil:id lembar:str baris:int")
	StatistikLKPP = NewService("LKPP-Statistik", "statistik_lkpp",
		"nama_instansi:str! jenis_instansi:str nilai_rup:money jumlah_paket:int nilai_realisasi:money "+
			"sumber_sistem:str profil:id lembar:str baris:int")
)

var profileTables = map[string]*Service{RegionalRealisasi.Table: RegionalRealisasi, RegionalKomitmen.Table: RegionalKomitmen, StatistikLKPP.Table: StatistikLKPP}

// LoadProfiles reads every *.json profile of fsys (the built-in ones) and
// of dir (a user's, may be ""), checking each against its table.
func LoadProfiles(fsys fs.FS, root, dir string) ([]*Profile, error) {
	var out []*Profile
	add := func(name string, b []byte) error {
		p := &Profile{File: name}
		if err := json.Unmarshal(b, p); err != nil {
			return fmt.Errorf("profile %s: %w", name, err)
		}
		if err := p.check(); err != nil {
			return fmt.Errorf("profile %s: %w", name, err)
		}
		out = append(out, p)
		return nil
	}
	if fsys != nil {
		names, _ := fs.Glob(fsys, root+"/*.json")
		for _, n := range names {
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, err
			}
			if err := add(n, b); err != nil {
				return nil, err
			}
		}
	}
	if dir != "" {
		names, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			return nil, err
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("--profiles %s: no *.json profile in that folder", dir)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			if err := add(n, b); err != nil {
				return nil, err
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Nama < out[j].Nama })
	return out, nil
}

func (p *Profile) check() error {
	svc := profileTables[p.Tabel]
	switch {
	case p.Nama == "":
		return fmt.Errorf("no nama")
	case svc == nil:
		return fmt.Errorf("tabel %q: must be regional_realisasi, regional_komitmen or statistik_lkpp", p.Tabel)
	case p.Tabel == RegionalRealisasi.Table && !strings.HasPrefix(p.Channel, "regional_"):
		return fmt.Errorf("channel %q: realisation rows need a channel starting with regional_", p.Channel)
	case len(p.Kolom) == 0:
		return fmt.Errorf("no kolom")
	}
	if _, ok := unitFactor[p.Satuan]; !ok && p.Satuan != "" {
		return fmt.Errorf("satuan %q: must be rupiah, ribu, juta or miliar", p.Satuan)
	}
	for f := range p.Kolom {
		if svc.Index(f) < 0 {
			return fmt.Errorf("kolom %q is not a field of %s", f, p.Tabel)
		}
	}
	for _, f := range p.Wajib {
		if _, ok := p.Kolom[f]; !ok {
			return fmt.Errorf("wajib %q has no kolom aliases", f)
		}
	}
	for f := range p.Tetap {
		if svc.Index(f) < 0 {
			return fmt.Errorf("tetap %q is not a field of %s", f, p.Tabel)
		}
	}
	return nil
}

// Service is the table a profile fills.
func (p *Profile) Service() *Service { return profileTables[p.Tabel] }

var (
	parenthetical = regexp.MustCompile(`\([^)]*\)`)
	unitWords     = regexp.MustCompile(`(?i)\b(dalam\s+)?(ribuan|ribu|jutaan|juta|miliar|milyar|triliun)(\s+rupiah)?\b`)
)

// normHeader makes a header cell comparable with profile aliases: lower
// case, units and parentheses removed, punctuation to spaces.
//
// Every cell of a sheet's first rows is a candidate header, most of them
// data: the regular expressions run only where they can match (they were a
// third of reading a small SIPD workbook), and punctuation becomes spaces
// byte by byte (what nonAlnum does, once the spaces are collapsed).
func normHeader(s string) string {
	s = strings.ToLower(NormText(s))
	if strings.Contains(s, "(") {
		s = parenthetical.ReplaceAllString(s, " ")
	}
	if hasUnitWord(s) {
		s = unitWords.ReplaceAllString(s, " ")
	}
	s = strings.ReplaceAll(s, "%", " persen ")
	b := []byte(s)
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = ' '
		}
	}
	s = strings.Join(strings.Fields(string(b)), " ")
	return strings.TrimSuffix(strings.TrimSuffix(s, " rp"), " persen")
}

// hasUnitWord reports whether unitWords can match a lower-case text: each
// of its words contains one of these.
func hasUnitWord(s string) bool {
	for _, w := range []string{"ribu", "juta", "miliar", "milyar", "triliun"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var unitFactor = map[string]int64{"rupiah": 1, "ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}

// unitOf reads a unit stated in text ("dalam ribuan rupiah", "(Rp juta)").
func unitOf(s string) string {
	l := strings.ToLower(s)
	switch {
	case strings.Contains(l, "ribu"):
		return "ribu"
	case strings.Contains(l, "juta"):
		return "juta"
	case strings.Contains(l, "miliar"), strings.Contains(l, "milyar"):
		return "miliar"
	}
	return ""
}
