module interleave.example/kernels/closeclosed

go 1.19
