module zverify.test/yamlscalar

go 1.22
