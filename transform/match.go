package transform

import (
	"strings"

	"github.com/p3dn/p3dn/extract"
)

// Product is a product line to match to the TKDN registry.
type Product struct {
	NomorTKDN   string // certificate number the source gives, if any
	Perusahaan  string // certificate holder or manufacturer
	Produk      string
	Spesifikasi string
	Merk        string
}

// RegistryIndex holds the TKDN registry for matching.
type RegistryIndex struct {
	byNomor   map[string][]*Sertifikat
	byCompany map[string][]*indexed
	// max TKDN + min(BMP, 15) per commodity group and per product name,
	// for the commodity-level 40 % trigger.
	max40Kelompok map[string]int64
	max40Produk   map[string]int64
}

type indexed struct {
	c      *Sertifikat
	tokens map[string]bool
}

// NewRegistryIndex builds an index from certificates.
func NewRegistryIndex(certs []*Sertifikat) *RegistryIndex {
	ix := &RegistryIndex{byNomor: map[string][]*Sertifikat{}, byCompany: map[string][]*indexed{},
		max40Kelompok: map[string]int64{}, max40Produk: map[string]int64{}}
	for _, c := range certs {
		if n := normNomor(c.Nomor); n != "" {
			ix.byNomor[n] = append(ix.byNomor[n], c)
		}
		if co := NormCompany(c.Perusahaan); co != "" {
			ix.byCompany[co] = append(ix.byCompany[co], &indexed{c: c, tokens: tokens(c.Produk)})
		}
		if c.HasTKDN {
			v := c.TKDN + min(c.BMP, bmpCap)
			raiseMax(ix.max40Kelompok, NormText(c.Kelompok), v)
			raiseMax(ix.max40Produk, NormText(c.Produk), v)
		}
	}
	return ix
}

func raiseMax(m map[string]int64, k string, v int64) {
	if k != "" && v > m[k] {
		m[k] = v
	}
}

// Match finds the certificate of a product: the exact certificate number
// first, then the same normalised company with the best overlap of product
// words (score = share of the certificate's product words found in the
// product line; at least 0.5). It never guesses silently: the method and
// score go with the certificate.
func (ix *RegistryIndex) Match(p Product) *Sertifikat {
	if n := normNomor(p.NomorTKDN); n != "" {
		if cs := ix.byNomor[n]; len(cs) > 0 {
			c := *cs[0]
			c.Method, c.Score = "nomor_sertifikat", 1
			return &c
		}
	}
	cands := ix.byCompany[NormCompany(p.Perusahaan)]
	if len(cands) == 0 {
		return nil
	}
	want := tokens(p.Produk + " " + p.Spesifikasi + " " + p.Merk)
	var best *indexed
	bestScore := 0.0
	for _, c := range cands {
		if len(c.tokens) == 0 {
			continue
		}
		hit := 0
		for t := range c.tokens {
			if want[t] {
				hit++
			}
		}
		s := float64(hit) / float64(len(c.tokens))
		if s > bestScore || (s == bestScore && best != nil && c.c.Kadaluarsa.After(best.c.Kadaluarsa)) {
			best, bestScore = c, s
		}
	}
	if best == nil || bestScore < 0.5 {
		return nil
	}
	c := *best.c
	c.Method, c.Score = "perusahaan_produk", float64(int(bestScore*100))/100
	return &c
}

// Commodity40 says whether a certified product of the same commodity group
// or the same product name reaches TKDN + BMP >= 40 %.
func (ix *RegistryIndex) Commodity40(kelompok, produk string) bool {
	return ix.max40Kelompok[NormText(kelompok)] >= pct40 || ix.max40Produk[NormText(produk)] >= pct40
}

var legalForms = map[string]bool{"pt": true, "cv": true, "tbk": true, "persero": true, "ud": true, "pd": true, "fa": true, "firma": true, "koperasi": true}

// NormCompany normalises a company name for matching: case, punctuation,
// NBSP and full-width forms, dashes, white space and legal forms (PT, CV,
// Tbk, Persero) do not count.
func NormCompany(s string) string {
	var keep []string
	for _, w := range words(s) {
		if !legalForms[w] {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// NormText normalises free text for grouping: words in lower case.
func NormText(s string) string { return strings.Join(words(s), " ") }

func words(s string) []string {
	s = strings.ToLower(extract.NormText(s))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && r != '\u2013' && r != '\u2014')
	})
}

func tokens(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(s) {
		if len(w) > 1 && !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

var stopWords = map[string]bool{"dan": true, "untuk": true, "dengan": true, "the": true, "of": true, "and": true}

func normNomor(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(extract.NormText(s)), ""))
}
