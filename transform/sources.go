package transform

import (
	"fmt"
	"strings"

	"github.com/p3dn/p3dn/extract"
)

// Source is one query over the staging tables whose rows become
// transactions. Its Service describes the columns the query returns: the
// staging service's fields plus, for contracts, the latest e-contract
// stage's values (the _k_* fields) and the number of snapshots of the key.
type Source struct {
	Service  *extract.Service
	Query    string
	Items    bool // product lines: rows go through Packages
	Regional bool // regional rows: one transaction and one product line each
}

// joined fields added to every source row.
const (
	snapshotFields = " _snapshots:int"
	contractFields = " _k_nilai:money _k_pdn:money _k_umk:money _k_versi:int _k_no:id _k_tgl:date _k_status:str"
)

// Sources lists the transaction queries in a fixed order. Each reads the
// latest snapshot of every business key (latest _event_date wins; the
// other snapshots stay in staging) and orders rows by key, so that the
// same warehouse gives the same transactions.
func Sources() []Source {
	var out []Source
	for _, name := range sourceOrder {
		m := mappings[name]
		svc := extract.ServiceByName(name)
		switch {
		case m.contract != "":
			out = append(out, contractSources(name, svc, m)...)
		default:
			joined := extended(svc, name, snapshotFields)
			out = append(out, Source{Service: joined, Query: fmt.Sprintf(
				"WITH s AS (%s)\nSELECT %s FROM s ORDER BY s.%s",
				latest(svc, m.key), selectList(joined, "s"), m.key)})
		}
	}
	return out
}

var sourceOrder = []string{
	"SPSE-TenderSelesaiNilai", "SPSE-NonTenderSelesai", "SPSE-PencatatanNonTender",
	"SPSE-PencatatanSwakelola", "Ecat-PaketEPurchasingV6", "Bela-TokoDaringRealisasi",
}

// contractSources joins a selection result to its e-contract stage: the
// contract after its latest addendum is the most authoritative value. A
// contract whose selection result is missing from the dumps becomes a
// transaction from the contract stage alone.
func contractSources(name string, svc *extract.Service, m mapping) []Source {
	k := extract.ServiceByName(m.contract)
	key := m.key
	contract := fmt.Sprintf(`SELECT * FROM %s QUALIFY row_number() OVER (PARTITION BY %s
	ORDER BY versi_addendum DESC NULLS LAST, tgl_kontrak DESC NULLS LAST, _source_file DESC, _record DESC) = 1`, k.Table, key)
	kcols := "k.nilai_kontrak AS _k_nilai, k.nilai_pdn_kontrak AS _k_pdn, k.nilai_umk_kontrak AS _k_umk, " +
		"k.versi_addendum AS _k_versi, k.no_kontrak AS _k_no, k.tgl_kontrak AS _k_tgl, k.status_kontrak AS _k_status"
	joined := extended(svc, name, snapshotFields+contractFields)
	q := fmt.Sprintf("WITH s AS (%s), k AS (%s), j AS (SELECT s.*, %s FROM s LEFT JOIN k ON k.%s = s.%s)\nSELECT %s FROM j ORDER BY j.%s",
		latest(svc, key), contract, kcols, key, key, selectList(joined, "j"), key)
	orphanName := m.contract
	orphan := extended(k, orphanName, snapshotFields+contractFields)
	oq := fmt.Sprintf("WITH k AS (%s), j AS (SELECT k.*, 1 AS _snapshots, %s FROM k WHERE k.%s NOT IN (SELECT %s FROM %s))\nSELECT %s FROM j ORDER BY j.%s",
		contract, kcols, key, key, svc.Table, selectList(orphan, "j"), key)
	return []Source{{Service: joined, Query: q}, {Service: orphan, Query: oq}}
}

// latest keeps the newest snapshot of each key and counts the snapshots.
func latest(svc *extract.Service, key string) string {
	order := "_source_file DESC, _record DESC"
	if svc.Index("_event_date") >= 0 {
		order = "_event_date DESC NULLS LAST, " + order
	}
	return fmt.Sprintf("SELECT *, count(*) OVER (PARTITION BY %s) AS _snapshots FROM %s QUALIFY row_number() OVER (PARTITION BY %s ORDER BY %s) = 1",
		key, svc.Table, key, order)
}

// extended is a service with extra fields appended (same name, so that
// the mapping applies).
func extended(svc *extract.Service, name, extra string) *extract.Service {
	spec := make([]string, 0, len(svc.Fields))
	kinds := map[extract.Kind]string{extract.KindID: "id", extract.KindStr: "str", extract.KindInt: "int", extract.KindNum: "num",
		extract.KindMoney: "money", extract.KindDate: "date", extract.KindTS: "ts", extract.KindBool: "bool"}
	for _, f := range svc.Fields {
		spec = append(spec, f.Name+":"+kinds[f.Kind])
	}
	return extract.NewService(name, svc.Table, strings.Join(spec, " ")+extra)
}

// selectList casts every field to its kind's SQL type, so that the rows
// read back as typed Arrow columns (exact decimals, no float).
func selectList(svc *extract.Service, alias string) string {
	cols := make([]string, 0, len(svc.Fields)+2)
	for _, f := range svc.Fields {
		cols = append(cols, fmt.Sprintf("CAST(%s.%q AS %s) AS %q", alias, f.Name, f.Kind.SQLType(), f.Name))
	}
	cols = append(cols, alias+"._source_file", alias+"._record")
	return strings.Join(cols, ", ")
}
