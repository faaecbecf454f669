package transform

import (
	"fmt"
	"strings"

	"github.com/p3dn/p3dn/extract"
)

// Source is one query over the staging tables whose rows become
// transactions. Its Service describes the columns the query returns: the
// fields its mapping reads (a selection of the staging service's fields
// plus, for contracts, the latest e-contract stage's values, the _k_*
// fields, and the number of snapshots of the key).
type Source struct {
	Service *extract.Service
	Query   string
	Items   bool // product lines: rows go through Packages
	// Table and Key name the staging table and business key whose ranges
	// (Scope.From, To) slice the source; "" when it is not sliced.
	Table, Key string
	Regional   bool // regional rows: one transaction and one product line each
}

// joined fields added to every source row.
const (
	snapshotFields = " _snapshots:int"
	contractFields = " _k_nilai:money _k_pdn:money _k_umk:money _k_versi:int _k_no:id _k_tgl:date _k_status:str"
)

// Scope limits a transform to part of the staging data: the zero Scope
// derives everything; an incremental run names the table of business keys
// its new files touch (columns channel, kunci) and the table of its new
// files (column path). From and To (SQL literals, "" for open) limit the
// business keys to a range, so that a large source is read in slices.
type Scope struct {
	Keys, Files string
	From, To    string
}

// keyFilter is the WHERE clause keeping the keys of a channel in scope.
func (sc Scope) keyFilter(channel, key string) string {
	var conds []string
	if sc.Keys != "" {
		conds = append(conds, fmt.Sprintf("%s IN (SELECT kunci FROM %s WHERE channel = '%s')", key, sc.Keys, channel))
	}
	return whereClause(append(conds, sc.slice(key)...))
}

// slice is the conditions that keep key in the range From to To.
func (sc Scope) slice(key string) []string {
	var conds []string
	if sc.From != "" {
		conds = append(conds, key+" >= "+sc.From)
	}
	if sc.To != "" {
		conds = append(conds, key+" < "+sc.To)
	}
	return conds
}

// whereClause joins conditions into a WHERE clause ("" for none).
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// AllSources lists every query the transform runs: the transaction
// sources, the e-Katalog product lines and the regional rows.
func AllSources(sc Scope) []Source {
	return append(Sources(sc), ItemSource(sc), RegionalSource(sc))
}

// Sources lists the transaction queries in a fixed order. Each reads the
// latest snapshot of every business key (latest _event_date wins; the
// other snapshots stay in staging) and orders rows by key, so that the
// same warehouse gives the same transactions.
func Sources(sc Scope) []Source {
	var out []Source
	for _, name := range sourceOrder {
		m := mappings[name]
		svc := extract.ServiceByName(name)
		switch {
		case m.contract != "":
			out = append(out, contractSources(name, svc, m, sc)...)
		default:
			joined := extended(svc, name, snapshotFields).Select(m.fields()...)
			out = append(out, Source{Service: joined, Query: fmt.Sprintf(
				"WITH s AS (%s)\nSELECT %s FROM s ORDER BY s.%s",
				latest(svc, m.key, sc.keyFilter(m.channel, m.key)), selectList(joined, "s"), m.key), Table: svc.Table, Key: m.key})
		}
	}
	return out
}

// KeyTable is one staging table whose rows become transactions of a
// channel, keyed by a business key.
type KeyTable struct {
	Table, Channel, Key string
}

// KeyTables lists the staging tables of every keyed channel (selection
// results, e-contracts, pencatatan, e-Katalog, Toko Daring): an
// incremental run re-derives the keys their new rows carry.
func KeyTables() []KeyTable {
	var out []KeyTable
	for _, name := range sourceOrder {
		m := mappings[name]
		out = append(out, KeyTable{extract.ServiceByName(name).Table, m.channel, m.key})
		if m.contract != "" {
			out = append(out, KeyTable{extract.ServiceByName(m.contract).Table, m.channel, m.key})
		}
	}
	return append(out, KeyTable{extract.ServiceByName("Ecat-PaketEPurchasing").Table, ChEPurchasing, "kd_paket"})
}

var sourceOrder = []string{
	"SPSE-TenderSelesaiNilai", "SPSE-NonTenderSelesai", "SPSE-PencatatanNonTender",
	"SPSE-PencatatanSwakelola", "Ecat-PaketEPurchasingV6", "Bela-TokoDaringRealisasi",
}

// contractSources joins a selection result to its e-contract stage: the
// contract after its latest addendum is the most authoritative value. A
// contract whose selection result is missing from the dumps becomes a
// transaction from the contract stage alone.
func contractSources(name string, svc *extract.Service, m mapping, sc Scope) []Source {
	k := extract.ServiceByName(m.contract)
	key := m.key
	where := sc.keyFilter(m.channel, key)
	contract := fmt.Sprintf(`SELECT * FROM %s%s QUALIFY row_number() OVER (PARTITION BY %s
	ORDER BY versi_addendum DESC NULLS LAST, tgl_kontrak DESC NULLS LAST, _source_file DESC, _record DESC) = 1`, k.Table, where, key)
	kcols := "k.nilai_kontrak AS _k_nilai, k.nilai_pdn_kontrak AS _k_pdn, k.nilai_umk_kontrak AS _k_umk, " +
		"k.versi_addendum AS _k_versi, k.no_kontrak AS _k_no, k.tgl_kontrak AS _k_tgl, k.status_kontrak AS _k_status"
	joined := extended(svc, name, snapshotFields+contractFields).Select(m.fields()...)
	q := fmt.Sprintf("WITH s AS (%s), k AS (%s), j AS (SELECT s.*, %s FROM s LEFT JOIN k ON k.%s = s.%s)\nSELECT %s FROM j ORDER BY j.%s",
		latest(svc, key, where), contract, kcols, key, key, selectList(joined, "j"), key)
	orphanName := m.contract
	orphan := extended(k, orphanName, snapshotFields+contractFields).Select(mappings[orphanName].fields()...)
	// NOT EXISTS, not NOT IN: DuckDB then hashes the (scoped) contracts
	// rather than every selection result, and a run that touches no
	// contract of the channel costs nothing here.
	oq := fmt.Sprintf("WITH k AS (%s), j AS (SELECT k.*, 1 AS _snapshots, %s FROM k WHERE NOT EXISTS (SELECT 1 FROM %s s WHERE s.%s = k.%s))\nSELECT %s FROM j ORDER BY j.%s",
		contract, kcols, svc.Table, key, key, selectList(orphan, "j"), key)
	return []Source{{Service: joined, Query: q, Table: svc.Table, Key: key}, {Service: orphan, Query: oq, Table: k.Table, Key: key}}
}

// latest keeps the newest snapshot of each key and counts the snapshots;
// where (a WHERE clause or "") limits the keys.
func latest(svc *extract.Service, key, where string) string {
	order := "_source_file DESC, _record DESC"
	if svc.Index("_event_date") >= 0 {
		order = "_event_date DESC NULLS LAST, " + order
	}
	return fmt.Sprintf("SELECT *, count(*) OVER (PARTITION BY %s) AS _snapshots FROM %s%s QUALIFY row_number() OVER (PARTITION BY %s ORDER BY %s) = 1",
		key, svc.Table, where, key, order)
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

// fields lists the source fields a mapping reads: the query selects these.
func (m mapping) fields() []string {
	return append(strings.Fields(fromRowReads+" "+m.reads), m.key)
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
