// Package parser turns IDL source text into an *idl.File. The grammar is
// written as participle v2 tagged structs (the syntax tree below); Parse
// lowers that tree into the idl model, and participle never leaks out of
// this package except through ParseAST, which `bindgen fmt` uses to print
// the tree back with every comment.
package parser

import "github.com/alecthomas/participle/v2/lexer"

// AST is the syntax tree of one IDL file.
type AST struct {
	Pos     lexer.Position
	Doc     []string `parser:"@DocComment*"`
	Package string   `parser:"\"package\" @Ident \";\""`
	Decls   []*Decl  `parser:"@@*"`
	EndPos  lexer.Position
}

// Decl is one top-level declaration with its doc comment.
type Decl struct {
	Pos      lexer.Position
	Doc      []string      `parser:"@DocComment*"`
	Const    *ConstDecl    `parser:"( @@"`
	Enum     *EnumDecl     `parser:"| @@"`
	Struct   *StructDecl   `parser:"| @@"`
	Fn       *FnDecl       `parser:"| @@"`
	Object   *ObjectDecl   `parser:"| @@"`
	Callback *CallbackDecl `parser:"| @@"`
	Extern   *ExternDecl   `parser:"| @@ )"`
	EndPos   lexer.Position
}

// ExternDecl is `extern "header.h" library "name" prefix "p_";`: the
// package binds an existing C library. library and prefix are optional.
type ExternDecl struct {
	Pos     lexer.Position
	Header  *Str `parser:"\"extern\" @@"`
	Library *Str `parser:"( \"library\" @@ )?"`
	Prefix  *Str `parser:"( \"prefix\" @@ )? \";\""`
	EndPos  lexer.Position
}

// Str is a string token with its own position, so that diagnostics
// point at the string itself.
type Str struct {
	Pos   lexer.Position
	Value string `parser:"@String"`
}

// ConstDecl is `const NAME: type = value;`.
type ConstDecl struct {
	Pos    lexer.Position
	Name   string   `parser:"\"const\" @Ident \":\""`
	Type   *TypeRef `parser:"@@ \"=\""`
	Value  *Value   `parser:"@@ \";\""`
	EndPos lexer.Position
}

// EnumDecl is `enum NAME { ... }` or `error NAME { ... }`.
type EnumDecl struct {
	Pos     lexer.Position
	Keyword string      `parser:"@(\"enum\" | \"error\")"`
	Name    string      `parser:"@Ident \"{\""`
	Items   []*EnumItem `parser:"@@* \"}\""`
	EndPos  lexer.Position
}

// EnumItem is an enum member or a reserved clause.
type EnumItem struct {
	Pos      lexer.Position
	Doc      []string      `parser:"@DocComment*"`
	Reserved *ReservedDecl `parser:"( @@"`
	Name     string        `parser:"| @Ident \"=\""`
	Value    *Number       `parser:"  @@ \";\" )"`
	EndPos   lexer.Position
}

// StructDecl is `struct NAME { ... }` or `union NAME { ... }`; the two
// share a body of tagged fields. In an extern package `struct NAME as
// "struct point" { x: c_int; }` names the C struct of the user's header,
// whose fields have no tags.
type StructDecl struct {
	Pos     lexer.Position
	Keyword string        `parser:"@(\"struct\" | \"union\")"`
	Name    string        `parser:"@Ident"`
	CName   *Str          `parser:"( \"as\" @@ )? \"{\""`
	Items   []*StructItem `parser:"@@* \"}\""`
	EndPos  lexer.Position
}

// StructItem is a field (or union case) or a reserved clause.
type StructItem struct {
	Pos      lexer.Position
	Doc      []string      `parser:"@DocComment*"`
	Reserved *ReservedDecl `parser:"( @@"`
	Field    *FieldDecl    `parser:"| @@ )"`
	EndPos   lexer.Position
}

// FieldDecl is `name: type @tag;`, or `name @tag;` for a union case
// that carries no payload (Type nil; the checker rejects it in a struct),
// or `name: type;` in a C struct of an extern package (Tag nil; the
// checker rejects it elsewhere).
type FieldDecl struct {
	Pos    lexer.Position
	Name   string   `parser:"@Ident"`
	Type   *TypeRef `parser:"( \":\" @@ )?"`
	Tag    *Number  `parser:"( \"@\" @@ )? \";\""`
	EndPos lexer.Position
}

// ReservedDecl is `reserved 1, 4 to 6, "old";`.
type ReservedDecl struct {
	Pos    lexer.Position
	Ranges []*ReservedRange `parser:"\"reserved\" @@ ( \",\" @@ )* \";\""`
	EndPos lexer.Position
}

