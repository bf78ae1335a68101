module example.com/tickets

go 1.19
