module zverify.test/jsonview

go 1.22
