module zverify.test/strconv

go 1.22
