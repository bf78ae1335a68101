module interleave.example/kernels/abba

go 1.19
