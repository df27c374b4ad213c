package gen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const hdr = "// " + Marker + "\n"

func TestWriteCreatesDirsAndIsAtomic(t *testing.T) {
	dir := t.TempDir()
	files := Join(dir, []File{{"a/b/x.go", []byte(hdr + "x")}, {"y.py", []byte("# " + Marker + "\ny")}})
	if err := Write(files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(f.Path)
		if err != nil || string(got) != string(f.Content) {
			t.Errorf("%s: %q, %v", f.Path, got, err)
		}
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "a", "b"))
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
	// Overwriting a generated file works.
	files[0].Content = []byte(hdr + "changed")
	if err := Write(files); err != nil {
		t.Fatal(err)
	}
}

func TestWriteRefusesHandWrittenFilesAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	hand := filepath.Join(dir, "calc.go")
	os.WriteFile(hand, []byte("package calc // mine\n"), 0o644)
	files := Join(dir, []File{{"a.go", []byte(hdr)}, {"calc.go", []byte(hdr)}})
	err := Write(files)
	var ng *NotGeneratedError
	if !errors.As(err, &ng) || ng.Path != hand || !strings.Contains(err.Error(), "refusing to overwrite "+hand) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.go")); err == nil {
		t.Error("a.go was written although another destination was refused")
	}
	if b, _ := os.ReadFile(hand); string(b) != "package calc // mine\n" {
		t.Error("hand-written file changed")
	}
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	files := Join(dir, []File{{"same", []byte(hdr + "1")}, {"stale", []byte(hdr + "2")}, {"missing", []byte(hdr + "3")}})
	os.WriteFile(files[0].Path, files[0].Content, 0o644)
	os.WriteFile(files[1].Path, []byte(hdr+"old"), 0o644)
	stale, err := Compare(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) != 2 || stale[0].Path != files[1].Path || stale[1].Path != files[2].Path || !stale[1].Missing {
		t.Fatalf("stale = %+v", stale)
	}
}

func TestMerge(t *testing.T) {
	got, err := Merge([]File{{"b", []byte("1")}, {"a", []byte("2")}}, []File{{"b", []byte("1")}})
	if err != nil || len(got) != 2 || got[0].Path != "a" {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := Merge([]File{{"b", []byte("1")}}, []File{{"b", []byte("2")}}); err == nil {
		t.Fatal("conflicting contents merged")
	}
}

func TestIsGenerated(t *testing.T) {
	for s, want := range map[string]bool{
		"/* " + Marker + " */\n":       true,
		"# " + Marker + "\n":           true,
		"//go:build x\n\n" + hdr:       true,
		"package x\n":                  false,
		strings.Repeat("\n", 20) + hdr: false,
	} {
		if IsGenerated([]byte(s)) != want {
			t.Errorf("IsGenerated(%q) != %v", s, want)
		}
	}
}
