module interleave.example/kernels/doublelock

go 1.19
