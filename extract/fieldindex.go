package extract

import "encoding/binary"

// fieldIndex finds a field's position by name with one hash and one string
// comparison: a table in which every field of the service has a slot of its
// own, its size and seed chosen when the service is built (a perfect hash
// of the names). A name that is not a field lands on another field's slot
// or an empty one, and the comparison tells. The mapping reads fields by
// name on every row, and the JSON parser looks up every member: through a
// Go map that was 5 % of a 1M-row run's CPU (docs/performance.md).
type fieldIndex struct {
	slots []int32 // field position + 1; 0 for an empty slot
	names []string
	seed  uint64
	shift uint8
	// byMap is the map used instead where no seed gives every name a slot
	// of its own (names alike in length and in their first and last eight
	// bytes); nil otherwise.
	byMap map[string]int
}

// newFieldIndex builds the index of names, which are distinct.
func newFieldIndex(names []string) fieldIndex {
	bits := uint8(2)
	for 1<<bits < 4*len(names) {
		bits++
	}
	for ; bits <= 12; bits++ {
		ix := fieldIndex{slots: make([]int32, 1<<bits), names: names, shift: 64 - bits}
		for ix.seed = 1; ix.seed <= 64; ix.seed++ {
			if ix.fill() {
				return ix
			}
			clear(ix.slots)
		}
	}
	ix := fieldIndex{byMap: make(map[string]int, len(names))}
	for i, n := range names {
		ix.byMap[n] = i
	}
	return ix
}

// fill puts every name in its slot and reports whether none shared one.
func (ix *fieldIndex) fill() bool {
	for i, n := range ix.names {
		s := nameHash(n, ix.seed) >> ix.shift
		if ix.slots[s] != 0 {
			return false
		}
		ix.slots[s] = int32(i + 1)
	}
	return true
}

// find returns the position of the field named k, or -1.
func (ix *fieldIndex) find(k string) int {
	if ix.byMap != nil {
		if i, ok := ix.byMap[k]; ok {
			return i
		}
		return -1
	}
	if p := ix.slots[nameHash(k, ix.seed)>>ix.shift]; p != 0 && ix.names[p-1] == k {
		return int(p - 1)
	}
	return -1
}

// nameHash mixes a name's length with its first and last eight bytes (its
// bytes, where it is shorter).
func nameHash(k string, seed uint64) uint64 {
	n := len(k)
	h := (seed ^ uint64(n)) * 0x9e3779b97f4a7c15
	if n >= 8 {
		h = (h ^ binary.LittleEndian.Uint64([]byte(k[:8]))) * 0xbf58476d1ce4e5b9
		h = (h ^ binary.LittleEndian.Uint64([]byte(k[n-8:]))) * 0x94d049bb133111eb
	} else {
		var v uint64
		for i := range n {
			v = v<<8 | uint64(k[i])
		}
		h = (h ^ v) * 0xbf58476d1ce4e5b9
	}
	return h ^ h>>31
}
