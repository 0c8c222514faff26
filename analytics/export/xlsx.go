package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Workbook is an XLSX workbook whose first sheet, Data, is written as a Table (streamed: excelize
// keeps a large sheet in a temporary file of its own) and whose other sheets are small tables of
// values added whole. Close removes what the workbook keeps in temporary files.
type Workbook struct {
	f *excelize.File
}

// Sheet is a sheet of a workbook besides Data: rows of values (strings and numbers), and a
// column widened to Width characters (for a column of long text), or none when Column is "".
type Sheet struct {
	Name   string
	Rows   [][]any
	Column string
	Width  float64
}

// NewWorkbook returns a workbook with its Data sheet.
func NewWorkbook() (*Workbook, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		f.Close()
		return nil, err
	}
	return &Workbook{f: f}, nil
}

// Data is the Data sheet, to be written once as a table: numbers as numbers, text as text (codes
// keep their leading zeros), the header row frozen.
func (wb *Workbook) Data() Table { return &xlsxSink{f: wb.f} }

// Add adds sheets after Data, in order.
func (wb *Workbook) Add(sheets ...Sheet) error {
	for _, sh := range sheets {
		if _, err := wb.f.NewSheet(sh.Name); err != nil {
			return err
		}
		for i, r := range sh.Rows {
			if err := wb.f.SetSheetRow(sh.Name, fmt.Sprintf("A%d", i+1), &r); err != nil {
				return err
			}
		}
		if sh.Column != "" {
			wb.f.SetColWidth(sh.Name, sh.Column, sh.Column, sh.Width)
		}
	}
	return nil
}

// WriteTo writes the workbook to w with its document properties' title and description.
func (wb *Workbook) WriteTo(w io.Writer, title, description string) error {
	if err := wb.f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "parindex", Description: description}); err != nil {
		return err
	}
	_, err := wb.f.WriteTo(w)
	return err
}

// Close removes the workbook's temporary files.
func (wb *Workbook) Close() error { return wb.f.Close() }

// xlsxSink writes the Data sheet through excelize's stream writer: numbers as numbers, text as
// text (codes keep their leading zeros), the header row frozen.
type xlsxSink struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	n    int
	vals []any
}

func (x *xlsxSink) Begin(cols []Column) error {
	var err error
	if x.sw, err = x.f.NewStreamWriter("Data"); err != nil {
		return err
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	x.vals = make([]any, len(cols))
	x.n = 1
	return x.sw.SetRow("A1", header)
}

func (x *xlsxSink) Row(cells []Cell) error {
	x.n++
	for i, c := range cells {
		x.vals[i] = c.value()
	}
	name, err := excelize.CoordinatesToCellName(1, x.n)
	if err != nil {
		return err
	}
	return x.sw.SetRow(name, x.vals)
}

func (x *xlsxSink) End() error { return x.sw.Flush() }
