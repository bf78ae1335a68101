module interleave.example/kernels/racymap

go 1.19
