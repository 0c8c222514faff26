package export

import (
	"encoding/json"
	"testing"
)

// TestPackageDescriptor: the schema lists the fields in order; a primary key, a sheet's name and
// a source's address appear only when there is one; a missing value is the empty string.
func TestPackageDescriptor(t *testing.T) {
	p := Package{Name: "parindex-x", Title: "T", Description: "D", Version: "release-1",
		Sources: []PackageSource{{Title: "QĐ 1 [OFFICIAL]", Path: "https://e.vn/1"}, {Title: "gen [ILLUSTRATIVE]"}},
		Resource: Resource{Path: "x.xlsx", Format: "xlsx", MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Sheet: "Data",
			Fields: []Field{{"unit_id", TypeString, "ID"}, {"year", TypeInteger, "Year"}}}}
	got, err := json.Marshal(p.Descriptor())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"description":"D","name":"parindex-x","profile":"tabular-data-package","resources":[{"dialect":{"sheetName":"Data"},"encoding":"utf-8","format":"xlsx","mediatype":"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet","name":"parindex-x","path":"x.xlsx","profile":"tabular-data-resource","schema":{"fields":[{"description":"ID","name":"unit_id","type":"string"},{"description":"Year","name":"year","type":"integer"}],"missingValues":[""]}}],"sources":[{"path":"https://e.vn/1","title":"QĐ 1 [OFFICIAL]"},{"title":"gen [ILLUSTRATIVE]"}],"title":"T","version":"release-1"}`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	p.Resource.PrimaryKey = []string{"unit_id", "year"}
	if pk := p.Descriptor()["resources"].([]any)[0].(map[string]any)["schema"].(map[string]any)["primaryKey"]; pk == nil {
		t.Error("no primaryKey")
	}
}
