module interleave.example/kernels/ctxwatch

go 1.19
