module interleave.example/kernels/wgaddinside

go 1.19
