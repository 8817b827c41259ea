module zverify.test/zarftables

go 1.22
