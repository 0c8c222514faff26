package analytics

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestUnitsSearchByYear finds a commune by its name without diacritics among the units of a
// year: Xã Tự Do of huyện Quảng Hòa in 2021, of huyện Quảng Uyên (the same code 049, another
// version) in 2018, and Xã Tự Do of huyện Lạc Sơn in both, each version once.
func TestUnitsSearchByYear(t *testing.T) {
	s := openDefault(t)
	for _, tt := range []struct {
		year int
		want []string // ID, parent code and parent name of each unit found
	}{
		{2021, []string{"01609@2025-03-01 049 Huyện Quảng Hòa", "05338@2025-03-01 157 Huyện Lạc Sơn"}},
		{2018, []string{"01609@2020-02-01 049 Huyện Quảng Uyên", "05338@2025-03-01 157 Huyện Lạc Sơn"}},
	} {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			units, err := s.Units(context.Background(), UnitsQuery{Search: ptr("tu do"), Year: &tt.year})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range units {
				if u.Name == "Xã Tự Do" {
					got = append(got, fmt.Sprintf("%s %s %s", u.ID, deref(u.Parent), deref(u.ParentName)))
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Xã Tự Do in %d: %q; want %q", tt.year, got, tt.want)
			}
		})
	}
}
