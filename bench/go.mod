module github.com/bindgen-dev/bindgen/bench

go 1.26.8

require (
	github.com/gogo/protobuf v1.3.2
	github.com/mus-format/mus-go v0.7.2
	github.com/vmihailenco/msgpack/v5 v5.4.1
	google.golang.org/protobuf v1.36.12
)

require (
	github.com/mus-format/common-go v0.0.0-20251026152644-9f5ac6728d8a // indirect
	github.com/vmihailenco/tagparser/v2 v2.0.0 // indirect
	golang.org/x/exp v0.0.0-20230425010034-47ecfdc1ba53 // indirect
)
