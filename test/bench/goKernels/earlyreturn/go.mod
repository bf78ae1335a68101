module interleave.example/kernels/earlyreturn

go 1.19