// ReservedRange is one number, an inclusive `lo to hi` range, or a quoted
// name.
type ReservedRange struct {
	Pos  lexer.Position
	Lo   string `parser:"( @Number"`
	Hi   string `parser:"  ( \"to\" @Number )?"`
	Name string `parser:"| @String )"`
}

// FnDecl is `fn name(params) -> result raises Error;`, at top level or as a
// method inside an object; in an extern package `as "symbol"` names the
// C function it calls, and `-> c_int ok 0` says that the result is a
// status whose value 0 means success.
type FnDecl struct {
	Pos    lexer.Position
	Name   string   `parser:"\"fn\" @Ident \"(\""`
	Params []*Param `parser:"( @@ ( \",\" @@ )* \",\"? )? \")\""`
	Result *TypeRef `parser:"( \"->\" @@"`
	Free   *Str     `parser:"  ( \"free\" @@ )?"`
	Ok     *Number  `parser:"  ( \"ok\" @@ )? )?"`
	Raises *TypeRef `parser:"( \"raises\" @@ )?"`
	Symbol *Str     `parser:"( \"as\" @@ )? \";\""`
	EndPos lexer.Position
}

// Param is `name: type`, or in an extern package `name: bytes len c_uint`
// (the C type of the length of a pointer + length pair) or `out name:
// type` (a result C writes through a pointer) or `ref name: Point` (a C
// struct that C reads through a const pointer).
type Param struct {
	Pos  lexer.Position
	Out  bool     `parser:"( @\"out\" (?= Ident)"`
	Keep bool     `parser:"| @\"keep\" (?= Ident) )?"`
	Ref  bool     `parser:"( @\"ref\" (?= Ident) )?"`
	Name string   `parser:"@Ident \":\""`
	Type *TypeRef `parser:"@@"`
	Len  *TypeRef `parser:"( \"len\" @@ )?"`
}

// ObjectDecl is `object NAME { constructors and methods }`.
type ObjectDecl struct {
	Pos    lexer.Position
	Name   string        `parser:"\"object\" @Ident \"{\""`
	Items  []*ObjectItem `parser:"@@* \"}\""`
	EndPos lexer.Position
}

// ObjectItem is a constructor or a method with its doc comment.
type ObjectItem struct {
	Pos    lexer.Position
	Doc    []string  `parser:"@DocComment*"`
	Ctor   *CtorDecl `parser:"( @@"`
	Method *FnDecl   `parser:"| @@ )"`
	EndPos lexer.Position
}

// CallbackDecl is `callback NAME { methods }`: an interface the caller
// implements and the library calls.
type CallbackDecl struct {
	Pos    lexer.Position
	Name   string          `parser:"\"callback\" @Ident \"{\""`
	Items  []*CallbackItem `parser:"@@* \"}\""`
	EndPos lexer.Position
}

// CallbackItem is a callback method with its doc comment.
type CallbackItem struct {
	Pos    lexer.Position
	Doc    []string `parser:"@DocComment*"`
	Method *FnDecl  `parser:"@@"`
	EndPos lexer.Position
}

// CtorDecl is `new(params) raises E;` or `new name(params) raises E;`.
type CtorDecl struct {
	Pos    lexer.Position
	Name   string   `parser:"\"new\" @Ident? \"(\""`
	Params []*Param `parser:"( @@ ( \",\" @@ )* \",\"? )? \")\""`
	Raises *TypeRef `parser:"( \"raises\" @@ )? \";\""`
	EndPos lexer.Position
}

// TypeRef is a use of a type.
type TypeRef struct {
	Pos      lexer.Position
	List     *TypeRef `parser:"  \"list\" \"<\" @@ \">\""`
	Map      *MapType `parser:"| \"map\" \"<\" @@ \">\""`
	Optional *TypeRef `parser:"| \"optional\" \"<\" @@ \">\""`
	Name     string   `parser:"| @Ident"`
}

// MapType is the `K, V` inside map<...>.
type MapType struct {
	Key   *TypeRef `parser:"@@ \",\""`
	Value *TypeRef `parser:"@@"`
}

// Number is an integer token with its own position, for tags and enum
// values, so that diagnostics point at the number itself.
type Number struct {
	Pos   lexer.Position
	Value string `parser:"@Number"`
}

// Value is a literal.
type Value struct {
	Pos    lexer.Position
	Number *string `parser:"  @Number"`
	String *string `parser:"| @String"`
	Bool   *string `parser:"| @(\"true\" | \"false\")"`
}
