module interleave/examples/go

go 1.19
