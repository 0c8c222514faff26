package analytics

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestEcho(t *testing.T) {
	long := strings.Repeat("ệ", maxEcho) // 200 characters, 600 bytes
	tests := []struct {
		name, in, want string
	}{
		{"short", "68,8x", `"68,8x"`},
		{"quotes and control characters as %q writes them", "a\"b\n", `"a\"b\n"`},
		{"exactly the limit", long, `"` + long + `"`},
		{"one character more, cut on a character boundary", long + "x", `"` + long + `…" (201 characters)`},
		{"ten megabytes", strings.Repeat("9", 10<<20), `"` + strings.Repeat("9", maxEcho) + `…" (10485760 characters)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := echo(tt.in); got != tt.want {
				t.Errorf("echo = %.300q (%d bytes), want %.300q", got, len(got), tt.want)
			}
		})
	}
}

// TestReportDoesNotRepeatHugeCells imports files whose cells hold megabytes: the report names
// each cell by its first 200 characters and its length, in a few hundred bytes.
func TestReportDoesNotRepeatHugeCells(t *testing.T) {
	s := openDefault(t)
	huge := strings.Repeat("Xã", 4<<20) // 8,388,608 characters, 12 MB
	tests := []struct {
		name, file, code string
	}{
		{"points", "unit_code,criterion_code,points\n31531,1.1,\"" + huge + "\"\n", "NOT_A_NUMBER"},
		{"unit code", "unit_code,criterion_code,points\n" + huge + ",1.1,1\n", "UNKNOWN_UNIT"},
		{"unit name", "STT;Tên đơn vị;Xếp loại\n1;" + huge + ";Tốt\n", "UNKNOWN_UNIT"},
		{"group", "STT;Tên đơn vị;Xếp loại\n1;Xã An Mỹ;" + huge + "\n", "UNKNOWN_GROUP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := s.Import(context.Background(), illustrativeRequest(), []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(rep)
			var found *ImportProblem
			for i, p := range rep.Problems {
				if p.Code == tt.code {
					found = &rep.Problems[i]
				}
			}
			if found == nil || !strings.Contains(found.Message, `…" (8388608 characters)`) || len(body) > 20<<10 {
				t.Errorf("report of %d bytes; problems %.2000s", len(body), body)
			}
		})
	}
}
