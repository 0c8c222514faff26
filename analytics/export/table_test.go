package export

import (
	"bytes"
	"testing"
)

// TestTables writes the same rows as CSV and JSON: a missing value is empty or null, never 0;
// text with a comma is quoted; numbers are the shortest decimal that reads back.
func TestTables(t *testing.T) {
	cols := []Column{{"unit_name", TypeString}, {"rank", TypeInteger}, {"percent", TypeNumber}}
	rows := [][]Cell{
		{Text("Xã An Mỹ, Tuy An"), Int(3), Number(68.87)},
		{Text("Phường 7"), {}, Number(0.1)},
		{Text(""), Int(0), {}},
	}
	tests := []struct {
		name  string
		table func(*bytes.Buffer) Table
		want  string
	}{
		{"CSV", func(b *bytes.Buffer) Table { return CSV(b, false) },
			"unit_name,rank,percent\r\n\"Xã An Mỹ, Tuy An\",3,68.87\r\nPhường 7,,0.1\r\n,0,\r\n"},
		{"CSV with a byte order mark", func(b *bytes.Buffer) Table { return CSV(b, true) },
			"\uFEFFunit_name,rank,percent\r\n\"Xã An Mỹ, Tuy An\",3,68.87\r\nPhường 7,,0.1\r\n,0,\r\n"},
		{"JSON", func(b *bytes.Buffer) Table { return JSON(b) },
			"[\n{\"unit_name\":\"Xã An Mỹ, Tuy An\",\"rank\":3,\"percent\":68.87},\n{\"unit_name\":\"Phường 7\",\"rank\":null,\"percent\":0.1},\n{\"unit_name\":null,\"rank\":0,\"percent\":null}\n]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tab := tt.table(&b)
			if err := tab.Begin(cols); err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if err := tab.Row(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := tab.End(); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
