package analytics

import (
	"runtime/debug"
	"sync"
)

// Memory while an export streams. parindex runs with a GC target of 400 % (main.go), so that
// GraphQL answers rarely wait for the collector; with the read model live (about 130 MB at
// national scale) that target lets the heap reach 650 MB before a collection. An export
// allocates tens of bytes per row, so the long CSV of everything took the heap there within
// seconds: 835 MB of RSS at its peak, of which DuckDB held under 200 MB. While exports stream,
// the target is lowered to exportGCPercent, and a large export first hands the heap's free
// memory back to the operating system (what the warm-up and earlier requests left).
const (
	exportGCPercent = 50
	// largeExportRows is the size from which an export starts with a collection and returns
	// free memory: tens of milliseconds, against seconds of export.
	largeExportRows = 1_000_000
)

// exportMemory counts the exports streaming and keeps the GC target they replaced.
var exportMemory struct {
	sync.Mutex
	running int
	saved   int
}

// boundMemory lowers the GC target to exportGCPercent until the returned function is called
// by the last export streaming, unless the target was lower already (or the collector off, as
// GOGC=off asks). The target is the process's: GraphQL requests served meanwhile have their
// garbage collected sooner, nothing more. A large export (rows) also starts by returning the
// heap's free memory.
func boundMemory(rows int) (release func()) {
	m := &exportMemory
	m.Lock()
	if m.running == 0 {
		m.saved = debug.SetGCPercent(exportGCPercent)
		if m.saved < 0 || m.saved < exportGCPercent {
			debug.SetGCPercent(m.saved)
		}
	}
	m.running++
	m.Unlock()
	if rows >= largeExportRows {
		debug.FreeOSMemory()
	}
	return func() {
		m.Lock()
		defer m.Unlock()
		if m.running--; m.running == 0 {
			debug.SetGCPercent(m.saved)
		}
	}
}
