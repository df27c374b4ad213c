module github.com/bindgen-dev/bindgen/grpctest

go 1.26.8

// The generator, for the test that the checked-in files are current.
replace github.com/bindgen-dev/bindgen => ../

require (
	github.com/google/go-cmp v0.7.0
	google.golang.org/grpc v1.85.0
)

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/cobra v1.10.2 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1 // indirect
	google.golang.org/protobuf v1.36.12
)

require github.com/bindgen-dev/bindgen v0.0.0 // indirect

tool github.com/bindgen-dev/bindgen/cmd/bindgen
