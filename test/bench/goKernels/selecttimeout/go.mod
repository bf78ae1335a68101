module interleave.example/kernels/selecttimeout

go 1.19
