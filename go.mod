module github.com/vpcsim/vpcsim

go 1.26
