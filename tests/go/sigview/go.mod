module sigview

go 1.26
