module tarview

go 1.26
